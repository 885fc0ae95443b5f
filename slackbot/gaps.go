package slackbot

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// listGaps shows a champion the most asked questions Signpost could not
// answer, with buttons to answer or dismiss each.
func (b *Bot) listGaps(ctx context.Context, responseURL string) {
	if b.opt.Store == nil {
		b.tell(ctx, responseURL, "This Signpost keeps no record of questions, so it has no gaps to show (it was started without a data directory).")
		return
	}
	gaps, err := b.opt.Store.Gaps(false)
	if err != nil {
		b.log.Error("could not read gaps", "err", err)
		return
	}
	if len(gaps) == 0 {
		b.tell(ctx, responseURL, "No open gaps: every question has had an answer. :tada:")
		return
	}
	blocks := []slack.Block{sections(fmt.Sprintf("*Top questions without a good answer* (%d open):", len(gaps)))[0]}
	for _, g := range gaps[:min(len(gaps), 10)] {
		what := fmt.Sprintf("asked %d times, last %s", g.Count, g.Last.Format("2 Jan"))
		if g.Count == 1 {
			what = "asked once, " + g.Last.Format("2 Jan")
		}
		if g.Unhelped > 0 {
			what += fmt.Sprintf("; %d marked not helpful", g.Unhelped)
		}
		blocks = append(blocks, slack.NewDividerBlock(),
			sections("*" + escape(truncate(g.Question, headingLen)) + "*\n" + what)[0],
			b.gapActions(ctx, g))
	}
	b.respondAll(ctx, private{url: responseURL}, []Message{{Text: fmt.Sprintf("%d open gaps", len(gaps)), Blocks: blocks}})
}

func (b *Bot) gapAction(cb slack.InteractionCallback, actionID, key string) {
	b.spawn("gap", func(ctx context.Context) {
		if !b.isChampion(ctx, cb.User.ID) {
			b.refuse(ctx, cb.ResponseURL)
			return
		}
		if b.opt.Store == nil {
			return // gaps are only listed when there is a store
		}
		if actionID == ActionDismissGap {
			if err := b.opt.Store.CloseGap(key, "dismissed", cb.User.ID); err != nil {
				b.log.Error("could not dismiss a gap", "err", err)
				return
			}
			msg := "Dismissed. It comes back if people ask again."
			if err := b.audit(store.Change{At: time.Now(), User: cb.User.ID, Action: "dismiss-gap"}); err != nil {
				msg += " But " + escape(shownError(err)) + "."
			}
			b.respondAll(ctx, private{url: cb.ResponseURL}, []Message{{Text: "Dismissed.", Blocks: []slack.Block{contextBlock(msg)}}})
			return
		}
		question := key
		if gaps, err := b.opt.Store.Gaps(true); err == nil {
			for _, g := range gaps {
				if g.Key == key {
					question = g.Question
				}
			}
		}
		b.openModal(ctx, cb.TriggerID, cb.ResponseURL, knowledge.FAQ{Question: question}, modalState{Gap: key})
	})
}

// maxNear is how many likely entries a gap keeps and offers.
const maxNear = 3

// nearIDs are the entries an unanswered question came nearest to: what a
// champion is likely to link its wording to.
func nearIDs(r *answer.Reply) []string {
	var out []string
	for _, res := range r.Results {
		if len(out) == maxNear {
			break
		}
		out = append(out, res.ID)
	}
	return out
}
