package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/gaps"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// A gap is usually another wording of an entry Signpost already has: a
// champion links it ("Same as…") and the wording joins that entry's
// also_asked, through the same editor and checks as a save.

// Ids of the linking controls.
const (
	ActionLinkGap   = "signpost_link_gap"   // a "Same as: …" button; value linkValue
	ActionLinkOther = "signpost_link_other" // "Other entry…": opens the picker; value the gap's ref
	ActionRightWas  = "signpost_right_was"  // "The right answer was…" after a champion's 👎
	CallbackLink    = "signpost_link"       // the picker's form
	fieldLinkEntry  = "entry"
	rightWasBlock   = "right:" // block_id prefix of the 👎 picker, then the gap's ref
)

// Slack's limits on a select menu: options in a group, and groups.
const (
	maxPickerOptions = 100
	maxPickerGroups  = 100
	maxConfirmText   = 300 // a confirmation dialog's text
)

// linkValue travels in a "Same as" button.
type linkValue struct {
	Gap   string `json:"g"` // the gap's ref
	Entry string `json:"e"`
}

// findGap finds a gap by its ref, open or not.
func (b *Bot) findGap(ref string) (store.Gap, bool) {
	g, err := gaps.Find(b.opt.Store, ref)
	if err != nil && !errors.Is(err, gaps.ErrNoGap) {
		b.log.Error("could not find a gap", "err", err)
	}
	return g, err == nil
}

// likely are the FAQ entries a wording is most likely another way of
// asking: those it came nearest to when asked, then what it comes
// nearest to now.
func (b *Bot) likely(ctx context.Context, near []string, wording string, except string) []knowledge.FAQ {
	var ids []string
	ids = append(ids, near...)
	if r, err := b.answerer.Load().Answer(ctx, wording); err == nil {
		for _, res := range r.Results {
			ids = append(ids, res.ID)
		}
	}
	var out []knowledge.FAQ
	for _, id := range ids {
		if id == except || slices.ContainsFunc(out, func(f knowledge.FAQ) bool { return f.ID == id }) {
			continue
		}
		if f, ok := b.findFAQ(id); ok {
			out = append(out, f)
		}
	}
	return out
}

// gapActions are the buttons under a gap: answer it, link it to a likely
// entry or another, or dismiss it.
func (b *Bot) gapActions(ctx context.Context, g store.Gap) slack.Block {
	key, ref := truncate(g.Key, maxButtonValue), gaps.Ref(g.Key)
	elems := []slack.BlockElement{button(ActionAnswerGap, key, "Answer this", "primary")}
	if b.opt.Editor != nil && g.Closed != store.GapLinked {
		if wording, err := gaps.Wording(g.Question); err == nil {
			likely := b.likely(ctx, g.Near, g.Question, "")
			for i, f := range likely[:min(len(likely), 2)] {
				v, _ := json.Marshal(linkValue{Gap: ref, Entry: f.ID})
				btn := button(fmt.Sprintf("%s:%d", ActionLinkGap, i), string(v), "Same as: "+clip(f.Question, maxLabel), "")
				// The one click shows exactly what will be added, where:
				// shared knowledge is no place for a detail redaction missed.
				btn.Confirm = slack.NewConfirmationBlockObject(
					slack.NewTextBlockObject(slack.PlainTextType, "Add this wording?", false, false),
					slack.NewTextBlockObject(slack.PlainTextType, truncate(fmt.Sprintf("“%s” will be added to “%s” as another way of asking it. Check it holds no patient details.", wording, f.Question), maxConfirmText), false, false),
					slack.NewTextBlockObject(slack.PlainTextType, "Add it", false, false),
					slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false))
				elems = append(elems, btn)
			}
			elems = append(elems, button(ActionLinkOther, ref, "Same as…", ""))
		}
	}
	elems = append(elems, button(ActionDismissGap, key, "Dismiss", ""))
	return slack.NewActionBlock("", elems...)
}

// pickerOptions are the entries a champion may link a wording to, as menu
// options: the likely ones first, then every other entry (but except) by
// its question (Slack's menu filters them as the champion types).
func (b *Bot) pickerOptions(likely []knowledge.FAQ, except string) []*slack.OptionGroupBlockObject {
	opt := func(f knowledge.FAQ) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(f.ID, slack.NewTextBlockObject(slack.PlainTextType, truncate(f.Question, maxOptionText), false, false), nil)
	}
	var groups []*slack.OptionGroupBlockObject
	if len(likely) > 0 {
		var opts []*slack.OptionBlockObject
		for _, f := range likely[:min(len(likely), maxPickerOptions)] {
			opts = append(opts, opt(f))
		}
		groups = append(groups, slack.NewOptionGroupBlockElement(slack.NewTextBlockObject(slack.PlainTextType, "Likely", false, false), opts...))
	}
	all := slices.Clone(b.answerer.Load().Index().Knowledge().FAQs)
	slices.SortFunc(all, func(x, y knowledge.FAQ) int {
		return strings.Compare(strings.ToLower(x.Question), strings.ToLower(y.Question))
	})
	all = slices.DeleteFunc(all, func(f knowledge.FAQ) bool {
		return slices.ContainsFunc(likely, func(l knowledge.FAQ) bool { return l.ID == f.ID }) || f.ID == except
	})
	// Slack takes at most 100 options a group and 100 groups: the rest in
	// groups of 100, named by where they start.
	for i := 0; i < len(all) && len(groups) < maxPickerGroups; i += maxPickerOptions {
		chunk := all[i:min(i+maxPickerOptions, len(all))]
		opts := make([]*slack.OptionBlockObject, len(chunk))
		for j, f := range chunk {
			opts[j] = opt(f)
		}
		label := "All answers"
		if len(all) > maxPickerOptions {
			label = fmt.Sprintf("All answers (%d–%d)", i+1, i+len(chunk))
		}
		groups = append(groups, slack.NewOptionGroupBlockElement(slack.NewTextBlockObject(slack.PlainTextType, label, false, false), opts...))
	}
	return groups
}

