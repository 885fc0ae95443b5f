package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/store"
)

func newSocketEnv(t *testing.T) (*Bot, *fakeslack.Fake) {
	t.Helper()
	return newSocketEnvWith(t, Options{Logger: slog.New(slog.DiscardHandler)})
}

// newSocketEnvWith is newSocketEnv with options of the test's own.
func newSocketEnvWith(t *testing.T, opt Options) (*Bot, *fakeslack.Fake) {
	t.Helper()
	fake := strictFake(t)
	t.Cleanup(fake.Close)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken("xapp-test"))
	b := New(api, answerer(t), opt)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	go b.RunSocketMode(ctx, socketmode.New(api))
	if err := fake.WaitConnected(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	return b, fake
}

func envelope(id, typ string, payload any) map[string]any {
	return map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": false}
}

func rawPayload(s string) json.RawMessage { return json.RawMessage(s) }

func TestSocketModeEvents(t *testing.T) {
	_, fake := newSocketEnv(t)
	mention := rawPayload(mentionEvent("EvS1", "C0CHAN", "1700000020.000100", "", "<@U0BOT> what's a village agent?"))
	if err := fake.Send(envelope("env-1", "events_api", mention)); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitAck("env-1", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	posts, err := fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Param("thread_ts") != "1700000020.000100" || !strings.Contains(posts[0].Param("blocks"), "Link worker") {
		t.Errorf("socket mode answer = %s", posts[0].Param("blocks"))
	}
	// A retry of the same event is acknowledged and not answered again.
	fake.Send(map[string]any{"envelope_id": "env-1b", "type": "events_api", "payload": mention, "retry_attempt": 1, "retry_reason": "timeout"})
	if _, err := fake.WaitAck("env-1b", 5*time.Second); err != nil {
		t.Fatal(err)
	}

	cmd := map[string]any{"command": "/signpost", "text": "define PCN", "user_id": "U0ASKER", "channel_id": "C0CHAN", "response_url": fake.ResponseURL("sock")}
	fake.Send(envelope("env-2", "slash_commands", cmd))
	if _, err := fake.WaitAck("env-2", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	resps, err := fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil || !strings.Contains(resps[0].Param("blocks"), "Primary care network") {
		t.Errorf("slash command over socket mode: %v %v", resps, err)
	}

	v, _ := json.Marshal(feedbackValue{Entry: "link-worker", Question: "village agent"})
	click := map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U0CLICK"}, "channel": map[string]any{"id": "C0CHAN"},
		"response_url": fake.ResponseURL("sock-fb"), "container": map[string]any{"type": "message", "message_ts": "1"},
		"actions": []map[string]any{{"action_id": ActionHelpful, "block_id": "signpost_feedback", "value": string(v), "type": "button"}},
	}
	fake.Send(envelope("env-3", "interactive", click))
	if _, err := fake.WaitAck("env-3", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor("response_url", 2, 5*time.Second); err != nil {
		t.Error(err)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts, want 1 (the retried event must not be answered twice)", n)
	}
}

func TestSocketModeAcksMessagesItCannotRead(t *testing.T) {
	_, fake := newSocketEnv(t)
	// slack-go cannot parse this payload; without a Request, the bot must
	// acknowledge it from the raw envelope id or Slack resends it for ever.
	fake.Send(envelope("env-bad", "events_api", "not an event"))
	if _, err := fake.WaitAck("env-bad", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	// And it keeps working afterwards.
	fake.Send(envelope("env-ok", "events_api", rawPayload(mentionEvent("EvS2", "C0CHAN", "1700000021.000100", "", "<@U0BOT> define PCN"))))
	if _, err := fake.WaitAck("env-ok", 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestSocketModeReconnects(t *testing.T) {
	_, fake := newSocketEnv(t)
	fake.DropConnections()
	if err := fake.WaitConnected(15 * time.Second); err != nil {
		t.Fatal(err)
	}
	fake.Send(envelope("env-after", "events_api", rawPayload(mentionEvent("EvS3", "C0CHAN", "1700000022.000100", "", "<@U0BOT> define PCN"))))
	if _, err := fake.WaitAck("env-after", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Calls("apps.connections.open")); n != 2 {
		t.Errorf("apps.connections.open called %d times, want 2 (a new connection after the drop)", n)
	}
	// Slack asks for a reconnect with a disconnect message.
	fake.Send(map[string]any{"type": "disconnect", "reason": "refresh_requested"})
	if _, err := fake.WaitFor("apps.connections.open", 3, 15*time.Second); err != nil {
		t.Fatal(err)
	}
}

// heldStore is a store whose journal write waits until release is closed,
// as when another process holds the file's lock.
type heldStore struct {
	*store.Store
	release chan struct{}
}

func (h heldStore) Accept(p store.Pending) error {
	<-h.release
	return h.Store.Accept(p)
}

// TestAcknowledgedWhateverTheStoreDoes: with the journal's store held,
// Socket Mode acknowledges every envelope and HTTP mode answers every
// event before the store lets go; the questions are answered, and once
// the store is free each is journalled and then marked answered.
func TestAcknowledgedWhateverTheStoreDoes(t *testing.T) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// Closed after the bots stop (cleanups run last first) and before the
	// folder is removed: a record still queued must not write into a
	// folder being deleted.
	t.Cleanup(func() { st.Close() })
	held := heldStore{Store: st, release: make(chan struct{})}
	released := false
	defer func() {
		if !released {
			close(held.release)
		}
	}()

	// Socket Mode.
	_, fake := newSocketEnvWith(t, Options{Logger: slog.New(slog.DiscardHandler), Store: held})
	for i := range 4 {
		ev := rawPayload(mentionEvent(fmt.Sprintf("EvH%d", i), "C0CHAN", fmt.Sprintf("1700000095.%06d", i), "", "<@U0BOT> what is a link worker"))
		if err := fake.Send(envelope(fmt.Sprintf("env-h%d", i), "events_api", ev)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		if _, err := fake.WaitAck(fmt.Sprintf("env-h%d", i), 5*time.Second); err != nil {
			t.Fatalf("envelope %d not acknowledged while the store was held: %v", i, err)
		}
	}
	if _, err := fake.WaitFor("chat.postMessage", 4, 5*time.Second); err != nil {
		t.Fatalf("not answered while the store was held: %v", err)
	}

	// HTTP mode, on a second bot sharing the held store.
	e := newEnvWith(t, func(o *Options) { o.Store = held }, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.event(t, mentionEvent("EvH9", "C0CHAN", "1700000096.000001", "", "<@U0BOT> what is a link worker"))
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("an HTTP event was not answered while the store was held")
	}

	close(held.release)
	released = true
	// Once free, every question is journalled and then marked answered.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if p, _ := st.PendingQuestions(); len(p) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	p, _ := st.PendingQuestions()
	t.Errorf("%d questions still journalled after they were answered", len(p))
}
