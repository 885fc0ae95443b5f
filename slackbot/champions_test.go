package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/reload"
	"github.com/signpost-ahp/signpost/store"
)

// champEnv is a bot with a writable knowledge directory.
type champEnv struct {
	*env
	dir string
	rl  *reload.Reloader
}

func buildAnswerer(ctx context.Context, dir string) (*answer.Answerer, error) {
	kb, err := knowledge.Load(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	return answer.FromKnowledge(ctx, kb)
}

func copyKB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("../testdata/kb", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../testdata/kb", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, _ := os.ReadFile(p)
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func newChampEnv(t *testing.T) *champEnv {
	t.Helper()
	dir := copyKB(t)
	fake := strictFake(t)
	t.Cleanup(fake.Close)
	fake.SetGroups(fakeslack.Group{ID: "S0CHAMPS", Handle: "sp-champions", Users: []string{"U0GROUPIE"}})
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()))
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, err := buildAnswerer(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	b := New(api, a, Options{
		Render:    Renderer{Champions: "<#C0CHAMPS>"},
		Logger:    slog.New(slog.NewJSONHandler(logs, nil)),
		Store:     st,
		Champions: Champions{Users: []string{"U0CHAMP"}, UserGroup: "@sp-champions", Channel: "C0CHAMPS"},
		Editor:    knowledge.NewEditor(dir),
	})
	rl := &reload.Reloader{
		Build:   func(ctx context.Context) (*answer.Answerer, error) { return buildAnswerer(ctx, dir) },
		Swap:    b.SetAnswerer,
		Current: b.Answerer,
		Dir:     dir,
		Failed:  func(err error) { b.KnowledgeProblems(context.Background(), err) },
	}
	b.SetReloader(rl)
	return &champEnv{env: &env{bot: b, fake: fake, store: st, srv: startBot(t, b), logs: logs}, dir: dir, rl: rl}
}

// submission is the view_submission Slack sends for the add/edit form.
func submission(user string, meta modalState, fields map[string]string) url.Values {
	values := map[string]map[string]any{}
	for _, id := range []string{FieldQuestion, FieldAlsoAsked, FieldAnswer, FieldTags, FieldSourceTitle, FieldSourceURL} {
		values[id] = map[string]any{id: map[string]any{"type": "plain_text_input", "value": fields[id]}}
	}
	cb := map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": "TRIG",
		"view": map[string]any{"id": "V1", "type": "modal", "callback_id": CallbackAdd, "private_metadata": meta.String(), "state": map[string]any{"values": values}},
	}
	b, _ := json.Marshal(cb)
	return url.Values{"payload": {string(b)}}
}

func (e *champEnv) submit(t *testing.T, v url.Values) map[string]any {
	t.Helper()
	resp := e.form(t, v)
	if resp.StatusCode != 200 {
		t.Fatalf("submission status %d", resp.StatusCode)
	}
	body, _ := io.ReadAll(resp.Body)
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("submission response %q: %v", body, err)
	}
	return out
}

func (e *champEnv) ask(t *testing.T, q string) *answer.Reply {
	t.Helper()
	r, err := e.bot.Answerer().Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestChampionAddsEntryAndItIsAnsweredAtOnce(t *testing.T) {
	e := newChampEnv(t)
	start := time.Now()
	resp := e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{
		FieldQuestion:  "Who edits the Kendal social prescribing newsletter?",
		FieldAlsoAsked: "kendal newsletter editor",
		FieldAnswer:    "Sam at the Kendal team: *monthly*, ask to be added.",
		FieldTags:      "newsletter, kendal",
		FieldSourceURL: "https://www.example.org/newsletter",
	}))
	if resp != nil {
		t.Fatalf("a valid entry got response %v, want the form to close", resp)
	}
	// The champion is told where the file is, once the entry is live.
	dms, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if dms[0].Param("channel") != "U0CHAMP" || !strings.Contains(dms[0].Param("text"), "added/who-edits-the-kendal-social-prescribing-newsletter.yaml") ||
		!strings.Contains(dms[0].Param("text"), "live now") {
		t.Errorf("champion told %q in %s", dms[0].Param("text"), dms[0].Param("channel"))
	}
	r := e.ask(t, "kendal newsletter")
	if !r.Answered || r.Results[0].ID != "who-edits-the-kendal-social-prescribing-newsletter" {
		t.Fatalf("the new entry is not answered: %+v", r.Results)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v from saving to answering, want under a second", took)
	}
	f := r.Results[0].FAQ
	if f.Owner != "U0CHAMP" || f.Reviewed.IsZero() || len(f.Tags) != 2 || f.Source.URL != "https://www.example.org/newsletter" {
		t.Errorf("saved entry = %+v", f)
	}
	changes, _ := e.store.Changes()
	if len(changes) == 0 || changes[0].User != "U0CHAMP" || changes[0].Action != "add" || changes[0].File != "added/who-edits-the-kendal-social-prescribing-newsletter.yaml" {
		t.Errorf("audit = %+v", changes)
	}
}

