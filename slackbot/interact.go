package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/gaps"
	"github.com/signpost-ahp/signpost/privacy"
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
	case cb.Type == slack.InteractionTypeViewSubmission && cb.View.CallbackID == CallbackLink:
		return b.submitLink(cb)
	case cb.Type == slack.InteractionTypeMessageAction && cb.CallbackID == CallbackShortcut:
		b.shortcut(cb)
		return nil
	case cb.Type != slack.InteractionTypeBlockActions:
		return nil
	}
	for _, act := range cb.ActionCallback.BlockActions {
		act := act
		// Buttons that share a purpose carry ids such as
		// "signpost_show_entry:2"; messages posted before that carry the
		// bare id, and still work.
		switch actionBase(act.ActionID) {
		case ActionHelpful, ActionNotHelpful:
			b.spawn("feedback", func(ctx context.Context) { b.feedback(ctx, cb, act.Value, act.ActionID == ActionHelpful) })
		case ActionShare:
			b.spawn("share", func(ctx context.Context) { b.share(ctx, cb, act.Value) })
		case ActionShowEntry:
			b.spawn("show", func(ctx context.Context) { b.show(ctx, cb, act.Value) })
		case ActionMore:
			b.spawn("more", func(ctx context.Context) { b.more(ctx, cb, act.Value) })
		case ActionEdit:
			b.spawn("edit", func(ctx context.Context) { b.edit(ctx, cb, act.Value) })
		case ActionAnswerGap, ActionDismissGap:
			b.gapAction(cb, actionBase(act.ActionID), act.Value)
		case ActionLinkGap:
			var v linkValue
			if err := json.Unmarshal([]byte(act.Value), &v); err != nil {
				b.log.Warn("link button with an unreadable value", "err", err)
				continue
			}
			b.spawn("link", func(ctx context.Context) { b.linkClicked(ctx, cb, v.Gap, v.Entry) })
		case ActionLinkOther:
			b.spawn("link other", func(ctx context.Context) { b.linkOther(ctx, cb, act.Value) })
		case ActionRightWas:
			ref := strings.TrimPrefix(act.BlockID, rightWasBlock)
			b.spawn("right answer", func(ctx context.Context) { b.linkClicked(ctx, cb, ref, act.SelectedOption.Value) })
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
	question, _ := b.answerer.Load().Redact(v.Question)
	question = privacy.Shareable(question)
	fb := store.Feedback{At: time.Now(), User: cb.User.ID, EntryID: v.Entry, Helpful: helpful, Question: question}
	b.record("feedback", func(st Store) error { return st.RecordFeedback(fb) })
	if !helpful && question != "" {
		key, at := "👎 "+v.Entry+" "+strings.ToLower(question), time.Now()
		b.record("unhelpful answer", func(st Store) error { return st.RecordGap(key, question, "", "", nil, true, at) })
	}
	b.log.Info("feedback", "entry", v.Entry, "helpful", helpful)
	thanks := "Thanks for the feedback."
	if !helpful {
		thanks = "Thanks: I've passed this to the champions so they can improve the answer."
	}
	blocks := []slack.Block{contextBlock(":white_check_mark: " + thanks)}
	if !helpful && question != "" && b.opt.Editor != nil && b.opt.Store != nil && b.isChampion(ctx, cb.User.ID) {
		// A champion who knows the right answer can say so at once.
		key := "👎 " + v.Entry + " " + strings.ToLower(question)
		if wording, err := gaps.Wording(question); err == nil {
			// The wording it would add, shown before anything is chosen.
			blocks = append(blocks, contextBlock("If you know the right answer, choose it: _"+escape(truncate(wording, lineLen))+"_ will be added to it as another way of asking."),
				b.rightWasPicker(ctx, gaps.Ref(key), question, v.Entry))
		}
	}
	b.respondAll(ctx, privateTo(cb), []Message{{Text: thanks, Blocks: blocks}})
}

// rightWasPicker offers a champion who marked an answer unhelpful the
// entries it should have been: choosing one links the question's wording
// to it, as "Same as…" does for a gap.
func (b *Bot) rightWasPicker(ctx context.Context, ref, question, wrong string) slack.Block {
	menu := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic,
		slack.NewTextBlockObject(slack.PlainTextType, "The right answer was…", false, false), ActionRightWas,
		b.pickerOptions(b.likely(ctx, nil, question, wrong), wrong)...)
	return slack.NewActionBlock(rightWasBlock+ref, menu)
}

// privateTo is where a private reply to a click goes.
func privateTo(cb slack.InteractionCallback) private {
	return private{url: cb.ResponseURL, channel: cb.Channel.ID, user: cb.User.ID, thread: cb.Container.ThreadTs}
}

