package slackbot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

// env is a bot wired to a fake Slack, serving HTTP on loopback.
type env struct {
	bot   *Bot
	fake  *fakeslack.Fake
	store *store.Store
	srv   *httptest.Server
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	answererOnce sync.Once
	testAnswerer *answer.Answerer
)

func answerer(t testing.TB) *answer.Answerer {
	t.Helper()
	answererOnce.Do(func() {
		kb, err := knowledge.Load(os.DirFS("../testdata/kb"))
		if err != nil {
			t.Fatal(err)
		}
		if testAnswerer, err = answer.FromKnowledge(context.Background(), kb); err != nil {
			t.Fatal(err)
		}
	})
	return testAnswerer
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil, nil) }

// newEnvWith is newEnv with options changed, and the fake set up before
// the bot starts.
func newEnvWith(t *testing.T, opts func(*Options), setup func(*fakeslack.Fake)) *env {
	t.Helper()
	fake := strictFake(t)
	if setup != nil {
		setup(fake)
	}
	t.Cleanup(fake.Close)
	cfg := RetryConfig()
	cfg.RetryAfterDuration, cfg.BackoffInitial = 10*time.Millisecond, 10*time.Millisecond
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()), slack.OptionRetryConfig(cfg))
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	opt := Options{
		Render:    Renderer{StaleAfter: 365 * 24 * time.Hour, Champions: "<#C0CHAMPS>", Now: func() time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) }},
		Logger:    slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Store:     st,
		Champions: Champions{Channel: "C0CHAMPS"},
		// Most tests send many questions from one person: the budgets
		// have tests of their own (TestBudgets).
		PerUser: openBudget, PerChannel: openBudget,
	}
	if opts != nil {
		opts(&opt)
	}
	b := New(api, answerer(t), opt)
	b.posting.backoff = 10 * time.Millisecond
	b.posting.attempts = 4 // as Slack's fourth refusal; production retries for minutes
	return &env{bot: b, fake: fake, store: st, srv: startBot(t, b), logs: logs}
}

var openBudget = Rate{Burst: 1 << 20, Every: time.Microsecond}

// startBot starts b behind a loopback HTTP server, both stopped when the
// test ends.
func startBot(t *testing.T, b *Bot) *httptest.Server {
	t.Helper()
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.Handler(secret, nil))
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Shutdown(ctx)
	})
	return srv
}

// sign signs a body as Slack does.
func sign(body string, ts time.Time) http.Header {
	stamp := fmt.Sprint(ts.Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

func (e *env) send(t *testing.T, contentType, body string, h http.Header) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/slack/events", strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (e *env) event(t *testing.T, body string, extra ...string) *http.Response {
	h := sign(body, time.Now())
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return e.send(t, "application/json", body, h)
}

func (e *env) form(t *testing.T, values url.Values) *http.Response {
	body := values.Encode()
	return e.send(t, "application/x-www-form-urlencoded", body, sign(body, time.Now()))
}

func mentionEvent(eventID, channel, ts, thread, text string) string {
	ev := map[string]any{"type": "app_mention", "user": "U0ASKER", "text": text, "ts": ts, "channel": channel, "event_ts": ts}
	if thread != "" {
		ev["thread_ts"] = thread
	}
	return callback(eventID, ev)
}

func callback(eventID string, inner map[string]any) string {
	b, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": "T0FAKE", "api_app_id": "A0FAKE", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
	})
	return string(b)
}

func blocksText(blocks []map[string]any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(blocks)
	return b.String()
}