func TestNonChampionChangesNothing(t *testing.T) {
	e := newChampEnv(t)
	before := snapshotDir(t, e.dir)
	resp := e.submit(t, submission("U0RANDOM", modalState{}, map[string]string{FieldQuestion: "Q?", FieldAnswer: "A."}))
	errs, _ := resp["errors"].(map[string]any)
	if resp["response_action"] != "errors" || !strings.Contains(fmt.Sprint(errs[FieldQuestion]), "Only Signpost champions") {
		t.Errorf("non-champion submission response = %v", resp)
	}
	for _, text := range []string{"add", "edit how-to-refer", "gaps", "reload"} {
		e.form(t, url.Values{"command": {"/signpost"}, "text": {text}, "user_id": {"U0RANDOM"}, "trigger_id": {"T"}, "response_url": {e.fake.ResponseURL(text)}})
	}
	replies, err := e.fake.WaitFor("response_url", 4, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range replies {
		if !strings.Contains(r.Param("text"), "Only Signpost champions can add or change answers") {
			t.Errorf("refusal = %q", r.Param("text"))
		}
	}
	if n := len(e.fake.Calls("views.open")); n != 0 {
		t.Errorf("opened %d forms for a non-champion", n)
	}
	if after := snapshotDir(t, e.dir); after != before {
		t.Error("a non-champion changed the knowledge directory")
	}
	if changes, _ := e.store.Changes(); len(changes) != 0 {
		t.Errorf("audit records changes by a non-champion: %+v", changes)
	}
}

func TestBuiltInKnowledgeCannotBeEdited(t *testing.T) {
	e := newChampEnv(t)
	e.bot.opt.Editor = nil
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"add"}, "user_id": {"U0CHAMP"}, "trigger_id": {"T"}, "response_url": {e.fake.ResponseURL("add")}})
	replies, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(replies[0].Param("text"), "built-in knowledge") || len(e.fake.Calls("views.open")) != 0 {
		t.Errorf("add on built-in knowledge = %q", replies[0].Param("text"))
	}
}

func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			fmt.Fprintf(&b, "%s\n%s\n", p, data)
		}
		return nil
	})
	return b.String()
}