// share posts a privately given answer in the channel for everyone: the
// same entries, page and choice the person was looking at, carried in the
// button, never the question asked again. The private copy goes once the
// shared one is posted; when Signpost cannot post there, the person is told
// why and how to fix it, and keeps the private copy.
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, value string) {
	var r *answer.Reply
	var v answer.View
	if err := json.Unmarshal([]byte(value), &v); err == nil && len(v.Entries) > 0 {
		var ok bool
		if r, ok = b.answerer.Load().Replay(v); !ok {
			b.tell(ctx, cb.ResponseURL, "I can't share that answer: its entries are no longer in Signpost's knowledge. Ask again to see what it says now.")
			return
		}
	} else {
		// A Share button from before answers travelled in it holds the
		// question: answer it again.
		var ok bool
		if r, ok = b.answer(ctx, "share", value, cb.User.ID); !ok {
			b.tell(ctx, cb.ResponseURL, escape(somethingWrong))
			return
		}
	}
	msgs := sharedMessages(b.opt.Render.Reply(r, RenderOptions{Question: r.Question}), cb.User.ID)
	// Keyed on the message and the person, so that a double click shares once.
	d := dest{channel: cb.Channel.ID, thread: cb.Container.ThreadTs, user: cb.User.ID, key: "share:" + cb.User.ID + ":" + cb.Container.MessageTs}
	if _, err := b.publish(ctx, d, msgs); err != nil {
		b.log.Warn("could not share an answer", "channel", cb.Channel.ID, "err", err)
		var msg string
		switch {
		case notMember(err) && isDirect(cb.Channel.ID):
			msg = "I can't post in a direct message between other people, so I can't share this here. Share it in a channel I've been invited to, or copy it. Your copy stays here."
		case notMember(err):
			msg = "I can't post in this conversation because I'm not a member of it. To share answers here, type `/invite @Signpost` in the channel, then press *Share in channel* again. Your copy stays here."
		case errors.Is(err, errUncertain):
			msg = "Slack had trouble just now, so I'm not sure the answer was shared: have a look in the channel. Your copy stays here."
		default:
			b.metrics.undeliveredReply()
			msg = "Sorry, I couldn't share that (Slack said `" + escape(slackError(err)) + "`). Your copy stays here."
		}
		b.tell(ctx, cb.ResponseURL, msg)
		return
	}
	b.deleteOriginal(ctx, cb.ResponseURL)
}

// isDirect reports whether a conversation id is a direct message, where
// nobody can invite Signpost.
func isDirect(channel string) bool { return strings.HasPrefix(channel, "D") }

// sharedMessages is a reply as shared in a channel: who shared it, first.
func sharedMessages(msgs []Message, user string) []Message {
	blocks := append([]slack.Block{contextBlock("Shared by <@" + escape(user) + ">")}, flatten(msgs)...)
	return split(blocks, msgs[0].Text)
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
	if err := postResponse(ctx, b.opt.HTTP, url, &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
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
		b.tell(ctx, cb.ResponseURL, "That entry is no longer in Signpost's knowledge.")
		return
	}
	b.metrics.question("button", r, 0)
	b.deliver(ctx, cb, r, "show:"+cb.User.ID+":"+cb.Container.MessageTs+":"+id)
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
		b.tell(ctx, cb.ResponseURL, escape(somethingWrong))
		return
	}
	b.deliver(ctx, cb, r, fmt.Sprintf("more:%s:%s:%d", cb.User.ID, cb.Container.MessageTs, v.From))
}

// deliver posts a reply where a clicked message was: privately for a
// private message, else in the same thread or DM.
func (b *Bot) deliver(ctx context.Context, cb slack.InteractionCallback, r *answer.Reply, key string) {
	if cb.Container.IsEphemeral {
		opt := RenderOptions{Ephemeral: true, Question: r.Question, Champion: editable(r) && b.isChampion(ctx, cb.User.ID)}
		b.respondAll(ctx, privateTo(cb), b.opt.Render.Reply(r, opt))
		return
	}
	thread := cb.Container.ThreadTs
	if thread == "" && cb.Channel.ID != "" && !strings.HasPrefix(cb.Channel.ID, "D") {
		thread = cb.Container.MessageTs
	}
	b.send(ctx, dest{channel: cb.Channel.ID, thread: thread, user: cb.User.ID, key: key}, b.opt.Render.Reply(r, RenderOptions{Question: r.Question}))
}

// edit opens the form on an answer's entry, for a champion who pressed
// Edit under it.
func (b *Bot) edit(ctx context.Context, cb slack.InteractionCallback, id string) {
	if !b.isChampion(ctx, cb.User.ID) {
		b.refuse(ctx, cb.ResponseURL)
		return
	}
	f, ok := b.findFAQ(id)
	if !ok {
		b.tell(ctx, cb.ResponseURL, "That entry is no longer in Signpost's knowledge.")
		return
	}
	b.openModal(ctx, cb.TriggerID, cb.ResponseURL, f, modalState{ID: f.ID})
}
