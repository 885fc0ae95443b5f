package slackbot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/store"
)

// modalState travels in the modal's private_metadata: on edit the entry's
// id as it is (Slack workflows and tests rely on that), and for an answer
// to a gap "gap:" and the gap's key. Ids are slugs, so never hold a colon.
type modalState struct {
	ID  string // the entry being edited
	Gap string // the gap being answered
}

const gapPrefix = "gap:"

func (st modalState) String() string {
	if st.Gap != "" {
		return gapPrefix + st.Gap
	}
	return st.ID
}

func parseModalState(meta string) modalState {
	meta = strings.TrimSpace(meta)
	if gap, ok := strings.CutPrefix(meta, gapPrefix); ok {
		return modalState{Gap: gap}
	}
	return modalState{ID: meta}
}

func (b *Bot) findFAQ(id string) (knowledge.FAQ, bool) {
	for _, f := range b.answerer.Load().Index().Knowledge().FAQs {
		if f.ID == id {
			return f, true
		}
	}
	return knowledge.FAQ{}, false
}

// openModal opens the add/edit form, filled in from f.
func (b *Bot) openModal(ctx context.Context, triggerID, responseURL string, f knowledge.FAQ, st modalState) {
	if b.opt.Editor == nil {
		msg := "This Signpost answers from its built-in knowledge, which can't be changed from Slack. To add and edit answers, start it with a knowledge directory (`knowledge:` in its config)."
		b.tell(ctx, responseURL, msg)
		return
	}
	if _, err := b.api.OpenViewContext(ctx, triggerID, AddModal(f, st)); err != nil {
		b.metrics.apiError("views.open")
		b.log.Error("could not open the add/edit form", "err", err)
		msg := "Sorry, I couldn't open the form"
		if code := slackError(err); code == "expired_trigger_id" || code == "invalid_trigger_id" {
			msg += ": Slack gives me only three seconds to open it, and that passed. Please try again."
		} else {
			msg += " (Slack said `" + escape(truncate(err.Error(), lineLen)) + "`). Please try again; if it keeps happening, tell whoever runs Signpost."
		}
		b.tell(ctx, responseURL, msg)
	}
}

// AddModal is the add/edit form. Its callback id is CallbackAdd, and each
// input's block id and action id are the field's name.
func AddModal(f knowledge.FAQ, st modalState) slack.ModalViewRequest {
	input := func(id, label, hint, value string, multiline, optional bool) *slack.InputBlock {
		el := slack.NewPlainTextInputBlockElement(nil, id)
		el.Multiline = multiline
		el.InitialValue = value
		var h *slack.TextBlockObject
		if hint != "" {
			h = slack.NewTextBlockObject(slack.PlainTextType, hint, false, false)
		}
		blk := slack.NewInputBlock(id, slack.NewTextBlockObject(slack.PlainTextType, label, false, false), h, el)
		blk.Optional = optional
		return blk
	}
	var source struct{ title, url string }
	if f.Source != nil {
		source.title, source.url = f.Source.Title, f.Source.URL
	}
	title := "Add to Signpost"
	if st.ID != "" {
		title = "Edit answer"
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackAdd,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, title, false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false),
		PrivateMetadata: st.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			input(FieldQuestion, "Question", "As people ask it.", f.Question, false, false),
			input(FieldAlsoAsked, "Other ways of asking", "One a line.", strings.Join(f.AlsoAsked, "\n"), true, true),
			input(FieldAnswer, "Answer", "Slack formatting works: *bold*, _italic_, <https://example.org|links>, • bullets.", f.Answer, true, false),
			input(FieldTags, "Tags", "Words that help find it, separated by commas.", strings.Join(f.Tags, ", "), false, true),
			input(FieldSourceTitle, "Source", "Where the answer comes from.", source.title, false, true),
			input(FieldSourceURL, "Source link", "https://…", source.url, false, true),
			contextBlock("Please don't include patient details. Your name and today's date are saved with the entry."),
		}},
	}
}