func TestInvalidFieldsComeBackOnTheForm(t *testing.T) {
	e := newChampEnv(t)
	tests := []struct {
		name   string
		fields map[string]string
		field  string
		want   string
	}{
		{"empty question", map[string]string{FieldQuestion: "", FieldAnswer: "A."}, FieldQuestion, "empty"},
		{"empty answer", map[string]string{FieldQuestion: "Q?", FieldAnswer: ""}, FieldAnswer, "empty"},
		{"source url without scheme", map[string]string{FieldQuestion: "Q?", FieldAnswer: "A.", FieldSourceURL: "www no scheme"}, FieldSourceURL, "web address"},
		{"phone number in question", map[string]string{FieldQuestion: "Can Mrs B on 07700 900123 come?", FieldAnswer: "A."}, FieldQuestion, "patient details"},
		{"nhs number in also asked", map[string]string{FieldQuestion: "Q?", FieldAlsoAsked: "for NHS7335265169", FieldAnswer: "A."}, FieldAlsoAsked, "an NHS number"},
		{"name and address in answer", map[string]string{FieldQuestion: "Q?", FieldAnswer: "Mrs Jane Smith of 12 Acacia Avenue went."}, FieldAnswer, "a name"},
		{"date of birth in tags", map[string]string{FieldQuestion: "Q?", FieldAnswer: "A.", FieldTags: "dob 03041960"}, FieldTags, "a date of birth"},
		{"name in source title", map[string]string{FieldQuestion: "Q?", FieldAnswer: "A.", FieldSourceTitle: "Notes on Mr Patel"}, FieldSourceTitle, "a name"},
	}
	before := snapshotDir(t, e.dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := e.submit(t, submission("U0CHAMP", modalState{}, tt.fields))
			errs, _ := resp["errors"].(map[string]any)
			if resp["response_action"] != "errors" || !strings.Contains(fmt.Sprint(errs[tt.field]), tt.want) {
				t.Errorf("%v: response %v, want an error on %s mentioning %q", tt.fields, resp, tt.field, tt.want)
			}
		})
	}
	if after := snapshotDir(t, e.dir); after != before {
		t.Error("an invalid submission changed the knowledge directory")
	}
	// A service's helpline in an answer is not a patient's detail.
	resp := e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{FieldQuestion: "Who can I call about domestic abuse?", FieldAnswer: "The National Domestic Abuse Helpline: 0808 2000 247, or helpline@example.org."}))
	if resp != nil {
		t.Errorf("an answer with a helpline number was refused: %v", resp)
	}
}

func TestEditThroughTheForm(t *testing.T) {
	e := newChampEnv(t)
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"edit how-to-refer"}, "user_id": {"U0GROUPIE"}, "trigger_id": {"TRIG-EDIT"}})
	opens, err := e.fake.WaitFor("views.open", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	view := opens[0].Param("view")
	for _, want := range []string{`"callback_id":"signpost_add"`, `"private_metadata":"how-to-refer"`, `"block_id":"question"`, `"action_id":"question"`,
		`"initial_value":"How do I refer someone to a link worker?"`, `"block_id":"also_asked"`, `"block_id":"source_url"`} {
		if !strings.Contains(view, want) {
			t.Errorf("edit form lacks %s:\n%s", want, view)
		}
	}
	if opens[0].Param("trigger_id") != "TRIG-EDIT" {
		t.Errorf("trigger_id = %q", opens[0].Param("trigger_id"))
	}
	resp := e.submit(t, submission("U0GROUPIE", modalState{ID: "how-to-refer"}, map[string]string{
		FieldQuestion: "How do I refer someone to a link worker?", FieldAnswer: "Use the new online form.",
	}))
	if resp != nil {
		t.Fatalf("response %v", resp)
	}
	if _, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	r := e.ask(t, "how do I refer to a link worker")
	if r.Results[0].ID != "how-to-refer" || r.Results[0].Text != "Use the new online form." {
		t.Errorf("edited answer = %+v", r.Results[0])
	}
	data, _ := os.ReadFile(filepath.Join(e.dir, "faq", "basics.yaml"))
	if !strings.Contains(string(data), "id: what-is-social-prescribing") || !strings.Contains(string(data), "owner: U0GROUPIE") {
		t.Errorf("the file lost other entries or the owner:\n%s", data)
	}
}

func TestConcurrentSavesBothLand(t *testing.T) {
	e := newChampEnv(t)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{
				FieldQuestion: "What time does the Whitby café open?", FieldAnswer: fmt.Sprintf("Answer number %d.", i),
			}))
		})
	}
	wg.Wait()
	if _, err := e.fake.WaitFor("chat.postMessage", 2, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Load(os.DirFS(e.dir))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, f := range kb.FAQs {
		if f.Question == "What time does the Whitby café open?" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d of 2 concurrent saves landed", n)
	}
}

