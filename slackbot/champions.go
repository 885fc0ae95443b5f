package slackbot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/store"
)

// The add/edit modal is a stable interface that tests and Slack workflows
// drive: its callback id, and block and action ids that are the same word.
const (
	CallbackAdd      = "signpost_add"
	CallbackShortcut = "signpost_add_from_message"
	FieldQuestion    = "question"
	FieldAlsoAsked   = "also_asked"
	FieldAnswer      = "answer"
	FieldTags        = "tags"
	FieldSourceTitle = "source_title"
	FieldSourceURL   = "source_url"

	ActionAnswerGap  = "signpost_answer_gap"
	ActionDismissGap = "signpost_dismiss_gap"
)

// Champions say who looks after the answers.
type Champions struct {
	Users     []string // Slack user ids
	UserGroup string   // a user group id (S0123ABCD) or handle (@sp-champions)
	Channel   string   // where knowledge problems and the digest go
}

// Store is what the champions' features keep; *store.Store is one.
type Store interface {
	Recorder
	RecordQuestion(store.Asked) error
	RecordChange(store.Change) error
	Gaps(all bool) ([]store.Gap, error)
	CloseGap(key, how, by string) error
}

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

// groupCache remembers a user group's members for a few minutes.
type groupCache struct {
	mu      sync.Mutex
	members []string
	fetched time.Time
	failed  time.Time
}

// isChampion reports whether a user may change the knowledge: listed in
// the config or SIGNPOST_CHAMPIONS, or a member of the champions' group.
func (b *Bot) isChampion(ctx context.Context, user string) bool {
	c := b.opt.Champions
	if user == "" {
		return false
	}
	if slices.Contains(c.Users, user) {
		return true
	}
	if c.UserGroup == "" {
		return false
	}
	return slices.Contains(b.groupMembers(ctx), user)
}

func (b *Bot) groupMembers(ctx context.Context) []string {
	b.group.mu.Lock()
	defer b.group.mu.Unlock()
	if time.Since(b.group.fetched) < groupTTL || time.Since(b.group.failed) < groupRetry {
		return b.group.members
	}
	members, err := b.fetchGroup(ctx)
	if err != nil {
		// Keep the last list, and do not ask again for a while: every
		// private answer checks, and would otherwise wait on Slack each time.
		b.group.failed = time.Now()
		b.log.Error("could not list the champions' user group; using the last list", "err", err)
		return b.group.members
	}
	b.group.members, b.group.fetched = members, time.Now()
	return members
}

const (
	groupTTL   = 5 * time.Minute // how long a list of the champions' group is used
	groupRetry = time.Minute     // how long after a failure before asking again
)

func (b *Bot) fetchGroup(ctx context.Context) ([]string, error) {
	id := b.opt.Champions.UserGroup
	if handle, ok := strings.CutPrefix(id, "@"); ok {
		groups, err := b.api.GetUserGroupsContext(ctx)
		if err != nil {
			b.metrics.apiError("usergroups.list")
			return nil, fmt.Errorf("listing user groups to find @%s: %w", handle, err)
		}
		id = ""
		for _, g := range groups {
			if g.Handle == handle {
				id = g.ID
			}
		}
		if id == "" {
			return nil, fmt.Errorf("no user group has the handle @%s (champions.usergroup in the config)", handle)
		}
	}
	members, err := b.api.GetUserGroupMembersContext(ctx, id)
	if err != nil {
		b.metrics.apiError("usergroups.users.list")
		return nil, fmt.Errorf("listing the members of %s: %w", id, err)
	}
	return members, nil
}

const onlyChampions = "Only Signpost champions can add or change answers. If something is wrong or missing, tell the champions"

func (b *Bot) refuse(ctx context.Context, responseURL string) {
	msg := onlyChampions
	if b.opt.Render.Champions != "" {
		msg += " (" + b.opt.Render.Champions + ")"
	}
	msg += ": they'll be glad to hear it."
	b.tell(ctx, responseURL, msg)
}

// championCommand handles /signpost add, edit, gaps and reload. It reports
// false when the text is not one of them.
func (b *Bot) championCommand(cmd slack.SlashCommand) bool {
	word, rest, _ := strings.Cut(strings.TrimSpace(cmd.Text), " ")
	word, rest = strings.ToLower(word), strings.TrimSpace(rest)
	switch word {
	case "add", "edit", "gaps", "reload":
	default:
		return false
	}
	b.spawn("champion "+word, func(ctx context.Context) {
		if !b.isChampion(ctx, cmd.UserID) {
			b.refuse(ctx, cmd.ResponseURL)
			return
		}
		switch word {
		case "add":
			b.openModal(ctx, cmd.TriggerID, cmd.ResponseURL, knowledge.FAQ{Question: rest}, modalState{})
		case "edit":
			f, ok := b.findFAQ(rest)
			if !ok {
				msg := fmt.Sprintf("There is no FAQ entry with id %q. To find an answer's id, ask the question with `/signpost`: champions see the id under the answer, with an *Edit* button. Ids are also in the knowledge's YAML files.", truncate(rest, 100))
				b.tell(ctx, cmd.ResponseURL, escape(msg))
				return
			}
			b.openModal(ctx, cmd.TriggerID, cmd.ResponseURL, f, modalState{ID: f.ID})
		case "gaps":
			b.listGaps(ctx, cmd.ResponseURL)
		case "reload":
			msg := "Knowledge reloaded."
			if err := b.reload(ctx, cmd.UserID); errors.Is(err, errNotAudited) {
				msg = "Knowledge reloaded. But " + escape(shownError(err)) + "."
			} else if err != nil {
				msg = "The knowledge has problems, so I'm still answering from the last good version:\n```" + escape(truncate(shownError(err), 2500)) + "```"
			}
			b.tell(ctx, cmd.ResponseURL, msg)
		}
	})
	return true
}

