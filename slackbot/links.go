package slackbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/privacy"
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

// maxPickerOptions is Slack's limit on a select menu's options.
const maxPickerOptions = 100

// linkValue travels in a "Same as" button.
type linkValue struct {
	Gap   string `json:"g"` // the gap's ref
	Entry string `json:"e"`
}

// gapRef names a gap in a button or menu: its key hashed, since keys can
// be longer than Slack lets a value be.
func gapRef(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// findGap finds a gap by its ref, open or not.
func (b *Bot) findGap(ref string) (store.Gap, bool) {
	if b.opt.Store == nil {
		return store.Gap{}, false
	}
	gaps, err := b.opt.Store.Gaps(true)
	if err != nil {
		b.log.Error("could not read gaps", "err", err)
		return store.Gap{}, false
	}
	for _, g := range gaps {
		if gapRef(g.Key) == ref {
			return g, true
		}
	}
	return store.Gap{}, false
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
	key, ref := truncate(g.Key, maxButtonValue), gapRef(g.Key)
	elems := []slack.BlockElement{button(ActionAnswerGap, key, "Answer this", "primary")}
	if b.opt.Editor != nil {
		likely := b.likely(ctx, g.Near, g.Question, "")
		for i, f := range likely[:min(len(likely), 2)] {
			v, _ := json.Marshal(linkValue{Gap: ref, Entry: f.ID})
			elems = append(elems, button(fmt.Sprintf("%s:%d", ActionLinkGap, i), string(v), "Same as: "+f.Question, ""))
		}
		elems = append(elems, button(ActionLinkOther, ref, "Same as…", ""))
	}
	elems = append(elems, button(ActionDismissGap, key, "Dismiss", ""))
	return slack.NewActionBlock("", elems...)
}

// pickerOptions are the entries a champion may link a wording to, as menu
// options: the likely ones first, then every other entry by its question,
// as many as a menu holds (Slack's menu filters them as the champion
// types).
func (b *Bot) pickerOptions(likely []knowledge.FAQ) []*slack.OptionGroupBlockObject {
	opt := func(f knowledge.FAQ) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(f.ID, slack.NewTextBlockObject(slack.PlainTextType, truncate(f.Question, maxOptionText), false, false), nil)
	}
	var groups []*slack.OptionGroupBlockObject
	n := 0
	if len(likely) > 0 {
		var opts []*slack.OptionBlockObject
		for _, f := range likely {
			opts = append(opts, opt(f))
			n++
		}
		groups = append(groups, slack.NewOptionGroupBlockElement(slack.NewTextBlockObject(slack.PlainTextType, "Likely", false, false), opts...))
	}
	all := slices.Clone(b.answerer.Load().Index().Knowledge().FAQs)
	slices.SortFunc(all, func(x, y knowledge.FAQ) int {
		return strings.Compare(strings.ToLower(x.Question), strings.ToLower(y.Question))
	})
	var rest []*slack.OptionBlockObject
	for _, f := range all {
		if n == maxPickerOptions {
			break
		}
		if slices.ContainsFunc(likely, func(l knowledge.FAQ) bool { return l.ID == f.ID }) {
			continue
		}
		rest = append(rest, opt(f))
		n++
	}
	if len(rest) > 0 {
		groups = append(groups, slack.NewOptionGroupBlockElement(slack.NewTextBlockObject(slack.PlainTextType, "All answers", false, false), rest...))
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
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, b.linkModal(g, b.likely(ctx, g.Near, g.Question, ""))); err != nil {
		b.metrics.apiError("views.open")
		b.log.Error("could not open the link form", "err", err)
		b.tell(ctx, cb.ResponseURL, "Sorry, I couldn't open the list of answers (Slack said `"+escape(slackError(err))+"`). Please try again.")
	}
}