func TestBrokenFileKeepsOldAnswers(t *testing.T) {
	e := newChampEnv(t)
	os.WriteFile(filepath.Join(e.dir, "faq", "broken.yaml"), []byte("faq:\n  - id: x\n    question: [unclosed\n"), 0o644)
	if err := e.rl.Reload(context.Background()); err == nil {
		t.Fatal("reload of a broken directory succeeded")
	}
	if r := e.ask(t, "what is social prescribing"); !r.Answered {
		t.Error("answers were lost when the knowledge broke")
	}
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Param("channel") != "C0CHAMPS" || !strings.Contains(posts[0].Param("blocks"), "faq/broken.yaml:2:1: YAML syntax") {
		t.Errorf("champions not told where the problem is: %s", posts[0].Param("blocks"))
	}
}

// A champion's entry goes live at once even while someone else's file is
// broken: the save checks its own entry, and only the full reload waits
// for the directory to be fixed.
func TestSaveGoesLiveWhileAnotherFileIsBroken(t *testing.T) {
	e := newChampEnv(t)
	os.WriteFile(filepath.Join(e.dir, "faq", "broken.yaml"), []byte("faq:\n  - id: x\n    question: [unclosed\n"), 0o644)
	resp := e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{
		FieldQuestion: "Who edits the Kendal social prescribing newsletter?", FieldAnswer: "Sam at the Kendal team.",
	}))
	if resp != nil {
		t.Fatalf("response %v", resp)
	}
	dms, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dms[0].Param("text"), "live now") {
		t.Errorf("champion told %q", dms[0].Param("text"))
	}
	if r := e.ask(t, "kendal newsletter"); !r.Answered || r.Results[0].ID != "who-edits-the-kendal-social-prescribing-newsletter" {
		t.Errorf("the new entry is not answered: %+v", r.Results)
	}
	if r := e.ask(t, "what is social prescribing"); !r.Answered {
		t.Error("the rest of the knowledge was lost")
	}
}

func TestReloadUnderLoadFailsNoQuestion(t *testing.T) {
	e := newChampEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	var asked, failed atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				r, err := e.bot.Answerer().Answer(context.Background(), "befriending in Whitby")
				asked.Add(1)
				if err != nil || !r.Answered {
					failed.Add(1)
				}
			}
		})
	}
	for i := range 10 {
		extra := fmt.Sprintf("faq:\n  - id: reload-%d\n    question: Reload test %d?\n    answer: Yes.\n", i, i)
		os.WriteFile(filepath.Join(e.dir, "faq", fmt.Sprintf("reload-%d.yaml", i)), []byte(extra), 0o644)
		if err := e.rl.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	if failed.Load() != 0 || asked.Load() < 100 {
		t.Errorf("%d of %d questions failed during 10 reloads", failed.Load(), asked.Load())
	}
	if r := e.ask(t, "reload test 9"); !r.Answered {
		t.Error("the last reload is not live")
	}
	t.Logf("%d questions answered during 10 reloads, none failed", asked.Load())
}

func TestGapsAnswerAndDismiss(t *testing.T) {
	e := newChampEnv(t)
	for i, q := range []string{"choir in Whitby", "Choir, Whitby?", "tell me a joke"} {
		e.event(t, mentionEvent(fmt.Sprintf("EvGap%d", i), "C0CHAN", fmt.Sprintf("1700000030.%06d", i), "", "<@U0BOT> "+q))
	}
	e.fake.WaitFor("chat.postMessage", 3, 5*time.Second)
	e.settle(t)
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"gaps"}, "user_id": {"U0CHAMP"}, "response_url": {e.fake.ResponseURL("gaps")}})
	lists, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	blocks := lists[0].Param("blocks")
	if !strings.Contains(blocks, "2 open") || !strings.Contains(blocks, "asked 2 times") || !strings.Contains(blocks, ActionAnswerGap) {
		t.Fatalf("gaps list = %s", blocks)
	}
	gaps, _ := e.store.Gaps(false)
	var choir, joke string
	for _, g := range gaps {
		if strings.Contains(g.Key, "choir") {
			choir = g.Key
		} else {
			joke = g.Key
		}
	}
	// Answer this: the form opens with the question, and saving closes the gap.
	e.form(t, interaction(ActionAnswerGap, choir, map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "trigger_id": "TRIG-GAP"}))
	opens, err := e.fake.WaitFor("views.open", 1, 5*time.Second)
	// The form holds the latest wording; the two were asked at once.
	if err != nil || !strings.Contains(opens[0].Param("view"), `"initial_value":"choir in Whitby"`) && !strings.Contains(opens[0].Param("view"), `"initial_value":"Choir, Whitby?"`) {
		t.Fatalf("answer-this form = %v %v", opens, err)
	}
	if !strings.Contains(opens[0].Param("view"), `"private_metadata":"gap:`+choir+`"`) {
		t.Errorf("answer-this form does not carry the gap: %s", opens[0].Param("view"))
	}
	e.submit(t, submission("U0CHAMP", modalState{Gap: choir}, map[string]string{FieldQuestion: "Is there a choir in Whitby?", FieldAnswer: "Not yet: try Fellside Singers in Kendal."}))
	e.fake.WaitFor("chat.postMessage", 4, 5*time.Second)
	e.form(t, interaction(ActionDismissGap, joke, map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "response_url": e.fake.ResponseURL("dismiss")}))
	e.fake.WaitFor("response_url", 2, 5*time.Second)
	if open, _ := e.store.Gaps(false); len(open) != 0 {
		t.Errorf("open gaps after answering and dismissing = %+v", open)
	}
}