func TestURLVerification(t *testing.T) {
	e := newEnv(t)
	resp := e.event(t, `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification = %d %q", resp.StatusCode, body)
	}
}

func TestSignatures(t *testing.T) {
	e := newEnv(t)
	body := mentionEvent("Ev1", "C0CHAN", "1.000001", "", "<@U0BOT> what is a village agent?")
	good := sign(body, time.Now())
	bad := sign(body, time.Now())
	bad.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
	tampered := sign(body+" ", time.Now())
	stale := sign(body, time.Now().Add(-6*time.Minute))
	future := sign(body, time.Now().Add(6*time.Minute))
	tests := []struct {
		name string
		h    http.Header
		want int
	}{
		{"bad signature", bad, 401},
		{"signature of another body", tampered, 401},
		{"stale timestamp", stale, 401},
		{"future timestamp", future, 401},
		{"no headers", http.Header{}, 401},
		{"good", good, 200},
	}
	accepted := 0 // cases run (one may be run alone) that Slack would send
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == 200 {
				accepted++
			}
			if resp := e.send(t, "application/json", body, tt.h); resp.StatusCode != tt.want {
				t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
			}
		})
	}
	// Only the good request is answered.
	if accepted > 0 {
		if _, err := e.fake.WaitFor("chat.postMessage", accepted, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != accepted {
		t.Errorf("%d answers posted, want %d (rejected requests must do nothing)", n, accepted)
	}
}

func TestMentionAnswersInThread(t *testing.T) {
	e := newEnv(t)
	if resp := e.event(t, mentionEvent("Ev100", "C0CHAN", "1700000001.000100", "", "<@U0BOT> what's a village agent? :thinking_face:")); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	if p.Param("channel") != "C0CHAN" || p.Param("thread_ts") != "1700000001.000100" {
		t.Errorf("posted to channel %q thread %q, want C0CHAN thread 1700000001.000100", p.Param("channel"), p.Param("thread_ts"))
	}
	text := blocksText(p.Blocks())
	for _, want := range []string{"*Link worker*", "Someone who gives people time", "Source: <https://example.org/source|Test source>", "Checked 15 January 2026", ActionHelpful, ActionNotHelpful} {
		if !strings.Contains(text, want) {
			t.Errorf("answer blocks lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, ActionShare) {
		t.Error("a public answer has a Share in channel button")
	}
	if p.Param("text") == "" {
		t.Error("no plain-text fallback")
	}
	// The answer took well under a second: no 👀, which would cost two
	// API calls for nothing.
	time.Sleep(50 * time.Millisecond)
	if n := len(e.fake.Calls("reactions.add", "reactions.remove")); n != 0 {
		t.Errorf("%d reaction calls for a fast answer, want none", n)
	}
}

func TestEyesWhileASlowAnswerIsPosted(t *testing.T) {
	e := newEnvWith(t, func(o *Options) { o.ReactAfter = 20 * time.Millisecond }, nil)
	// Slack asks for a second's wait before the post: the answer is slow.
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: time.Second})
	e.event(t, mentionEvent("Ev102", "C0CHAN", "1700000001.000300", "", "<@U0BOT> what's a village agent?"))
	adds, err := e.fake.WaitFor("reactions.add", 1, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	removes, err := e.fake.WaitFor("reactions.remove", 1, 5*time.Second)
	if err != nil || adds[0].Param("name") != "eyes" || adds[0].Param("timestamp") != "1700000001.000300" || removes[0].Param("name") != "eyes" {
		t.Errorf("👀 reaction not added then removed: %v %v", adds, removes)
	}
	posts := e.fake.Calls("chat.postMessage")
	if len(posts) != 2 || !removes[0].At.After(posts[1].At) {
		t.Errorf("👀 removed before the answer was posted (%d posts)", len(posts))
	}
}

func TestMentionInThreadStaysInThread(t *testing.T) {
	e := newEnv(t)
	e.event(t, mentionEvent("Ev101", "C0CHAN", "1700000001.000200", "1700000000.000001", "<@U0BOT> befriending in Whitby"))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Param("thread_ts") != "1700000000.000001" {
		t.Errorf("thread_ts = %q, want the thread's root", posts[0].Param("thread_ts"))
	}
	text := blocksText(posts[0].Blocks())
	for _, want := range []string{"Befriending in Whitby", "<https://www.example.org/harbourside|Harbourside Friends>", "How to refer:", "01632 960001"} {
		if !strings.Contains(text, want) {
			t.Errorf("service card lacks %q:\n%s", want, text)
		}
	}
}

func TestRetriesAndDuplicatesAnsweredOnce(t *testing.T) {
	e := newEnv(t)
	body := mentionEvent("Ev200", "C0CHAN", "1700000002.000100", "", "<@U0BOT> what is social prescribing?")
	e.event(t, body)
	e.event(t, body, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	e.event(t, body, "X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout")
	// The same mention also arrives as a message event with another id.
	e.event(t, callback("Ev201", map[string]any{"type": "message", "channel_type": "im", "user": "U0ASKER", "text": "<@U0BOT> what is social prescribing?", "ts": "1700000002.000100", "channel": "C0CHAN"}))
	if _, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("answered %d times, want once", n)
	}
}

func TestDirectMessage(t *testing.T) {
	e := newEnv(t)
	e.event(t, callback("Ev300", map[string]any{"type": "message", "channel_type": "im", "user": "U0ASKER", "text": "define PCN", "ts": "1700000003.000100", "channel": "D0DM"}))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Param("channel") != "D0DM" || posts[0].Param("thread_ts") != "" {
		t.Errorf("DM answer went to %q thread %q", posts[0].Param("channel"), posts[0].Param("thread_ts"))
	}
	if !strings.Contains(blocksText(posts[0].Blocks()), "Primary care network") {
		t.Error("define PCN did not answer with the term")
	}
}

func TestIgnored(t *testing.T) {
	e := newEnv(t)
	msg := func(id string, extra map[string]any) string {
		ev := map[string]any{"type": "message", "channel_type": "im", "user": "U0ASKER", "text": "what is social prescribing", "ts": "1700000004." + id, "channel": "D0DM"}
		for k, v := range extra {
			ev[k] = v
		}
		return callback("Ev4"+id, ev)
	}
	e.event(t, msg("000001", map[string]any{"bot_id": "B0OTHER"}))
	e.event(t, msg("000002", map[string]any{"subtype": "message_changed"}))
	e.event(t, msg("000003", map[string]any{"user": "U0BOT"}))
	e.event(t, msg("000004", map[string]any{"channel_type": "channel"})) // channel chatter without a mention
	e.event(t, callback("Ev405", map[string]any{"type": "reaction_added", "user": "U0ASKER"}))
	e.event(t, callback("Ev406", map[string]any{"type": "some_future_event", "x": 1}))
	time.Sleep(200 * time.Millisecond)
	if calls := e.fake.Calls("chat.postMessage"); len(calls) != 0 {
		t.Errorf("answered %d messages that must be ignored", len(calls))
	}
}

func TestSlashCommand(t *testing.T) {
	e := newEnv(t)
	resp := e.form(t, url.Values{"command": {"/signpost"}, "text": {"what's a care navigator?"}, "user_id": {"U0ASKER"}, "channel_id": {"C0CHAN"}, "response_url": {e.fake.ResponseURL("cmd1")}, "trigger_id": {"T1"}})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	calls, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	if c.Param("response_type") != "ephemeral" {
		t.Errorf("response_type = %q, want ephemeral", c.Param("response_type"))
	}
	text := c.Param("blocks")
	for _, want := range []string{"Link worker", ActionShare, "Share in channel", ActionHelpful} {
		if !strings.Contains(text, want) {
			t.Errorf("slash answer lacks %q: %s", want, text)
		}
	}
	if n := len(e.fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("a /signpost answer was posted publicly (%d posts)", n)
	}
}

func TestSlashHelpAndEmpty(t *testing.T) {
	e := newEnv(t)
	for i, text := range []string{"", "help"} {
		e.form(t, url.Values{"command": {"/signpost"}, "text": {text}, "user_id": {"U0ASKER"}, "response_url": {e.fake.ResponseURL(fmt.Sprint(i))}})
	}
	calls, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if !strings.Contains(c.Param("blocks"), "I answer questions about social prescribing") {
			t.Errorf("help reply = %s", c.Param("blocks"))
		}
	}
}

func interaction(actionID, value string, extra map[string]any) url.Values {
	cb := map[string]any{
		"type": "block_actions", "trigger_id": "TRIG1", "user": map[string]any{"id": "U0CLICK"},
		"channel": map[string]any{"id": "C0CHAN"}, "response_url": "",
		"container": map[string]any{"type": "message", "message_ts": "1700000005.000100", "channel_id": "C0CHAN"},
		"actions":   []map[string]any{{"action_id": actionID, "value": value, "type": "button", "block_id": "b"}},
	}
	for k, v := range extra {
		cb[k] = v
	}
	b, _ := json.Marshal(cb)
	return url.Values{"payload": {string(b)}}
}

func TestShareInChannel(t *testing.T) {
	e := newEnv(t)
	e.form(t, interaction(ActionShare, "what's a village agent?", map[string]any{
		"response_url": e.fake.ResponseURL("share1"),
		"container":    map[string]any{"type": "message", "message_ts": "1700000005.000100", "channel_id": "C0CHAN", "is_ephemeral": true},
	}))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	text := blocksText(posts[0].Blocks())
	if posts[0].Param("channel") != "C0CHAN" || !strings.Contains(text, "Shared by <@U0CLICK>") || !strings.Contains(text, "Link worker") {
		t.Errorf("shared post = %s in %s", text, posts[0].Param("channel"))
	}
	if strings.Contains(text, ActionShare) {
		t.Error("the shared answer still offers to be shared")
	}
	dels, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil || dels[0].Param("delete_original") != "true" {
		t.Errorf("the private copy was not deleted: %v %v", dels, err)
	}
}

// settle waits until every record queued so far is in the store: the one
// writer takes records in order, so a marker queued last is written last.
func (e *env) settle(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	e.bot.record("test marker", func(Store) error { close(done); return nil })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the store writer did not catch up")
	}
}

func TestFeedbackRecorded(t *testing.T) {
	e := newEnv(t)
	v, _ := json.Marshal(feedbackValue{Entry: "link-worker", Question: "what's a village agent?"})
	e.form(t, interaction(ActionHelpful, string(v), map[string]any{"response_url": e.fake.ResponseURL("fb1")}))
	e.form(t, interaction(ActionNotHelpful, string(v), map[string]any{"response_url": e.fake.ResponseURL("fb2")}))
	calls, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if c.Param("response_type") != "ephemeral" || !strings.Contains(c.Param("text"), "Thanks") {
			t.Errorf("feedback not acknowledged privately: %v", c.JSON)
		}
	}
	e.settle(t)
	fbs, err := e.store.FeedbackSince(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fbs) != 2 || fbs[0].EntryID != "link-worker" || fbs[0].User != "U0CLICK" {
		t.Errorf("feedback recorded = %+v", fbs)
	}
	gaps, _ := e.store.Gaps(false)
	if len(gaps) != 1 || gaps[0].Unhelped != 1 {
		t.Errorf("👎 did not open a gap for champions: %+v", gaps)
	}
}

func TestUnknownOffersNearMissesAndRecordsGap(t *testing.T) {
	e := newEnv(t)
	e.event(t, mentionEvent("Ev600", "C0CHAN", "1700000006.000100", "", "<@U0BOT> choir in Windermere"))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	text := blocksText(posts[0].Blocks())
	for _, want := range []string{"*I don't have music and singing services listed for Windermere yet.*", "<#C0CHAMPS>", "*The nearest listed elsewhere:*", "*Fellside Singers* · Kendal _(further away: 12 km)_", "*How to refer:* people can go themselves"} {
		if !strings.Contains(text, want) {
			t.Errorf("unknown reply lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, ActionHelpful) || strings.Contains(text, "Sorry, I don't know") {
		t.Error("a reply that shows services elsewhere says it doesn't know, or asks whether it helped")
	}
	e.settle(t)
	gaps, _ := e.store.Gaps(false)
	if len(gaps) != 1 || gaps[0].Question != "choir in Windermere" || gaps[0].Area != "Windermere" || gaps[0].Topic != "music" {
		t.Errorf("gap = %+v", gaps)
	}
}

func TestShowEntryButton(t *testing.T) {
	e := newEnv(t)
	e.form(t, interaction(ActionShowEntry, "kendal-choir", map[string]any{
		"container": map[string]any{"type": "message", "message_ts": "1700000007.000200", "thread_ts": "1700000007.000100", "channel_id": "C0CHAN"},
	}))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Param("thread_ts") != "1700000007.000100" || !strings.Contains(blocksText(posts[0].Blocks()), "Fellside Singers") {
		t.Errorf("show entry posted %s in thread %q", blocksText(posts[0].Blocks()), posts[0].Param("thread_ts"))
	}
}

func TestAppHome(t *testing.T) {
	e := newEnv(t)
	e.event(t, callback("Ev700", map[string]any{"type": "app_home_opened", "user": "U0ASKER", "channel": "D0DM", "tab": "home", "event_ts": "1"}))
	calls, err := e.fake.WaitFor("views.publish", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	if c.Param("user_id") != "U0ASKER" {
		t.Errorf("published for %q", c.Param("user_id"))
	}
	view := c.Param("view")
	for _, want := range []string{`"type":"home"`, "Glossary A–Z", "*link worker*: also care navigator, community connector, village agent", "<#C0CHAMPS>", "/signpost"} {
		if !strings.Contains(view, want) {
			t.Errorf("home view lacks %q:\n%s", want, view)
		}
	}
}

func TestPatientDetailsNeverLoggedOrStored(t *testing.T) {
	e := newEnv(t)
	e.event(t, mentionEvent("Ev800", "C0CHAN", "1700000008.000100", "", "<@U0BOT> Mrs Smith 943 476 5919, tel 07700 900123, wants a choir in Whitby"))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	text := blocksText(posts[0].Blocks())
	if !strings.Contains(text, "Please don't post patient details") || !strings.Contains(text, "an NHS number") || !strings.Contains(text, "a phone number") || !strings.Contains(text, "a name") {
		t.Errorf("no reminder about patient details:\n%s", text)
	}
	if strings.Contains(text, "5919") || strings.Contains(posts[0].Param("text"), "900123") {
		t.Error("the reply repeats the patient's details")
	}
	time.Sleep(50 * time.Millisecond)
	for _, secret := range []string{"943 476 5919", "9434765919", "07700 900123"} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("log holds %q:\n%s", secret, e.logs.String())
		}
	}
	gaps, _ := e.store.Gaps(true)
	for _, g := range gaps {
		if strings.Contains(g.Question, "5919") || strings.Contains(g.Question, "900123") {
			t.Errorf("store holds patient details: %+v", g)
		}
	}
}

func TestOddMessages(t *testing.T) {
	e := newEnv(t)
	odd := []string{
		strings.Repeat("x", 40000),
		":wave: :tada: <@U0BOT>",
		"",
		"<@U0BOT> <https://example.org|> <#C123|general> *_~~_*",
		strings.Repeat("🙂", 3000),
	}
	for i, text := range odd {
		e.event(t, mentionEvent(fmt.Sprintf("Ev9%02d", i), "C0CHAN", fmt.Sprintf("1700000009.%06d", i), "", text))
	}
	posts, err := e.fake.WaitFor("chat.postMessage", len(odd), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		if p.Param("text") == "" || len(p.Blocks()) == 0 || len(p.Blocks()) > maxBlocks {
			t.Errorf("odd message got reply text %q with %d blocks", p.Param("text"), len(p.Blocks()))
		}
	}
}

func TestRateLimitedPostIsRetriedOnce(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: time.Second})
	e.event(t, mentionEvent("Ev1000", "C0CHAN", "1700000010.000100", "", "<@U0BOT> what is social prescribing"))
	if _, err := e.fake.WaitFor("chat.postMessage", 2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	calls := e.fake.Calls("chat.postMessage")
	if wait := calls[1].At.Sub(calls[0].At); wait < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1s", wait)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestFailedPostThatWentThroughIsNotRepeated(t *testing.T) {
	e := newEnv(t)
	// Slack answers 500 but the message was posted.
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 500, Posted: true})
	e.event(t, mentionEvent("Ev1100", "C0CHAN", "1700000011.000100", "", "<@U0BOT> what is social prescribing"))
	if _, err := e.fake.WaitFor("conversations.replies", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("posted %d times, want once: the first went through", n)
	}
}

func TestServerErrorsRetriedThenPlainText(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503})
	e.event(t, mentionEvent("Ev1200", "C0CHAN", "1700000012.000100", "", "<@U0BOT> what is social prescribing"))
	posts, err := e.fake.WaitFor("chat.postMessage", 5, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// Four tries with blocks, each checked for before the next; then the
	// answer as plain text.
	if last := posts[4]; last.Param("blocks") != "" || !strings.Contains(last.Param("text"), "Social prescribing") {
		t.Errorf("fifth post = text %q blocks %q, want the answer as plain text", last.Param("text"), last.Param("blocks"))
	}
	// The bot moves on: the next question is answered.
	e.event(t, mentionEvent("Ev1201", "C0CHAN", "1700000012.000200", "", "<@U0BOT> define PCN"))
	if _, err := e.fake.WaitFor("chat.postMessage", 6, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	m := metricsText(t, e)
	for _, want := range []string{`signpost_slack_api_errors_total{method="chat.postMessage"} 4`, `signpost_slack_fallbacks_total{how="plain_text"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s:\n%s", want, m)
		}
	}
}