// linkModal is the picker: which answer the wording is another way of
// asking.
func (b *Bot) linkModal(g store.Gap, likely []knowledge.FAQ) slack.ModalViewRequest {
	menu := slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic,
		slack.NewTextBlockObject(slack.PlainTextType, "Type to search the answers", false, false), fieldLinkEntry, b.pickerOptions(likely)...)
	input := slack.NewInputBlock(fieldLinkEntry, slack.NewTextBlockObject(slack.PlainTextType, "It's the same question as", false, false), nil, menu)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackLink,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, "Same as…", false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, "Link", false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false),
		PrivateMetadata: gapRef(g.Key),
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
	msg, err := b.link(ctx, cb.User.ID, strings.TrimSpace(cb.View.PrivateMetadata), entry)
	if err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldLinkEntry: truncate(err.Error(), fieldErrorLen)})
	}
	b.spawn("linked", func(ctx context.Context) {
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

// errLink is a link refused, worded for the champion.
type errLink string

func (e errLink) Error() string { return string(e) }

// link adds a gap's wording to an entry's other ways of asking, puts it
// into service, closes the gap as linked and records who did it. It
// returns what to tell the champion, or why it could not.
func (b *Bot) link(ctx context.Context, user, ref, entry string) (string, error) {
	switch {
	case !b.isChampion(ctx, user):
		return "", errLink(onlyChampions + ".")
	case b.opt.Editor == nil || b.opt.Store == nil:
		return "", errLink("This Signpost can't change its knowledge from Slack (it has no knowledge directory, or keeps no record of gaps).")
	case entry == "":
		return "", errLink("Choose the answer it is the same as.")
	}
	g, ok := b.findGap(ref)
	if !ok {
		return "", errLink("That gap is no longer on the list.")
	}
	wording, err := linkable(g.Question)
	if err != nil {
		return "", err
	}
	f, ok := b.findFAQ(entry)
	if !ok {
		return "", errLink("That answer is no longer in Signpost's knowledge.")
	}
	saved := knowledge.Saved{ID: f.ID, FAQ: f}
	if !slices.ContainsFunc(append([]string{f.Question}, f.AlsoAsked...), func(q string) bool { return strings.EqualFold(strings.TrimSpace(q), wording) }) {
		f.AlsoAsked = append(f.AlsoAsked, wording)
		saved, err = b.opt.Editor.SaveFAQ(b.answerer.Load().Index().Knowledge(), f, user)
		var fe knowledge.FieldErrors
		switch {
		case errors.As(err, &fe):
			return "", errLink("The entry would not be valid with that wording: " + fe.Error())
		case err != nil:
			b.log.Error("could not link a gap", "entry", f.ID, "err", err)
			return "", errLink("Sorry, it could not be saved: " + shownError(err))
		}
		if err := b.patch(ctx, saved); err != nil {
			b.log.Warn("could not add the wording in place; reloading everything", "err", err)
			if err := b.reload(ctx, user); err != nil && !errors.Is(err, errNotAudited) {
				return "", errLink("Saved, but the knowledge has other problems, so it isn't live yet: " + shownError(err))
			}
		}
	}
	// How Signpost reads the wording now: the key later questions in
	// those words share, and whether it now answers with the entry.
	r, err := b.answerer.Load().Answer(ctx, wording)
	if err != nil {
		return "", fmt.Errorf("reading the wording again: %w", err)
	}
	if err := b.opt.Store.LinkGap(g.Key, f.ID, r.Key, user, time.Now()); err != nil {
		b.log.Error("could not close a linked gap", "err", err)
	}
	b.noteLinked(r.Key)
	auditErr := b.audit(store.Change{At: time.Now(), User: user, Action: "link-gap", Entry: f.ID, File: saved.Path})
	b.log.Info("gap linked", "entry", f.ID, "by", user)
	msg := fmt.Sprintf(":white_check_mark: Linked: _%s_ now answers with *%s*.", escape(truncate(wording, lineLen)), escape(truncate(f.Question, titleLen)))
	if !r.Answered || len(r.Results) == 0 || r.Results[0].ID != f.ID {
		msg = fmt.Sprintf(":white_check_mark: Added _%s_ to *%s*, but another answer still comes first for those words: you may want to edit one of them.",
			escape(truncate(wording, lineLen)), escape(truncate(f.Question, titleLen)))
	}
	if auditErr != nil {
		msg += "\n:warning: " + escape(shownError(auditErr)) + "."
	}
	return msg, nil
}

// minLinkWords is the fewest words a wording needs to be worth linking.
const minLinkWords = 2

// linkable is the wording a gap may add to an entry: never patient data.
// Gaps are stored redacted; what redaction took out shows as a
// placeholder, and such a wording is refused rather than linked with a
// hole in it, as is one with too little left to be useful.
func linkable(question string) (string, error) {
	w := strings.TrimSpace(question)
	if _, found := privacy.Redact(w); len(found) > 0 || privacy.Placeholders(w) != w {
		return "", errLink("That wording had patient details in it, so it can't be added to an answer. Add the answer's wording yourself with Edit, leaving the details out.")
	}
	if len(strings.Fields(bot.Normalise(w))) < minLinkWords {
		return "", errLink("There's too little of that wording left to be worth adding to an answer.")
	}
	return w, nil
}