func TestMessageShortcutPrefillsQuestion(t *testing.T) {
	e := newChampEnv(t)
	cb := map[string]any{
		"type": "message_action", "callback_id": CallbackShortcut, "trigger_id": "TRIG-SC",
		"user": map[string]any{"id": "U0CHAMP"}, "channel": map[string]any{"id": "C0CHAN"},
		"message": map[string]any{"type": "message", "text": "<@U0BOT> does anyone know a dementia café near Whitby? my patient is on 07700 900123", "ts": "1.1"},
	}
	b, _ := json.Marshal(cb)
	e.form(t, url.Values{"payload": {string(b)}})
	opens, err := e.fake.WaitFor("views.open", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	view := opens[0].Param("view")
	if !strings.Contains(view, "does anyone know a dementia café near Whitby?") || strings.Contains(view, "900123") {
		t.Errorf("prefilled form = %s", view)
	}
}

func TestChampionsByUserGroup(t *testing.T) {
	e := newChampEnv(t)
	ctx := context.Background()
	if !e.bot.isChampion(ctx, "U0GROUPIE") || !e.bot.isChampion(ctx, "U0CHAMP") || e.bot.isChampion(ctx, "U0RANDOM") || e.bot.isChampion(ctx, "") {
		t.Error("champion checks wrong")
	}
	if n := len(e.fake.Calls("usergroups.users.list")); n != 1 {
		t.Errorf("group members fetched %d times, want once (cached)", n)
	}
}

func TestDigest(t *testing.T) {
	e := newChampEnv(t)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for i, answered := range []bool{true, true, true, false} {
		e.store.RecordQuestion(store.Asked{At: now.Add(-time.Duration(i+1) * time.Hour), Answered: answered, Top: "how-to-refer"})
	}
	e.store.RecordQuestion(store.Asked{At: now.AddDate(0, 0, -10), Answered: false}) // before the week
	e.store.RecordGap("choir whitby", "choir in Whitby", "music", "Whitby", nil, false, now.Add(-time.Hour))
	e.store.RecordFeedback(store.Feedback{At: now.Add(-time.Hour), Helpful: true})
	if err := e.bot.PostDigest(context.Background(), e.store, now); err != nil {
		t.Fatal(err)
	}
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	blocks := posts[0].Param("blocks")
	// Each gap can be answered, linked to an answer or dismissed from the
	// digest itself.
	for _, want := range []string{"4 questions, 75% answered", "1 :thumbsup:  0 :thumbsdown:", "choir in Whitby (1)", "Due a review", "evidence", "2025-01-15",
		ActionAnswerGap, ActionLinkOther, ActionDismissGap} {
		if !strings.Contains(blocks, want) {
			t.Errorf("digest lacks %q:\n%s", want, blocks)
		}
	}
	if posts[0].Param("channel") != "C0CHAMPS" {
		t.Errorf("digest went to %s", posts[0].Param("channel"))
	}
}

func TestNextDigest(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"tuesday to next monday", time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), "2026-11-30 09:00 GMT"}, // Tuesday → next Monday
		{"monday just before", time.Date(2026, 11, 30, 8, 59, 0, 0, time.UTC), "2026-11-30 09:00 GMT"},     // Monday, just before
		{"monday on the dot", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), "2026-12-07 09:00 GMT"},       // Monday, on the dot: next week
		{"across the clock change", time.Date(2027, 3, 27, 12, 0, 0, 0, time.UTC), "2027-03-29 09:00 BST"}, // across the clock change
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextDigest(tt.now, time.Monday, "09:00", london).Format("2006-01-02 15:04 MST"); got != tt.want {
				t.Errorf("NextDigest(%v) = %s, want %s", tt.now, got, tt.want)
			}
		})
	}
}

