package slackbot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/answer"
)

// threadMessage is a message in a channel thread, without a mention, as
// message.channels delivers it.
func threadMessage(eventID, channel, ts, thread, text string) string {
	return callback(eventID, map[string]any{"type": "message", "channel_type": "channel", "user": "U0ASKER",
		"text": text, "ts": ts, "thread_ts": thread, "channel": channel, "event_ts": ts})
}

func dmMessage(eventID, ts, text string) string {
	return callback(eventID, map[string]any{"type": "message", "channel_type": "im", "user": "U0ASKER",
		"text": text, "ts": ts, "channel": "D0DM", "event_ts": ts})
}

// posted waits for the nth post and returns its thread and blocks' text.
func (e *env) posted(t *testing.T, n int) (thread, text string) {
	t.Helper()
	posts, err := e.fake.WaitFor("chat.postMessage", n, 5*time.Second)
	if err != nil {
		t.Fatalf("waiting for post %d: %v", n, err)
	}
	p := posts[n-1]
	return p.Param("thread_ts"), blocksText(p.Blocks())
}

// quiet checks that no more than n posts were made.
func (e *env) quiet(t *testing.T, n int, why string) {
	t.Helper()
	time.Sleep(150 * time.Millisecond)
	if got := len(e.fake.Calls("chat.postMessage")); got != n {
		t.Errorf("%d posts, want %d: %s", got, n, why)
	}
}

func TestThreadFollowUps(t *testing.T) {
	e := newEnv(t)
	const t1, t2 = "1700000300.000100", "1700000400.000100"
	e.event(t, mentionEvent("EvC1", "C0CHAN", t1, "", "<@U0BOT> befriending in Whitby"))
	if thread, text := e.posted(t, 1); thread != t1 || !strings.Contains(text, "Harbourside Friends") {
		t.Fatalf("first answer in %q: %s", thread, text)
	}
	// A follow-up in the thread, no mention: heard, and read with the thread.
	e.event(t, threadMessage("EvC2", "C0CHAN", "1700000300.000200", t1, "is it free?"))
	thread, text := e.posted(t, 2)
	if thread != t1 || !strings.Contains(text, "Reading this as *Befriending free in Whitby*") || !strings.Contains(text, "Harbourside Friends") {
		t.Errorf("follow-up answered in %q as:\n%s", thread, text)
	}
	// Chatter in the thread is not put to Signpost, even when it asks
	// something: a colleague's question Signpost cannot help with gets
	// silence, not "I don't know" passed to the champions.
	e.event(t, threadMessage("EvC3", "C0CHAN", "1700000300.000300", t1, "lol thanks all, see you at the huddle"))
	e.event(t, threadMessage("EvC3b", "C0CHAN", "1700000300.000350", t1, "can you make the 3pm meeting?"))
	e.quiet(t, 2, "chatter in a thread was answered")
	e.settle(t)
	if gaps, _ := e.store.Gaps(true); len(gaps) != 0 {
		t.Errorf("thread chatter became gaps for the champions: %+v", gaps)
	}
	// A thread Signpost never answered in is not its business.
	e.event(t, threadMessage("EvC4", "C0CHAN", "1700000999.000200", "1700000999.000100", "and in Kendal?"))
	e.quiet(t, 2, "a question in another thread was answered")

	// A second thread keeps its own context.
	e.event(t, mentionEvent("EvC5", "C0CHAN", t2, "", "<@U0BOT> any choirs in Kendal?"))
	e.posted(t, 3)
	e.event(t, threadMessage("EvC6", "C0CHAN", "1700000400.000200", t2, "and in Whitby?"))
	if thread, text := e.posted(t, 4); thread != t2 || !strings.Contains(text, "Reading this as *Music and singing in Whitby*") || strings.Contains(text, "efriending") {
		t.Errorf("second thread's follow-up in %q:\n%s", thread, text)
	}
	// And the first thread still has its own.
	e.event(t, threadMessage("EvC7", "C0CHAN", "1700000300.000400", t1, "how do I refer to them?"))
	if _, text := e.posted(t, 5); !strings.Contains(text, "Reading this as *Harbourside Friends*") {
		t.Errorf("first thread lost its context:\n%s", text)
	}
	// "start again" forgets; the next message stands alone.
	e.event(t, threadMessage("EvC8", "C0CHAN", "1700000300.000500", t1, "start again"))
	if _, text := e.posted(t, 6); !strings.Contains(text, "starting again") {
		t.Errorf("reset answered:\n%s", text)
	}
	// With the context gone, "is it free?" means nothing Signpost can
	// answer, and nobody mentioned it: silence.
	e.event(t, threadMessage("EvC9", "C0CHAN", "1700000300.000600", t1, "is it free?"))
	e.quiet(t, 6, "context survived start again")
	// The thread is still heard: a clear question is answered.
	e.event(t, threadMessage("EvC10", "C0CHAN", "1700000300.000700", t1, "any choirs in Kendal?"))
	if _, text := e.posted(t, 7); strings.Contains(text, "Reading this as") || !strings.Contains(text, "Fellside Singers") {
		t.Errorf("after start again:\n%s", text)
	}
}