func (b *Bot) findFAQ(id string) (knowledge.FAQ, bool) {
	for _, f := range b.answerer.Load().Index().Knowledge().FAQs {
		if f.ID == id {
			return f, true
		}
	}
	return knowledge.FAQ{}, false
}

func (b *Bot) reload(ctx context.Context, user string) error {
	if b.opt.Reloader == nil {
		return errors.New("this Signpost has no knowledge directory to reload (it uses the built-in knowledge)")
	}
	err := b.opt.Reloader.Reload(ctx)
	if err == nil {
		err = b.audit(store.Change{At: time.Now(), User: user, Action: "reload"})
	}
	return err
}

// errNotAudited is a change that happened but is missing from the audit
// of changes; champions are told, since that audit is how a team finds
// who changed an answer.
var errNotAudited = errors.New("the change was made, but the change log could not record it; tell whoever runs Signpost")

// audit records a change a champion made. A failure is logged and
// returned wrapped in errNotAudited for the champion to see.
func (b *Bot) audit(c store.Change) error {
	if b.opt.Store == nil {
		return nil
	}
	if err := b.opt.Store.RecordChange(c); err != nil {
		b.log.Error("could not record a champion's change", "action", c.Action, "entry", c.Entry, "by", c.User, "err", err)
		b.metrics.auditFailure()
		return fmt.Errorf("%w (%v)", errNotAudited, err)
	}
	return nil
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
			msg += " (Slack said `" + escape(truncate(err.Error(), 200)) + "`). Please try again; if it keeps happening, tell whoever runs Signpost."
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
	saved, err := b.opt.Editor.SaveFAQ(b.answerer.Load().Index().Knowledge(), f, cb.User.ID)
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
				errs[field] = truncate(e.Msg, 150)
			}
		}
		return slack.NewErrorsViewSubmissionResponse(errs)
	case err != nil:
		b.log.Error("could not save an entry", "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{FieldQuestion: "Sorry, it could not be saved: " + truncate(shownError(err), 120)})
	}
	b.spawn("saved", func(ctx context.Context) { b.afterSave(ctx, cb.User.ID, st, saved, f.Question) })
	return nil
}

func (b *Bot) afterSave(ctx context.Context, user string, st modalState, saved knowledge.Saved, question string) {
	action := "edit"
	if saved.New {
		action = "add"
	}
	auditErr := b.audit(store.Change{At: time.Now(), User: user, Action: action, Entry: saved.ID, File: saved.Path})
	if s := b.opt.Store; s != nil {
		if st.Gap != "" {
			if err := s.CloseGap(st.Gap, "answered", user); err != nil {
				b.log.Warn("could not close the gap", "err", err)
			}
		}
	}
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
		msg += " But the knowledge has other problems, so it isn't live yet:\n```" + escape(truncate(shownError(err), 2000)) + "```"
	} else {
		msg += " It's live now: try `/signpost " + escape(truncate(question, 200)) + "`."
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
	add := func(ctx context.Context, a *bot.Answerer) (*bot.Answerer, error) { return a.WithFAQ(ctx, saved.FAQ) }
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
		text, _ := bot.Redact(leadingMentions.ReplaceAllString(cb.Message.Text, ""))
		q := privacy.Shareable(text)
		b.openModal(ctx, cb.TriggerID, cb.ResponseURL, knowledge.FAQ{Question: truncate(q, 300)}, modalState{})
	})
}

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
			sections("*" + escape(truncate(g.Question, 500)) + "*\n" + what)[0],
			slack.NewActionBlock("", button(ActionAnswerGap, truncate(g.Key, maxButtonValue), "Answer this", "primary"), button(ActionDismissGap, truncate(g.Key, maxButtonValue), "Dismiss", "")))
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

// KnowledgeProblems tells the champions' channel that the knowledge did not
// load, and what is wrong.
func (b *Bot) KnowledgeProblems(ctx context.Context, err error) {
	ch := b.opt.Champions.Channel
	if ch == "" {
		return
	}
	msg := ":warning: The knowledge directory has problems, so Signpost is still answering from the last good version. Fix these and it reloads by itself:\n```" + escape(truncate(shownError(err), 2800)) + "```"
	if perr := b.posting.post(ctx, ch, "", Message{Text: "The knowledge directory has problems", Blocks: sections(msg)}, "problems:"+time.Now().Format(time.RFC3339Nano)); perr != nil {
		b.log.Error("could not tell the champions about knowledge problems", "err", perr)
	}
}

// shownError words an error for champions in Slack: file paths are shown
// from inside the knowledge directory ("added/x.yaml"), never as the
// server's absolute paths, which say more about the machine than anyone
// in Slack needs.
func shownError(err error) string {
	s := err.Error()
	var b strings.Builder
	last := 0
	for _, m := range absolutePathRE.FindAllStringIndex(s, -1) {
		if m[0] > 0 && !strings.ContainsRune(" \t\n\"'`(:=,", rune(s[m[0]-1])) || m[0] > 0 && strings.HasSuffix(s[:m[0]], ":/") {
			continue // part of a web address, not a path from the root
		}
		if m[0] > 0 && s[m[0]-1] == ':' && m[0] > 1 && s[m[0]-2] != ' ' {
			continue // "https:" and the like
		}
		b.WriteString(s[last:m[0]])
		p := strings.TrimSuffix(s[m[0]:m[1]], "/")
		b.WriteString(p[strings.LastIndexByte(p, '/')+1:])
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// absolutePathRE matches a path from the root: two or more /segments.
var absolutePathRE = regexp.MustCompile(`(?:/[\w.@+~-]+){2,}/?`)