// helper so champions_test compiles without an unused import when run alone
var _ = http.StatusOK

func TestEditButtonOpensTheForm(t *testing.T) {
	e := newChampEnv(t)
	// A champion asking privately sees an Edit button under the answer.
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"how do I refer someone to a link worker"}, "user_id": {"U0CHAMP"}, "channel_id": {"C0CHAN"}, "trigger_id": {"T"}, "response_url": {e.fake.ResponseURL("ask")}})
	replies, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(replies[0].Param("blocks"), ActionEdit) || !strings.Contains(replies[0].Param("blocks"), "Id: `how-to-refer`") {
		t.Fatalf("champion's answer lacks Edit and the id: %s", replies[0].Param("blocks"))
	}
	for _, who := range []string{"U0RANDOM", "U0CHAMP"} {
		e.form(t, interaction(ActionEdit, "how-to-refer", map[string]any{"user": map[string]any{"id": who}, "response_url": e.fake.ResponseURL("edit-" + who)}))
	}
	opens, err := e.fake.WaitFor("views.open", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(opens[0].Param("view"), `"private_metadata":"how-to-refer"`) {
		t.Errorf("Edit opened %s", opens[0].Param("view"))
	}
	refusals, _ := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if len(refusals) < 2 || !strings.Contains(refusals[1].Param("text"), "Only Signpost champions") {
		t.Errorf("a non-champion's Edit was not refused: %v", refusals)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(e.fake.Calls("views.open")); n != 1 {
		t.Errorf("%d forms opened, want 1 (the champion's)", n)
	}
}

func TestFormThatWillNotOpenIsExplained(t *testing.T) {
	e := newChampEnv(t)
	e.fake.Fail("views.open", fakeslack.Failure{Error: "expired_trigger_id"})
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"add"}, "user_id": {"U0CHAMP"}, "trigger_id": {"T"}, "response_url": {e.fake.ResponseURL("add")}})
	replies, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(replies[0].Param("text"), "couldn't open the form") || !strings.Contains(replies[0].Param("text"), "try again") {
		t.Errorf("views.open failure told the champion %q", replies[0].Param("text"))
	}
}