// submit handles the add/edit form. It runs before Slack's 3 seconds are
// up: problems go back onto the form's fields; a good entry is saved, and
// the reload and the message to the champion happen after.
func (b *Bot) submit(cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	ctx, cancel := context.WithTimeout(b.ctx, 2500*time.Millisecond)
	defer cancel()
	if !b.isChampion(ctx, cb.User.ID) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{FieldQuestion: onlyChampions + "."})
	}
	if b.opt.Editor == nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{FieldQuestion: "This Signpost has no knowledge directory to save to."})
	}
	st := parseModalState(cb.View.PrivateMetadata)
	f := formFAQ(cb.View.State)
	f.ID = st.ID
	if errs := piiInForm(f); errs != nil {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	// The audit record is written before the entry, and the gap closed,
	// before Slack is answered: a crash straight after keeps both.
	saved, err := b.opt.Editor.SaveFAQ(b.answerer.Load().Index().Knowledge(), f, cb.User.ID, func(s knowledge.Saved) error {
		return b.auditSave(cb.User.ID, s)
	})
	var fe knowledge.FieldErrors
	switch {
	case errors.As(err, &fe):
		errs := map[string]string{}
		for _, e := range fe {
			field := e.Field
			if field == "" {
				field = FieldQuestion
			}
			if _, dup := errs[field]; !dup {
				errs[field] = truncate(e.Msg, fieldErrorLen)
			}
		}
		return slack.NewErrorsViewSubmissionResponse(errs)
	case err != nil:
		b.log.Error("could not save an entry", "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{FieldQuestion: "Sorry, it could not be saved: " + truncate(shownError(err), fieldErrorLen-30)})
	}
	if s := b.opt.Store; s != nil && st.Gap != "" {
		if err := s.CloseGap(st.Gap, "answered", cb.User.ID); err != nil {
			b.log.Warn("could not close the gap", "err", err)
		}
	}
	b.spawn("saved", func(ctx context.Context) { b.afterSave(ctx, cb.User.ID, saved, f.Question) })
	return nil
}

// auditSave records a save in the audit of changes, before the entry is
// written. Without a store there is no audit to keep.
func (b *Bot) auditSave(user string, s knowledge.Saved) error {
	action := "edit"
	if s.New {
		action = "add"
	}
	if b.opt.Store == nil {
		return nil
	}
	if err := b.opt.Store.RecordChange(store.Change{At: time.Now(), User: user, Action: action, Entry: s.ID, File: s.Path}); err != nil {
		b.metrics.auditFailure()
		b.log.Error("could not record a change in the audit; nothing was saved", "err", err)
		return fmt.Errorf("the change could not be recorded in the audit of changes, so nothing was saved: %w", err)
	}
	return nil
}

func (b *Bot) afterSave(ctx context.Context, user string, saved knowledge.Saved, question string) {
	action := "edit"
	if saved.New {
		action = "add"
	}
	var auditErr error
	b.log.Info("entry saved", "action", action, "entry", saved.ID, "file", saved.Path, "by", user)
	msg := fmt.Sprintf(":white_check_mark: Saved `%s` in `%s`.", escape(saved.ID), escape(filepath.ToSlash(saved.Path)))
	err := b.patch(ctx, saved)
	if err != nil {
		b.log.Warn("could not add the entry in place; reloading everything", "err", err)
		err = b.reload(ctx, user)
	}
	if errors.Is(err, errNotAudited) {
		auditErr, err = err, nil
	}
	if err != nil {
		msg += " But the knowledge has other problems, so it isn't live yet:\n```" + escape(truncate(shownError(err), problemsLen)) + "```"
	} else {
		msg += " It's live now: try `/signpost " + escape(truncate(question, lineLen)) + "`."
	}
	if auditErr != nil {
		msg += "\n:warning: " + escape(shownError(auditErr)) + "."
	}
	// A DM to the champion: chat.postMessage to a user id opens the app's DM.
	if err := b.posting.post(ctx, user, "", note(msg), "saved:"+saved.ID+":"+time.Now().Format(time.RFC3339Nano)); err != nil {
		b.log.Error("could not tell the champion", "err", err)
	}
}

// patch puts a saved entry into service at once, without a full reload:
// the watcher's reload that follows checks the whole directory.
func (b *Bot) patch(ctx context.Context, saved knowledge.Saved) error {
	add := func(ctx context.Context, a *answer.Answerer) (*answer.Answerer, error) {
		return a.WithFAQ(ctx, saved.FAQ)
	}
	if b.opt.Reloader != nil {
		return b.opt.Reloader.Patch(ctx, filepath.ToSlash(saved.Path), saved.Sum, add)
	}
	a, err := add(ctx, b.answerer.Load())
	if err != nil {
		return err
	}
	b.SetAnswerer(a)
	return nil
}

// formFAQ reads the form's fields.
func formFAQ(state *slack.ViewState) knowledge.FAQ {
	get := func(id string) string {
		if state == nil {
			return ""
		}
		return strings.TrimSpace(state.Values[id][id].Value)
	}
	f := knowledge.FAQ{Question: get(FieldQuestion), Answer: get(FieldAnswer)}
	for _, l := range strings.Split(get(FieldAlsoAsked), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			f.AlsoAsked = append(f.AlsoAsked, l)
		}
	}
	for _, t := range strings.Split(get(FieldTags), ",") {
		if t = strings.TrimSpace(t); t != "" {
			f.Tags = append(f.Tags, t)
		}
	}
	if title, url := get(FieldSourceTitle), get(FieldSourceURL); title != "" || url != "" {
		f.Source = &knowledge.Source{Title: title, URL: url}
	}
	return f
}

// piiInForm refuses entries that hold patient details: knowledge is shared.
func piiInForm(f knowledge.FAQ) map[string]string {
	errs := map[string]string{}
	// An answer or its source may give a service's phone number or email
	// (a helpline, a referral inbox); nothing else about a person belongs
	// in shared knowledge, and nothing personal in how people ask.
	contacts := []string{privacy.Phone, privacy.Email}
	check := func(field, text string, allowed []string) {
		_, found := privacy.Redact(text)
		found = slices.DeleteFunc(found, func(k string) bool { return slices.Contains(allowed, k) })
		if len(found) > 0 {
			errs[field] = "This looks like it holds " + strings.Join(found, ", ") + ". Please leave patient details out."
		}
	}
	check(FieldQuestion, f.Question, nil)
	check(FieldAlsoAsked, strings.Join(f.AlsoAsked, "\n"), nil)
	check(FieldAnswer, f.Answer, contacts)
	check(FieldTags, strings.Join(f.Tags, ", "), nil)
	if f.Source != nil {
		check(FieldSourceTitle, f.Source.Title, contacts)
		check(FieldSourceURL, f.Source.URL, contacts)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// shortcut starts an entry from a message ("Add to Signpost").
func (b *Bot) shortcut(cb slack.InteractionCallback) {
	b.spawn("shortcut", func(ctx context.Context) {
		if !b.isChampion(ctx, cb.User.ID) {
			b.refuse(ctx, cb.ResponseURL)
			return
		}
		text, _ := b.answerer.Load().Redact(leadingMentions.ReplaceAllString(cb.Message.Text, ""))
		q := privacy.Shareable(text)
		b.openModal(ctx, cb.TriggerID, cb.ResponseURL, knowledge.FAQ{Question: truncate(q, formQuestionLen)}, modalState{})
	})
}