// maxOptionText is Slack's limit on a menu option's text.
const maxOptionText = 75

// linkOther opens the picker for a gap: every entry, likely ones first.
func (b *Bot) linkOther(ctx context.Context, cb slack.InteractionCallback, ref string) {
	if !b.isChampion(ctx, cb.User.ID) {
		b.refuse(ctx, cb.ResponseURL)
		return
	}
	g, ok := b.findGap(ref)
	if !ok {
		b.tell(ctx, cb.ResponseURL, "That gap is no longer on the list.")
		return
	}
	if b.opt.Editor == nil {
		b.tell(ctx, cb.ResponseURL, "This Signpost answers from its built-in knowledge, which can't be changed from Slack.")
		return
	}
	if g.Closed == store.GapLinked {
		b.tell(ctx, cb.ResponseURL, "That gap is already linked to an answer.")
		return
	}
	groups := b.pickerOptions(b.likely(ctx, g.Near, g.Question, ""), "")
	if len(groups) == 0 {
		b.tell(ctx, cb.ResponseURL, "There are no answers to link it to yet: use *Answer this*.")
		return
	}
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, linkModal(g, groups)); err != nil {
		b.metrics.apiError("views.open")
		b.log.Error("could not open the link form", "err", err)
		b.tell(ctx, cb.ResponseURL, "Sorry, I couldn't open the list of answers (Slack said `"+escape(slackError(err))+"`). Please try again.")
	}
}

// linkModal is the picker: which answer the wording is another way of
// asking.
func linkModal(g store.Gap, groups []*slack.OptionGroupBlockObject) slack.ModalViewRequest {
	menu := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic,
		slack.NewTextBlockObject(slack.PlainTextType, "Type to search the answers", false, false), fieldLinkEntry, groups...)
	input := slack.NewInputBlock(fieldLinkEntry, slack.NewTextBlockObject(slack.PlainTextType, "It's the same question as", false, false), nil, menu)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackLink,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, "Same as…", false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, "Link", false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false),
		PrivateMetadata: gaps.Ref(g.Key),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			sections("*" + escape(truncate(g.Question, headingLen)) + "*")[0],
			input,
			contextBlock("The wording joins that answer's other ways of asking, so it is answered next time. Your name and today's date are saved with the entry."),
		}},
	}
}

// submitLink handles the picker's form before Slack's 3 seconds are up:
// a refusal shows on the form.
func (b *Bot) submitLink(cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	ctx, cancel := context.WithTimeout(b.ctx, 2500*time.Millisecond)
	defer cancel()
	entry := ""
	if cb.View.State != nil {
		entry = cb.View.State.Values[fieldLinkEntry][fieldLinkEntry].SelectedOption.Value
	}
	ref := strings.TrimSpace(cb.View.PrivateMetadata)
	// Checked while the form is open, so a refusal shows on it; the save
	// and the rest happen after the form closes (Slack allows 3 seconds),
	// and the champion is told in a DM.
	if _, _, _, err := b.linkCheck(ctx, cb.User.ID, ref, entry); err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldLinkEntry: truncate(err.Error(), fieldErrorLen)})
	}
	b.spawn("link", func(ctx context.Context) {
		msg, err := b.link(ctx, cb.User.ID, ref, entry)
		if err != nil {
			msg = ":warning: " + escape(err.Error())
		}
		if err := b.posting.post(ctx, cb.User.ID, "", note(msg), "linked:"+entry+":"+time.Now().Format(time.RFC3339Nano)); err != nil {
			b.log.Error("could not tell the champion", "err", err)
		}
	})
	return nil
}

// linkClicked handles a "Same as: …" button or the 👎 picker.
func (b *Bot) linkClicked(ctx context.Context, cb slack.InteractionCallback, ref, entry string) {
	msg, err := b.link(ctx, cb.User.ID, ref, entry)
	if err != nil {
		msg = ":warning: " + escape(err.Error())
	}
	b.respondAll(ctx, private{url: cb.ResponseURL}, []Message{note(msg)})
}

// linkError is a link refused, worded for the champion.
type linkError string

func (e linkError) Error() string { return string(e) }