// TestReplayedRequestsHaveNoEffect sends the same signed form submission
// and slash command twice, as someone who captured them might.
func TestReplayedRequestsHaveNoEffect(t *testing.T) {
	e := newChampEnv(t)
	v := submission("U0CHAMP", modalState{}, map[string]string{FieldQuestion: "Is there a choir for people with COPD?", FieldAnswer: "Yes: Singing for Lung Health."})
	body := v.Encode()
	h := sign(body, time.Now())
	for range 2 {
		if resp := e.send(t, "application/x-www-form-urlencoded", body, h); resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	saved := func() int {
		n := 0
		for _, f := range e.bot.Answerer().Index().Knowledge().FAQs {
			if f.Question == "Is there a choir for people with COPD?" {
				n++
			}
		}
		return n
	}
	// The save happens after the reply to Slack: wait for it (however
	// busy the machine), then a little more for a second one that must
	// not come.
	for deadline := time.Now().Add(5 * time.Second); saved() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if n := saved(); n != 1 {
		t.Errorf("the entry was saved %d times, want once", n)
	}
	cmd := url.Values{"command": {"/signpost"}, "text": {"what is a link worker"}, "user_id": {"U0X"}, "response_url": {e.fake.ResponseURL("replay")}}.Encode()
	ch := sign(cmd, time.Now())
	e.send(t, "application/x-www-form-urlencoded", cmd, ch)
	e.send(t, "application/x-www-form-urlencoded", cmd, ch)
	if _, err := e.fake.WaitFor("response_url", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.fake.Calls("response_url")); n != 1 {
		t.Errorf("a replayed command was answered %d times, want once", n)
	}
}

func TestErrorsShownToChampionsHaveNoServerPaths(t *testing.T) {
	err := fmt.Errorf("writing /srv/signpost/knowledge/added/.tmp-123/x.yaml: open /var/lib/signpost/data/signpost.db: permission denied")
	got := shownError(err)
	if strings.Contains(got, "/srv") || strings.Contains(got, "/var") || !strings.Contains(got, "x.yaml") || !strings.Contains(got, "signpost.db") {
		t.Errorf("shownError = %q", got)
	}
	web := fmt.Errorf(`faq.yaml:3:5: source url "https://www.nhs.uk/a/b c" holds a space`)
	if got := shownError(web); got != web.Error() {
		t.Errorf("a web address was cut: %q", got)
	}
}

// brokenAudit is a store whose audit of changes cannot be written, as when
// the disk is full.
type brokenAudit struct{ *store.Store }

func (brokenAudit) RecordChange(store.Change) error { return errors.New("disk full") }

// TestUnrecordableChangeIsNotMade: when the audit of changes cannot be
// written (a full disk), a champion's save is refused, and the form, the
// log and /metrics all say why: no change is ever made unrecorded.
func TestUnrecordableChangeIsNotMade(t *testing.T) {
	e := newChampEnv(t)
	e.bot.opt.Store = brokenAudit{e.store}
	resp := e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{
		FieldQuestion: "Who edits the Kendal newsletter?",
		FieldAnswer:   "Sam at the Kendal team.",
	}))
	if !strings.Contains(fmt.Sprint(resp), "could not be recorded in the audit of changes") {
		t.Errorf("the form was answered %v, want it to say the change could not be recorded", resp)
	}
	if !strings.Contains(e.logs.String(), "could not record a change in the audit") {
		t.Errorf("no log of the audit failure:\n%s", e.logs.String())
	}
	if r := e.ask(t, "Who edits the Kendal newsletter?"); r.Answered && r.Results[0].FAQ != nil && r.Results[0].FAQ.Question == "Who edits the Kendal newsletter?" {
		t.Errorf("the entry went live unrecorded")
	}
	if _, err := os.Stat(filepath.Join(e.dir, "added", "who-edits-the-kendal-newsletter.yaml")); err == nil {
		t.Error("the entry was written though its audit record could not be")
	}
	rec := httptest.NewRecorder()
	e.bot.opt.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), "signpost_changes_unaudited_total 1") {
		t.Errorf("metrics do not count the audit failure")
	}
}

// TestReplayInAnyCase: a signed request sent again with its signature's
// hex in capitals, or after a restart, has no second effect.
func TestReplayInAnyCase(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, func(o *Options) { o.Store = st }, nil)
	cmd := url.Values{"command": {"/signpost"}, "text": {"what is a link worker"}, "user_id": {"U0X"}, "response_url": {e.fake.ResponseURL("replay-case")}}.Encode()
	h := sign(cmd, time.Now())
	e.send(t, "application/x-www-form-urlencoded", cmd, h)
	upper := h.Clone()
	upper.Set("X-Slack-Signature", "v0="+strings.ToUpper(strings.TrimPrefix(h.Get("X-Slack-Signature"), "v0=")))
	e.send(t, "application/x-www-form-urlencoded", cmd, upper)
	if _, err := e.fake.WaitFor("response_url", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.fake.Calls("response_url")); n != 1 {
		t.Errorf("a command replayed with its signature in capitals was answered %d times, want once", n)
	}

	// A restart forgets nothing: a new bot on the same store refuses it.
	replayAfterRestart(t, e, st, "application/x-www-form-urlencoded", cmd, h)
	if n := len(e.fake.Calls("response_url")); n != 1 {
		t.Errorf("a command replayed after a restart was answered %d times in all, want once", n)
	}
}