func metricsText(t *testing.T, e *env) string {
	resp, err := http.Get(e.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz = %v %v", resp, err)
	}
	e.event(t, mentionEvent("Ev1300", "C0CHAN", "1700000013.000100", "", "<@U0BOT> what is social prescribing"))
	e.event(t, mentionEvent("Ev1301", "C0CHAN", "1700000013.000200", "", "<@U0BOT> tell me a joke"))
	e.fake.WaitFor("chat.postMessage", 2, 5*time.Second)
	m := metricsText(t, e)
	for _, want := range []string{
		`signpost_questions_total{source="mention"} 2`,
		`signpost_answers_total{answered="yes"} 1`,
		`signpost_answers_total{answered="no"} 1`,
		`signpost_answer_seconds_count 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	ready := false
	srv := httptest.NewServer(e.bot.Handler(secret, func() bool { return ready }))
	defer srv.Close()
	if resp, _ := http.Get(srv.URL + "/healthz"); resp.StatusCode != 503 {
		t.Errorf("healthz before the index is loaded = %d, want 503", resp.StatusCode)
	}
}

func TestShutdownFinishesInFlight(t *testing.T) {
	e := newEnv(t)
	for i := range 20 {
		e.event(t, mentionEvent(fmt.Sprintf("Ev14%02d", i), "C0CHAN", fmt.Sprintf("1700000014.%06d", i), "", "<@U0BOT> what is social prescribing"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.bot.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.fake.Calls("chat.postMessage")); n != 20 {
		t.Errorf("%d of 20 answers delivered before shutdown returned", n)
	}
	e.event(t, mentionEvent("Ev1499", "C0CHAN", "1700000014.999999", "", "<@U0BOT> what is social prescribing"))
	time.Sleep(100 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 20 {
		t.Error("took new work after shutdown")
	}
}

func TestUrgentHelpInSlack(t *testing.T) {
	e := newEnv(t)
	e.event(t, mentionEvent("Ev3000", "C0CHAN", "1700000030.000100", "", "<@U0BOT> my patient said she'd be better off dead, what do I do"))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	first, _ := json.Marshal(p.Blocks()[0])
	if p.Param("thread_ts") != "1700000030.000100" || !strings.Contains(string(first), "Urgent help") || !strings.Contains(string(first), "999") {
		t.Errorf("urgent help not first, or not in the thread: %s", first)
	}
	if text := blocksText(p.Blocks()); strings.Contains(text, "don't know") {
		t.Errorf("a person at risk was told Signpost doesn't know:\n%s", text)
	}
	waitMetric(t, e, "signpost_urgent_replies_total 1")
	if strings.Contains(e.logs.String(), "better off dead") {
		t.Error("the message about a person at risk was logged")
	}
	if gaps, _ := e.store.Gaps(true); len(gaps) != 0 {
		t.Errorf("the message was kept as a gap: %+v", gaps)
	}
	// The store records the question after the reply is posted.
	var asked []store.Asked
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if asked, _ = e.store.QuestionsSince(time.Time{}); len(asked) > 0 {
			break
		}
	}
	if len(asked) != 1 || !asked[0].Urgent {
		t.Errorf("not counted as urgent in the store: %+v", asked)
	}
}
