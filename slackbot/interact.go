package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/store"
)

// HandleInteraction takes a button click, a shortcut or a form. Most are
// handled in the background once acknowledged; a form submission is
// checked at once, and the returned response (nil for none) must be sent
// back to Slack with the acknowledgement, so that problems show on the form.
func (b *Bot) HandleInteraction(cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	switch {
	case cb.Type == slack.InteractionTypeViewSubmission && cb.View.CallbackID == CallbackAdd:
		return b.submit(cb)
	case cb.Type == slack.InteractionTypeMessageAction && cb.CallbackID == CallbackShortcut:
		b.shortcut(cb)
		return nil
	case cb.Type != slack.InteractionTypeBlockActions:
		return nil
	}
	for _, act := range cb.ActionCallback.BlockActions {
		act := act
		switch act.ActionID {
		case ActionHelpful, ActionNotHelpful:
			b.spawn("feedback", func(ctx context.Context) { b.feedback(ctx, cb, act.Value, act.ActionID == ActionHelpful) })
		case ActionShare:
			b.spawn("share", func(ctx context.Context) { b.share(ctx, cb, act.Value) })
		case ActionShowEntry:
			b.spawn("show", func(ctx context.Context) { b.show(ctx, cb, act.Value) })
		case ActionMore:
			b.spawn("more", func(ctx context.Context) { b.more(ctx, cb, act.Value) })
		case ActionAnswerGap, ActionDismissGap:
			b.gapAction(cb, act.ActionID, act.Value)
		}
	}
	return nil
}

// feedback records a 👍/👎 and thanks the person, privately. A 👎 also
// puts the question on the champions' list of gaps.
func (b *Bot) feedback(ctx context.Context, cb slack.InteractionCallback, value string, helpful bool) {
	var v feedbackValue
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		b.log.Warn("feedback button with an unreadable value", "err", err)
		return
	}
	b.metrics.feedback(helpful)
	// Button values come back from Slack: redact again rather than trust them.
	question, _ := bot.Redact(v.Question)
	if rec := b.opt.Store; rec != nil {
		if err := rec.RecordFeedback(store.Feedback{At: time.Now(), User: cb.User.ID, EntryID: v.Entry, Helpful: helpful, Question: question}); err != nil {
			b.log.Error("could not record feedback", "err", err)
		}
		if !helpful && question != "" {
			key := "👎 " + v.Entry + " " + strings.ToLower(question)
			if err := rec.RecordGap(key, question, "", "", true, time.Now()); err != nil {
				b.log.Error("could not record unhelpful answer", "err", err)
			}
		}
	}
	b.log.Info("feedback", "entry", v.Entry, "helpful", helpful)
	thanks := "Thanks for the feedback."
	if !helpful {
		thanks = "Thanks: I've passed this to the champions so they can improve the answer."
	}
	b.respond(ctx, cb.ResponseURL, Message{Text: thanks, Blocks: []slack.Block{contextBlock(":white_check_mark: " + thanks)}}, false)
}

// share posts a privately given answer in the channel for everyone, and
// removes the private copy.
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, question string) {
	r, ok := b.answer(ctx, "share", question, cb.User.ID)
	if !ok {
		return
	}
	msgs := b.opt.Render.Reply(r, RenderOptions{Question: r.Question})
	msgs[0].Blocks = append([]slack.Block{contextBlock("Shared by <@" + cb.User.ID + ">")}, msgs[0].Blocks...)
	if len(msgs[0].Blocks) > maxBlocks {
		msgs = split(append(msgs[0].Blocks, flatten(msgs[1:])...), msgs[0].Text)
	}
	for i, m := range msgs {
		key := fmt.Sprintf("share:%s:%s#%d", cb.User.ID, cb.TriggerID, i)
		if err := b.posting.post(ctx, cb.Channel.ID, cb.Container.ThreadTs, m, key); err != nil {
			b.log.Error("could not share answer", "err", err)
			return
		}
	}
	b.deleteOriginal(ctx, cb.ResponseURL)
}

func flatten(ms []Message) []slack.Block {
	var out []slack.Block
	for _, m := range ms {
		out = append(out, m.Blocks...)
	}
	return out
}

func (b *Bot) deleteOriginal(ctx context.Context, url string) {
	if url == "" {
		return
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, url, b.opt.HTTP, &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		b.metrics.apiError("response_url")
		b.log.Warn("could not remove the private answer after sharing", "err", err)
	}
}

// show answers with one entry picked from "did you mean" or "see also",
// where the button was: privately for a private message, else in the same
// thread or DM.
func (b *Bot) show(ctx context.Context, cb slack.InteractionCallback, id string) {
	r, ok := b.answerer.Load().Show(id)
	if !ok {
		b.respond(ctx, cb.ResponseURL, Message{Text: "That entry is no longer in Signpost's knowledge."}, false)
		return
	}
	b.metrics.question("button", r, 0)
	b.deliver(ctx, cb, r, "show:"+cb.TriggerID)
}

// more shows the next services of a list, where the list was.
func (b *Bot) more(ctx context.Context, cb slack.InteractionCallback, value string) {
	var v moreValue
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		b.log.Warn("more button with an unreadable value", "err", err)
		return
	}
	r, err := b.answerer.Load().MoreServices(ctx, v.Question, v.From)
	if err != nil {
		b.log.Error("could not list more services", "err", err)
		return
	}
	b.deliver(ctx, cb, r, fmt.Sprintf("more:%s:%d", cb.TriggerID, v.From))
}

// deliver posts a reply where a clicked message was: privately for a
// private message, else in the same thread or DM.
func (b *Bot) deliver(ctx context.Context, cb slack.InteractionCallback, r *bot.Reply, key string) {
	if cb.Container.IsEphemeral {
		for _, m := range b.opt.Render.Reply(r, RenderOptions{Ephemeral: true, Question: r.Question}) {
			b.respond(ctx, cb.ResponseURL, m, false)
		}
		return
	}
	thread := cb.Container.ThreadTs
	if thread == "" && cb.Channel.ID != "" && !strings.HasPrefix(cb.Channel.ID, "D") {
		thread = cb.Container.MessageTs
	}
	for i, m := range b.opt.Render.Reply(r, RenderOptions{Question: r.Question}) {
		if err := b.posting.post(ctx, cb.Channel.ID, thread, m, fmt.Sprintf("%s#%d", key, i)); err != nil {
			b.log.Error("could not post", "err", err)
			return
		}
	}
}