// TestDigestOnceWhenTheClockStepsBack: after the digest is posted, the
// clock is stepped back an hour (as NTP may): the same digest is not
// posted again; the loop waits for the next week's.
func TestDigestOnceWhenTheClockStepsBack(t *testing.T) {
	e := newChampEnv(t)
	monday := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := monday.Add(-time.Second)
	waits := make(chan time.Duration, 10)
	e.bot.clock = clock{
		now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		after: func(d time.Duration) <-chan time.Time {
			waits <- d
			c := make(chan time.Time, 1)
			if d < time.Hour {
				mu.Lock()
				now = now.Add(d + time.Second) // the digest's time comes
				mu.Unlock()
				c <- now
			}
			return c // a week's wait never ends in the test
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.bot.RunDigest(ctx, e.store, time.Monday, "09:00", time.UTC)
	<-waits // the first wait: a second
	if _, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(-time.Hour) // stepped back, before 09:00 again
	mu.Unlock()
	select {
	case d := <-waits:
		if d < 6*24*time.Hour {
			t.Errorf("after the clock stepped back the digest waits %v, want the next week", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the digest loop did not wait again")
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("the digest was posted %d times, want once", n)
	}
}

// TestAuditIsAsDurableAsTheChange: the record of a champion's save is
// written before the entry is, and before Slack is answered; when it
// cannot be written, the entry is not saved.
func TestAuditIsAsDurableAsTheChange(t *testing.T) {
	e := newChampEnv(t)
	resp := e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{FieldQuestion: "Where is the kite club?", FieldAnswer: "On the hill."}))
	if resp != nil {
		t.Fatalf("save refused: %v", resp)
	}
	// No waiting: a kill -9 straight after the reply must find it.
	changes, err := e.store.Changes()
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Action != "add" || changes[0].Entry == "" {
		t.Fatalf("audit when Slack was answered = %+v, want the add", changes)
	}
	if _, err := os.Stat(filepath.Join(e.dir, changes[0].File)); err != nil {
		t.Errorf("audited file %s: %v", changes[0].File, err)
	}

	e.bot.opt.Store = brokenAudit{e.store}
	resp = e.submit(t, submission("U0CHAMP", modalState{}, map[string]string{FieldQuestion: "Where is the yoyo club?", FieldAnswer: "In the park."}))
	if resp == nil || !strings.Contains(fmt.Sprint(resp), "audit") {
		t.Errorf("a save whose audit failed was answered %v, want the form to say so", resp)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "added", "where-is-the-yoyo-club.yaml")); err == nil {
		t.Error("the entry was saved though its audit record could not be written")
	}
}

// TestEventReplayAfterRestart: a signed event sent again to a restarted
// bot on the same store, inside the five minutes, is not answered again.
func TestEventReplayAfterRestart(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, func(o *Options) { o.Store = st }, nil)
	body := mentionEvent("EvRR1", "C0CHAN", "1700000097.000001", "", "<@U0BOT> what is a link worker")
	h := sign(body, time.Now())
	e.send(t, "application/json", body, h)
	if _, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	replayAfterRestart(t, e, st, "application/json", body, h)
	time.Sleep(300 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("an event replayed after a restart was answered %d times in all, want once", n)
	}
}

// replayAfterRestart waits until the store holds the keys of what e's bot
// took up (written off the acknowledgement's path), starts a second bot on
// the same store, as a restart would, and sends it the signed request
// again; then gives it time to act on it, if it wrongly would.
func replayAfterRestart(t *testing.T, e *env, st *store.Store, contentType, body string, h http.Header) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if keys, _ := st.RecentUses(time.Now(), time.Hour); len(keys) > 0 {
			break
		}
	}
	again := New(e.bot.api, answerer(t), Options{Store: st, Logger: e.bot.log, Render: e.bot.opt.Render, PerUser: openBudget, PerChannel: openBudget})
	srv := startBot(t, again)
	req, _ := http.NewRequest("POST", srv.URL+"/slack/events", strings.NewReader(body))
	req.Header = h.Clone()
	req.Header.Set("Content-Type", contentType)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	time.Sleep(300 * time.Millisecond)
}