func TestDMFollowUpsWithinAWindow(t *testing.T) {
	e := newEnvWith(t, func(o *Options) { o.DMs = answer.NewConversations(100, 300*time.Millisecond) }, nil)
	e.event(t, dmMessage("EvD1", "1700000500.000100", "befriending in Whitby"))
	e.posted(t, 1)
	e.event(t, dmMessage("EvD2", "1700000500.000200", "is it free?"))
	if _, text := e.posted(t, 2); !strings.Contains(text, "Reading this as") {
		t.Errorf("a DM follow-up within the window was not read with the conversation:\n%s", text)
	}
	time.Sleep(400 * time.Millisecond)
	e.event(t, dmMessage("EvD3", "1700000500.000300", "is it free?"))
	if _, text := e.posted(t, 3); strings.Contains(text, "Reading this as") {
		t.Errorf("a DM after the window kept the old context:\n%s", text)
	}
}

// TestThreadMemoryIsBounded: past the bound, the least recent thread is
// forgotten, and its follow-ups go unheard like any thread chatter.
func TestThreadMemoryIsBounded(t *testing.T) {
	e := newEnvWith(t, func(o *Options) { o.Threads = answer.NewConversations(2, time.Hour) }, nil)
	for i := range 3 {
		e.event(t, mentionEvent(fmt.Sprintf("EvM%d", i), "C0CHAN", fmt.Sprintf("17000006%02d.000100", i), "", "<@U0BOT> befriending in Whitby"))
		e.posted(t, i+1)
	}
	if n := e.bot.opt.Threads.Len(); n != 2 {
		t.Errorf("%d threads remembered, want the bound of 2", n)
	}
	e.event(t, threadMessage("EvM9", "C0CHAN", "1700000600.000200", "1700000600.000100", "is it free?"))
	e.quiet(t, 3, "a forgotten thread's follow-up was answered")
	e.event(t, threadMessage("EvM8", "C0CHAN", "1700000602.000200", "1700000602.000100", "is it free?"))
	if _, text := e.posted(t, 4); !strings.Contains(text, "Reading this as") {
		t.Errorf("the newest thread lost its context:\n%s", text)
	}
}

func TestSocketModeThreadFollowUp(t *testing.T) {
	b, fake := newSocketEnv(t)
	_ = b
	const t1 = "1700000700.000100"
	fake.Send(envelope("env-c1", "events_api", rawPayload(mentionEvent("EvSC1", "C0CHAN", t1, "", "<@U0BOT> befriending in Whitby"))))
	if _, err := fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	fake.Send(envelope("env-c2", "events_api", rawPayload(threadMessage("EvSC2", "C0CHAN", "1700000700.000200", t1, "and in Kendal?"))))
	if _, err := fake.WaitAck("env-c2", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	posts, err := fake.WaitFor("chat.postMessage", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[1]; p.Param("thread_ts") != t1 || !strings.Contains(p.Param("blocks"), "Reading this as") {
		t.Errorf("socket mode follow-up in %q: %s", p.Param("thread_ts"), p.Param("blocks"))
	}
}

func TestReadsAsQuestion(t *testing.T) {
	for in, want := range map[string]bool{
		"is it free?": true, "and in Kendal": true, "what about debt": true, "start again": true,
		"lol thanks all": false, "see you at 3": false, "": false, "great, cheers!": false,
	} {
		if got := readsAsQuestion(in); got != want {
			t.Errorf("readsAsQuestion(%q) = %v, want %v", in, got, want)
		}
	}
}