// linkCheck finds what a link needs, or says why it cannot be: only
// champions, only open gaps, only wordings without patient data, only
// entries that still exist.
func (b *Bot) linkCheck(ctx context.Context, user, ref, entry string) (store.Gap, string, knowledge.FAQ, error) {
	switch {
	case !b.isChampion(ctx, user):
		return store.Gap{}, "", knowledge.FAQ{}, linkError(onlyChampions + ".")
	case b.opt.Editor == nil || b.opt.Store == nil:
		return store.Gap{}, "", knowledge.FAQ{}, linkError("This Signpost can't change its knowledge from Slack (it has no knowledge directory, or keeps no record of gaps).")
	case entry == "":
		return store.Gap{}, "", knowledge.FAQ{}, linkError("Choose the answer it is the same as.")
	}
	g, ok := b.findGap(ref)
	if !ok {
		return g, "", knowledge.FAQ{}, linkError("That gap is no longer on the list.")
	}
	if g.Closed == store.GapLinked {
		title := g.Linked
		if f, ok := b.findFAQ(g.Linked); ok {
			title = f.Question
		}
		return g, "", knowledge.FAQ{}, linkError(fmt.Sprintf("That gap is already linked to “%s”.", title))
	}
	wording, err := gaps.Wording(g.Question)
	if err != nil {
		return g, "", knowledge.FAQ{}, err
	}
	f, ok := b.findFAQ(entry)
	if !ok {
		return g, "", knowledge.FAQ{}, linkError("That answer is no longer in Signpost's knowledge.")
	}
	return g, wording, f, nil
}

// link adds a gap's wording to an entry's other ways of asking, puts it
// into service, closes the gap as linked and records who did it. It
// returns what to tell the champion, or why it could not.
func (b *Bot) link(ctx context.Context, user, ref, entry string) (string, error) {
	// One at a time, each reading the knowledge the last one left.
	b.linkMu.Lock()
	defer b.linkMu.Unlock()
	g, wording, f, err := b.linkCheck(ctx, user, ref, entry)
	if err != nil {
		return "", err
	}
	path := f.Pos.Path
	audited := false
	if !slices.ContainsFunc(append([]string{f.Question}, f.AlsoAsked...), func(q string) bool { return strings.EqualFold(strings.TrimSpace(q), wording) }) {
		f.AlsoAsked = append(f.AlsoAsked, wording)
		// As with any save, the audit record is written before the entry.
		saved, err := b.opt.Editor.SaveFAQ(b.answerer.Load().Index().Knowledge(), f, user, func(s knowledge.Saved) error {
			if err := b.opt.Store.RecordChange(store.Change{At: time.Now(), User: user, Action: "link-gap", Entry: s.ID, File: s.Path}); err != nil {
				b.metrics.auditFailure()
				return fmt.Errorf("the change could not be recorded in the audit of changes, so nothing was saved: %w", err)
			}
			audited = true
			return nil
		})
		var fe knowledge.FieldErrors
		switch {
		case errors.As(err, &fe):
			return "", linkError("The entry would not be valid with that wording: " + fe.Error())
		case err != nil:
			b.log.Error("could not link a gap", "entry", f.ID, "err", err)
			return "", linkError("Sorry, it could not be saved: " + shownError(err))
		}
		path = saved.Path
		if err := b.patch(ctx, saved); err != nil {
			b.log.Warn("could not add the wording in place; reloading everything", "err", err)
			if err := b.reload(ctx, user); err != nil && !errors.Is(err, errNotAudited) {
				return "", linkError("Saved, but the knowledge has other problems, so it isn't live yet: " + shownError(err))
			}
		}
	}
	// How Signpost reads the wording now: the key later questions in
	// those words share, and whether it now answers with the entry.
	answers, key := false, ""
	if r, err := b.answerer.Load().Answer(ctx, wording); err != nil {
		b.log.Error("could not read a linked wording again", "entry", f.ID, "err", err)
	} else {
		answers, key = r.Answered && len(r.Results) > 0 && r.Results[0].ID == f.ID, r.Key
	}
	if err := b.opt.Store.LinkGap(g.Key, f.ID, key, user, time.Now()); err != nil {
		b.log.Error("could not close a linked gap", "err", err)
	}
	b.noteLinked(key, f.ID)
	var auditErr error
	if !audited { // the wording was there already: nothing saved, the link recorded
		auditErr = b.audit(store.Change{At: time.Now(), User: user, Action: "link-gap", Entry: f.ID, File: path})
	}
	b.log.Info("gap linked", "entry", f.ID, "by", user)
	msg := fmt.Sprintf(":white_check_mark: Linked: _%s_ now answers with *%s*.", escape(truncate(wording, lineLen)), escape(truncate(f.Question, titleLen)))
	if !answers {
		msg = fmt.Sprintf(":white_check_mark: Added _%s_ to *%s*, but another answer still comes first for those words: you may want to edit one of them.",
			escape(truncate(wording, lineLen)), escape(truncate(f.Question, titleLen)))
	}
	if auditErr != nil {
		msg += "\n:warning: " + escape(shownError(auditErr)) + "."
	}
	return msg, nil
}
