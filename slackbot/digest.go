package slackbot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/report"
	"github.com/signpost-ahp/signpost/store"
)

// DigestSource is where the digest's figures come from; *store.Store is one.
type DigestSource = report.Source

// PostDigest posts the week's figures to the champions' channel: questions
// asked, share answered, top gaps, 👍/👎 and entries past their review age.
func (b *Bot) PostDigest(ctx context.Context, src DigestSource, now time.Time) error {
	if b.opt.Champions.Channel == "" {
		return fmt.Errorf("no champions channel to post the digest to")
	}
	kb := b.answerer.Load().Index().Knowledge()
	f, err := report.Compute(src, kb, now.AddDate(0, 0, -7), now, b.opt.Render.StaleAfter)
	if err != nil {
		return err
	}
	return b.posting.post(ctx, b.opt.Champions.Channel, "", DigestMessage(f, func(g store.Gap) slack.Block { return b.gapActions(ctx, g) }),
		"digest:"+now.Format(time.DateOnly))
}

// DigestMessage is the weekly digest as a Slack message. actions, when not
// nil, gives the buttons under each gap listed (answer, same as…,
// dismiss), so a champion can deal with it from the digest.
func DigestMessage(f report.Figures, actions func(store.Gap) slack.Block) Message {
	var b strings.Builder
	fmt.Fprintf(&b, "*Signpost this week* (%s to %s)\n", f.Since.Format("2 Jan"), f.Until.Format("2 Jan"))
	fmt.Fprintf(&b, "• %d questions, %.0f%% answered\n", f.Questions, 100*f.AnsweredShare())
	fmt.Fprintf(&b, "• Feedback: %d :thumbsup:  %d :thumbsdown:\n", f.Helpful, f.NotHelpful)
	fmt.Fprintf(&b, "• %d open gaps; %d entries due a review\n", len(f.Gaps), len(f.Stale))
	blocks := sections(b.String())
	if len(f.Gaps) > 0 && actions != nil {
		blocks = append(blocks, sections("*Most asked without a good answer*")...)
		for _, gap := range f.Gaps[:min(5, len(f.Gaps))] {
			blocks = append(blocks, sections(fmt.Sprintf("• %s (%d)", escape(truncate(gap.Question, lineLen)), gap.Count))...)
			blocks = append(blocks, actions(gap))
		}
		if len(f.Gaps) > 5 {
			blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more: `/signpost gaps` lists them.", len(f.Gaps)-5)))
		}
	} else if len(f.Gaps) > 0 {
		var g strings.Builder
		g.WriteString("*Most asked without a good answer*\n")
		for _, gap := range f.Gaps[:min(5, len(f.Gaps))] {
			fmt.Fprintf(&g, "• %s (%d)\n", escape(truncate(gap.Question, lineLen)), gap.Count)
		}
		g.WriteString("Answer them with `/signpost gaps`.")
		blocks = append(blocks, sections(g.String())...)
	}
	if len(f.Linked) > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("Gaps linked to answers that already existed: %d. Linked wordings asked again and answered: %d.", len(f.Linked), f.LinkedAskedAgain)))
	}
	if len(f.Stale) > 0 {
		var s strings.Builder
		s.WriteString("*Due a review*\n")
		for _, e := range f.Stale[:min(10, len(f.Stale))] {
			owner := ""
			if strings.HasPrefix(e.Owner, "U") || strings.HasPrefix(e.Owner, "W") {
				owner = " — <@" + e.Owner + ">"
			} else if e.Owner != "" {
				owner = " — " + escape(e.Owner)
			}
			reviewed := e.Reviewed
			if reviewed == "" {
				reviewed = "never reviewed"
			}
			fmt.Fprintf(&s, "• %s (`%s`, %s)%s\n", escape(truncate(e.Title, titleLen)), e.ID, reviewed, owner)
		}
		if len(f.Stale) > 10 {
			fmt.Fprintf(&s, "…and %d more: `signpost report` lists them all.", len(f.Stale)-10)
		}
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, sections(s.String())...)
	}
	return Message{Text: fmt.Sprintf("Signpost this week: %d questions, %.0f%% answered", f.Questions, 100*f.AnsweredShare()), Blocks: blocks}
}

// NextDigest is when the digest next goes out: the given weekday and
// HH:MM in loc, after now.
func NextDigest(now time.Time, day time.Weekday, clock string, loc *time.Location) time.Time {
	var h, m int
	fmt.Sscanf(clock, "%d:%d", &h, &m)
	local := now.In(loc)
	next := time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, loc)
	for next.Weekday() != day || !next.After(now) {
		next = time.Date(next.Year(), next.Month(), next.Day()+1, h, m, 0, 0, loc)
	}
	return next
}

// RunDigest posts the digest every week at the given day and time until
// ctx ends. Each digest goes out once: a clock stepped back after one is
// posted (by NTP, or by hand) waits for the next week's.
func (b *Bot) RunDigest(ctx context.Context, src DigestSource, day time.Weekday, clock string, loc *time.Location) {
	var last time.Time // the slot last posted
	for {
		now := b.clock.now()
		if now.Before(last) {
			now = last
		}
		next := NextDigest(now, day, clock, loc)
		b.log.Info("next digest", "at", next)
		select {
		case <-ctx.Done():
			return
		case <-b.clock.after(next.Sub(b.clock.now())):
		}
		if err := b.PostDigest(ctx, src, b.clock.now()); err != nil {
			b.log.Error("could not post the digest", "err", err)
		}
		last = next
	}
}

// clock is the time as the bot's schedules read it; tests step it.
type clock struct {
	now   func() time.Time
	after func(time.Duration) <-chan time.Time
}

var realClock = clock{now: time.Now, after: time.After}
