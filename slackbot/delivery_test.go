package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/reading"
	"github.com/signpost-ahp/signpost/store"
)

// waitMetric waits for /metrics to show a line: counters are updated just
// after the call the test waited for.
func waitMetric(t *testing.T, e *env, line string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(metricsText(t, e), line) {
		if time.Now().After(deadline) {
			t.Errorf("metrics lack %s:\n%s", line, metricsText(t, e))
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// buttonsIn returns the action ids and values of the buttons in blocks.
func buttonsIn(blocks []map[string]any) (ids, values []string) {
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			m, _ := e.(map[string]any)
			if m["type"] == "button" {
				id, _ := m["action_id"].(string)
				v, _ := m["value"].(string)
				ids, values = append(ids, id), append(values, v)
			}
		}
	}
	return ids, values
}

func TestDidYouMeanButtonsHaveTheirOwnIDs(t *testing.T) {
	e := newEnv(t)
	e.event(t, mentionEvent("Ev2000", "C0CHAN", "1700000020.000100", "", "<@U0BOT> consent evidence newsletter"))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rs := e.fake.Rejections(); len(rs) > 0 {
		t.Fatalf("Slack refused the reply: %+v", rs)
	}
	ids, values := buttonsIn(posts[0].Blocks())
	if len(ids) < 2 {
		t.Fatalf("want at least two did-you-mean buttons, got %v", ids)
	}
	for i, id := range ids {
		if want := ActionShowEntry + ":" + string(rune('0'+i)); id != want {
			t.Errorf("button %d has action id %q, want %q", i, id, want)
		}
	}
	// A click on the second routes by the id's prefix.
	e.form(t, interaction(ids[1], values[1], map[string]any{
		"container": map[string]any{"type": "message", "message_ts": posts[0].Param("ts"), "thread_ts": "1700000020.000100", "channel_id": "C0CHAN"},
	}))
	shown, err := e.fake.WaitFor("chat.postMessage", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if text := blocksText(shown[1].Blocks()); !strings.Contains(text, "evidence") && !strings.Contains(text, "newsletter") {
		t.Errorf("the second button showed %s", text)
	}
}

func TestRefusedPostIsSentAsPlainText(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Error: "invalid_blocks"})
	e.event(t, mentionEvent("Ev2100", "C0CHAN", "1700000021.000100", "", "<@U0BOT> what's a village agent?"))
	posts, err := e.fake.WaitFor("chat.postMessage", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	plain := posts[1]
	if plain.Param("blocks") != "" || plain.Param("thread_ts") != "1700000021.000100" {
		t.Errorf("fallback = blocks %q in thread %q, want plain text in the thread", plain.Param("blocks"), plain.Param("thread_ts"))
	}
	for _, want := range []string{"*Link worker*", "Someone who gives people time", "Source: <https://example.org/source|Test source>"} {
		if !strings.Contains(plain.Param("text"), want) {
			t.Errorf("plain-text fallback lacks %q:\n%s", want, plain.Param("text"))
		}
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d posts, want 2 (an invalid_blocks refusal is not retried as it was)", n)
	}
	waitMetric(t, e, `signpost_slack_fallbacks_total{how="plain_text"} 1`)
}

func TestRefusedTwiceGoesPrivately(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Error: "invalid_blocks"}, fakeslack.Failure{Error: "msg_too_long"})
	e.event(t, mentionEvent("Ev2200", "C0CHAN", "1700000022.000100", "", "<@U0BOT> what's a village agent?"))
	eph, err := e.fake.WaitFor("chat.postEphemeral", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := eph[0]
	if p.Param("user") != "U0ASKER" || p.Param("channel") != "C0CHAN" || p.Param("thread_ts") != "1700000022.000100" {
		t.Errorf("private copy went to %s in %s thread %s", p.Param("user"), p.Param("channel"), p.Param("thread_ts"))
	}
	if text := p.Param("text"); !strings.Contains(text, "I couldn't post my answer here") || !strings.Contains(text, "Someone who gives people time") {
		t.Errorf("private copy = %q", text)
	}
	waitMetric(t, e, `signpost_slack_fallbacks_total{how="ephemeral"} 1`)
}

func TestUndeliverableAnswerIsCountedAndFlagged(t *testing.T) {
	e := newEnv(t)
	// Refused with blocks, as text, privately, and by direct message.
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Error: "invalid_blocks"}, fakeslack.Failure{Error: "invalid_blocks"}, fakeslack.Failure{Error: "cannot_dm_bot"})
	e.fake.Fail("chat.postEphemeral", fakeslack.Failure{Error: "user_not_in_channel"})
	e.event(t, mentionEvent("Ev2300", "C0CHAN", "1700000023.000100", "", "<@U0BOT> what's a village agent?"))
	adds, err := e.fake.WaitFor("reactions.add", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if adds[0].Param("name") != "warning" {
		t.Errorf("reaction %q on an answer that never arrived, want warning", adds[0].Param("name"))
	}
	waitMetric(t, e, "signpost_slack_undelivered_total 1")
}

// When Slack fails a post and then cannot say whether it went through,
// Signpost must not post again (that risks a double); the person gets a
// private copy instead.
func TestPrivateCopyByDirectMessageWhenEphemeralFails(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Error: "invalid_blocks"}, fakeslack.Failure{Error: "invalid_blocks"})
	e.fake.Fail("chat.postEphemeral", fakeslack.Failure{Error: "user_not_in_channel"})
	e.event(t, mentionEvent("Ev2350", "C0CHAN", "1700000023.000500", "", "<@U0BOT> what's a village agent?"))
	posts, err := e.fake.WaitFor("chat.postMessage", 3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if dm := posts[2]; dm.Param("channel") != "U0ASKER" || !strings.Contains(dm.Param("text"), "Someone who gives people time") {
		t.Errorf("third post went to %q: %q", dm.Param("channel"), dm.Param("text"))
	}
	waitMetric(t, e, `signpost_slack_fallbacks_total{how="direct_message"} 1`)
}

func TestCheckFailureDoesNotPostTwice(t *testing.T) {
	for _, posted := range []bool{true, false} {
		name := "posted after all"
		if !posted {
			name = "not posted"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 500, Posted: posted})
			var checks []fakeslack.Failure
			for range 20 {
				checks = append(checks, fakeslack.Failure{Status: 503})
			}
			e.fake.Fail("conversations.replies", checks...)
			e.event(t, mentionEvent("Ev2400", "C0CHAN", "1700000024.000100", "", "<@U0BOT> what's a village agent?"))
			eph, err := e.fake.WaitFor("chat.postEphemeral", 1, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
				t.Errorf("%d posts, want 1: the check failed, so posting again could double", n)
			}
			if n := len(e.fake.Calls("conversations.replies")); n < 2 {
				t.Errorf("the check was tried %d times, want it retried", n)
			}
			if !strings.Contains(eph[0].Param("text"), "in case my answer didn't appear") {
				t.Errorf("private copy = %q", eph[0].Param("text"))
			}
		})
	}
}

func TestCheckRetriedThenFindsThePost(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail("chat.postMessage", fakeslack.Failure{Status: 500, Posted: true})
	// Enough failures to outlast slack-go's own retries of the check once.
	e.fake.Fail("conversations.replies", fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503}, fakeslack.Failure{Status: 503})
	e.event(t, mentionEvent("Ev2500", "C0CHAN", "1700000025.000100", "", "<@U0BOT> what's a village agent?"))
	if _, err := e.fake.WaitFor("conversations.replies", 5, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts, want 1: the retried check found the first", n)
	}
	if n := len(e.fake.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d private copies of an answer that was posted", n)
	}
}

// shareFrom presses a private reply's Share button, as Slack sends it.
func shareFrom(t *testing.T, e *env, resp fakeslack.Call, channel, responseURL string) {
	t.Helper()
	raw, _ := json.Marshal(resp.JSON["blocks"])
	var blocks []map[string]any
	json.Unmarshal(raw, &blocks)
	ids, values := buttonsIn(blocks)
	for i, id := range ids {
		if id == ActionShare {
			e.form(t, interaction(ActionShare, values[i], map[string]any{
				"channel":      map[string]any{"id": channel},
				"response_url": e.fake.ResponseURL(responseURL),
				"container":    map[string]any{"type": "message", "message_ts": "1700000030.000100", "channel_id": channel, "is_ephemeral": true},
			}))
			return
		}
	}
	t.Fatalf("no Share button in %s", raw)
}

// A person asks privately, picks a "did you mean", and shares it: the
// channel gets the entry they picked, not the question asked again.
func TestShareSharesTheChoiceShown(t *testing.T) {
	e := newEnv(t)
	e.form(t, interaction(ActionShowEntry+":1", "evidence", map[string]any{
		"response_url": e.fake.ResponseURL("pick"),
		"container":    map[string]any{"type": "message", "message_ts": "1700000030.000100", "channel_id": "C0CHAN", "is_ephemeral": true},
	}))
	picked, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	shareFrom(t, e, picked[0], "C0CHAN", "pick")
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	text := blocksText(posts[0].Blocks())
	if !strings.Contains(text, "What is the evidence that social prescribing works?") || !strings.Contains(text, "Shared by <@U0CLICK>") {
		t.Errorf("shared %s", text)
	}
	calls, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil || calls[1].Param("delete_original") != "true" {
		t.Errorf("the private copy was not removed after sharing: %v", err)
	}
}

// Sharing a later page of services shares that page.
func TestShareSharesThePageShown(t *testing.T) {
	e := newEnv(t)
	a := e.bot.Answerer()
	r, err := a.Answer(t.Context(), "walking group in Whitby")
	if err != nil || !r.Answered {
		t.Fatalf("walking group in Whitby: %+v %v", r, err)
	}
	v := r.View()
	v.From, v.More = 5, 2 // as if it were the second page of a longer list
	value, _ := json.Marshal(v)
	e.form(t, interaction(ActionShare, string(value), map[string]any{
		"response_url": e.fake.ResponseURL("page2"),
		"container":    map[string]any{"type": "message", "message_ts": "1700000031.000100", "channel_id": "C0CHAN", "is_ephemeral": true},
	}))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	text := blocksText(posts[0].Blocks())
	// The next page starts after this one: Share posted page two, with its own More….
	next := fmt.Sprintf(`\"from\":%d`, 5+len(r.Results))
	if !strings.Contains(text, r.Results[0].Title) || !strings.Contains(text, next) || !strings.Contains(text, "More… (2 more)") {
		t.Errorf("shared page lacks %s or More… (2 more): %s", next, text)
	}
}

func TestShareWhereSignpostIsNotAMember(t *testing.T) {
	for _, ch := range []struct{ id, how string }{{"C0PRIV", "not_in_channel"}, {"G0GONE", "channel_not_found"}} {
		t.Run(ch.how, func(t *testing.T) {
			e := newEnv(t)
			if ch.how == "not_in_channel" {
				e.fake.SetNotMember(ch.id)
			} else {
				e.fake.SetMissing(ch.id)
			}
			r, _ := e.bot.Answerer().Answer(t.Context(), "what's a village agent?")
			value, _ := json.Marshal(r.View())
			e.form(t, interaction(ActionShare, string(value), map[string]any{
				"channel":      map[string]any{"id": ch.id},
				"response_url": e.fake.ResponseURL("nm"),
				"container":    map[string]any{"type": "message", "message_ts": "1700000032.000100", "channel_id": ch.id, "is_ephemeral": true},
			}))
			calls, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(calls[0].Param("text"), "/invite @Signpost") {
				t.Errorf("explanation = %q, want how to invite Signpost", calls[0].Param("text"))
			}
			time.Sleep(100 * time.Millisecond)
			for _, c := range e.fake.Calls("response_url") {
				if c.Param("delete_original") == "true" {
					t.Error("the private copy was deleted although nothing was shared")
				}
			}
			if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
				t.Errorf("%d posts, want 1 (no plain-text retry where Signpost cannot post)", n)
			}
		})
	}
}

func TestChampionsChannelMembershipCheckedAtStart(t *testing.T) {
	e := newEnvWith(t, nil, func(f *fakeslack.Fake) { f.SetNotMember("C0CHAMPS") })
	if !strings.Contains(e.logs.String(), "Signpost is not a member of the champions' channel") || !strings.Contains(e.logs.String(), "/invite @Signpost") {
		t.Errorf("no clear warning about the champions' channel:\n%s", e.logs.String())
	}
	ok := newEnv(t)
	if strings.Contains(ok.logs.String(), "not a member of the champions' channel") {
		t.Error("warned although Signpost is in the champions' channel")
	}
}

func TestDirectMessageWithAFile(t *testing.T) {
	e := newEnv(t)
	e.event(t, callback("Ev2600", map[string]any{
		"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "D0DM", "user": "U0ASKER",
		"text": "what's a village agent?", "ts": "1700000026.000100", "files": []any{map[string]any{"id": "F1", "name": "referral.pdf"}},
	}))
	posts, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(blocksText(posts[0].Blocks()), "Link worker") {
		t.Errorf("file message answered with %s", blocksText(posts[0].Blocks()))
	}
}

func TestCurlyQuotesReadAsPlain(t *testing.T) {
	a := answerer(t)
	for _, q := range []string{"what’s a village agent?", "what‘s a “village agent”?", "define link worker – what’s that"} {
		r, err := a.Answer(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := a.Answer(t.Context(), reading.FoldPunctuation(q))
		if !r.Answered || r.Results[0].ID != plain.Results[0].ID {
			t.Errorf("%q answered %v with %v, want as %q: %v", q, r.Answered, r.Results, reading.FoldPunctuation(q), plain.Results[0].ID)
		}
	}
}

func TestFallbackTextIsEscaped(t *testing.T) {
	a := answerer(t)
	r, _ := a.Answer(t.Context(), "what is the evidence that social prescribing works")
	for _, m := range (Renderer{}).Reply(r, RenderOptions{}) {
		if strings.Contains(m.Text, "A&E") || !strings.Contains(m.Text, "A&amp;E") {
			t.Errorf("fallback text not escaped for mrkdwn: %q", m.Text)
		}
	}
	help := (Renderer{}).Reply(&answer.Reply{Kind: answer.ReplyHelp}, RenderOptions{})
	if raw := blocksJSON(help[0]) + help[0].Text; strings.Contains(raw, "<town") || strings.Contains(raw, "<id>") {
		t.Errorf("help goes out with raw < >: %s", raw)
	}
}

func blocksJSON(m Message) string {
	b, _ := json.Marshal(m.Blocks)
	return string(b)
}

func TestSeeAlsoLabelsShortAndDistinct(t *testing.T) {
	a := answererFor(t, "")
	for _, q := range []string{"what is a link worker", "how do I refer to a link worker", "what is social prescribing"} {
		r, _ := a.Answer(t.Context(), q)
		for _, m := range (Renderer{}).Reply(r, RenderOptions{}) {
			var labels []string
			for _, b := range m.Blocks {
				raw, _ := json.Marshal(b)
				var mb map[string]any
				json.Unmarshal(raw, &mb)
				els, _ := mb["elements"].([]any)
				for _, e := range els {
					el, _ := e.(map[string]any)
					if id, _ := el["action_id"].(string); actionBase(id) != ActionShowEntry {
						continue
					}
					label := el["text"].(map[string]any)["text"].(string)
					if n := len([]rune(label)); n > maxLabel {
						t.Errorf("%q: label %q has %d characters, more than Slack shows", q, label, n)
					}
					for _, l := range labels {
						if strings.EqualFold(l, label) {
							t.Errorf("%q: label %q shown twice", q, label)
						}
					}
					labels = append(labels, label)
				}
			}
		}
	}
}

func TestRelatedTermsAreButtons(t *testing.T) {
	r, _ := answerer(t).Answer(t.Context(), "what is a link worker")
	if len(r.Related) == 0 {
		t.Fatal("no related terms to test with")
	}
	msgs := (Renderer{}).Reply(r, RenderOptions{})
	if !strings.Contains(blocksJSON(msgs[0]), `"block_id":"signpost_related"`) || !strings.Contains(blocksJSON(msgs[0]), `"value":"`+r.Related[0].ID+`"`) {
		t.Errorf("related terms not clickable: %s", blocksJSON(msgs[0]))
	}
}

func TestChampionSeesIDAndEdit(t *testing.T) {
	r, _ := answerer(t).Answer(t.Context(), "how do I refer someone to a link worker")
	champ := blocksJSON((Renderer{}).Reply(r, RenderOptions{Ephemeral: true, Champion: true})[0])
	if !strings.Contains(champ, "Id: `how-to-refer`") || !strings.Contains(champ, `"action_id":"`+ActionEdit+`"`) {
		t.Errorf("a champion's private answer lacks the id or Edit: %s", champ)
	}
	for _, opt := range []RenderOptions{{Ephemeral: true}, {Champion: true}} {
		if other := blocksJSON((Renderer{}).Reply(r, opt)[0]); strings.Contains(other, ActionEdit) || strings.Contains(other, "Id: `") {
			t.Errorf("%+v shows champion tools: %s", opt, other)
		}
	}
}

func TestServiceHeadingNamesOnlyTheDistrict(t *testing.T) {
	r, _ := answerer(t).Answer(t.Context(), "walking group near YO22 4AB")
	if r.Place != "YO22" || strings.Contains(answer.Heading(r), "4AB") {
		t.Errorf("place %q, heading %q: a full postcode is repeated back", r.Place, answer.Heading(r))
	}
}

func TestRefusedPrivateReplyIsSentAsPlainText(t *testing.T) {
	for name, fail := range map[string]fakeslack.Failure{
		"400 with the code as text": {Error: "invalid_blocks"},
		"200 with a JSON error":     {Status: 200, Error: "invalid_blocks"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.Fail("response_url", fail)
			e.form(t, url.Values{"command": {"/signpost"}, "text": {"what's a village agent?"}, "user_id": {"U0ASKER"}, "channel_id": {"C0CHAN"}, "response_url": {e.fake.ResponseURL("cmd")}})
			calls, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if calls[1].Param("blocks") != "" || !strings.Contains(calls[1].Param("text"), "Someone who gives people time") {
				t.Errorf("second try = blocks %q text %q, want the answer as plain text", calls[1].Param("blocks"), calls[1].Param("text"))
			}
			waitMetric(t, e, `signpost_slack_fallbacks_total{how="plain_text"} 1`)
		})
	}
}

// slowStore is a store that takes a long time to write.
type slowStore struct {
	*store.Store
	delay time.Duration
}

func (s slowStore) RecordQuestion(a store.Asked) error {
	time.Sleep(s.delay)
	return s.Store.RecordQuestion(a)
}

func TestSlowStoreNeverSlowsAnAnswer(t *testing.T) {
	var st *store.Store
	e := newEnvWith(t, func(o *Options) {
		st = o.Store.(*store.Store)
		o.Store = slowStore{Store: st, delay: 3 * time.Second}
	}, nil)
	start := time.Now()
	e.event(t, mentionEvent("Ev4000", "C0CHAN", "1700000040.000100", "", "<@U0BOT> what's a village agent?"))
	if _, err := e.fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the answer took %v behind a store that takes 3 s", took)
	}
}

// TestShutdownKeepsQuestionsForTheRestart stops the bot with a backlog:
// what it had not answered is answered, once each, by the next one.
func TestShutdownKeepsQuestionsForTheRestart(t *testing.T) {
	fake := strictFake(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	start := func() *Bot {
		api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()))
		b := New(api, answerer(t), Options{Store: st, Workers: 1})
		if err := b.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Slack is slow to take posts: a backlog builds up behind one worker.
	fake.SetDelay("chat.postMessage", 150*time.Millisecond)
	b := start()
	const n = 20
	for i := range n {
		ev := callback(fmt.Sprintf("EvR%d", i), map[string]any{"type": "app_mention", "user": "U0ASKER", "text": "<@U0BOT> what's a village agent?",
			"ts": fmt.Sprintf("1700000050.%06d", i), "channel": "C0CHAN", "event_ts": "1"})
		var ev2 slackevents.EventsAPIEvent
		ev2, _ = slackevents.ParseEvent(json.RawMessage(ev), slackevents.OptionNoVerifyToken())
		b.HandleEvent(ev2, fmt.Sprintf("EvR%d", i))
	}
	time.Sleep(500 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	b.Shutdown(ctx) // gives up with most still waiting
	cancel()
	fake.SetDelay("chat.postMessage", 0)
	// A post already sent when the process gave up still lands at Slack,
	// long before a restarted process reads its journal.
	fake.Settle()
	before := len(fake.PostedKeys())
	pending, _ := st.PendingQuestions()
	if len(pending) == 0 || len(pending) == n {
		t.Fatalf("%d of %d questions journalled at shutdown; want some answered and the rest kept", len(pending), n)
	}
	for _, p := range pending {
		if strings.Contains(p.Text, "<@U0BOT>") || p.Key == "" {
			t.Errorf("journal entry = %+v", p)
		}
	}
	b2 := start()
	defer b2.Shutdown(context.Background())
	resumed, _, err := b2.Resume(context.Background())
	if err != nil || resumed == 0 {
		t.Fatalf("resumed %d of the %d journalled (%v)", resumed, len(pending), err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		left, _ := st.PendingQuestions()
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d questions still journalled", len(left))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Every question answered across the two runs, none twice.
	answered := map[string]bool{}
	for k := range fake.PostedKeys() {
		if base, _, _ := strings.Cut(k, "#"); strings.HasPrefix(base, "EvR") {
			answered[base] = true
		}
	}
	posted := len(answered)
	if posted < n {
		t.Errorf("%d of %d questions answered across the restart (%d before it)", posted, n, before)
	}
	if dups := fake.Duplicates(); len(dups) > 0 {
		t.Errorf("posted twice: %v", dups)
	}
}

// TestRateLimitedChannelHoldsNoWorker: one channel over Slack's posting
// limit (every post refused with Retry-After for a while) must not stop
// another channel's question being answered: a retry waits without
// holding a worker.
func TestRateLimitedChannelHoldsNoWorker(t *testing.T) {
	e := newEnvWith(t, func(o *Options) { o.Workers = 2 }, func(f *fakeslack.Fake) {
		f.RateLimit("C0BUSY", time.Second, 1000)
	})
	for i := range 8 {
		e.event(t, mentionEvent(fmt.Sprintf("Ev81%02d", i), "C0BUSY", fmt.Sprintf("1700000081.%06d", i), "", "<@U0BOT> what is social prescribing"))
	}
	// Let the busy channel's answers reach their first refusal.
	for deadline := time.Now().Add(5 * time.Second); len(e.fake.Calls("chat.postMessage")) < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	e.event(t, mentionEvent("Ev8199", "C0QUIET", "1700000082.000001", "", "<@U0BOT> what is a link worker"))
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range e.fake.Calls("chat.postMessage") {
			if c.Param("channel") == "C0QUIET" {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the quiet channel's question was not answered while another channel was rate limited")
}

// TestBudgets: one person asking far too fast is answered up to their
// budget, told once to slow down, and counted in /metrics; someone else in
// the same channel is still answered; a message about a person at risk
// from the flooding user is answered whatever the budget.
func TestBudgets(t *testing.T) {
	e := newEnvWith(t, func(o *Options) { o.PerUser = Rate{Burst: 3, Every: time.Hour} }, nil)
	for i := range 20 {
		e.event(t, mentionEvent(fmt.Sprintf("Ev83%02d", i), "C0CHAN", fmt.Sprintf("1700000083.%06d", i), "", fmt.Sprintf("<@U0BOT> what is social prescribing %d", i)))
	}
	e.event(t, callback("Ev8390", map[string]any{"type": "app_mention", "user": "U0OTHER", "text": "<@U0BOT> what is a link worker",
		"ts": "1700000084.000001", "channel": "C0CHAN", "event_ts": "1700000084.000001"}))
	// Risk words cannot be used to flood: over budget, the urgent help
	// alone, once a minute.
	for i := range 6 {
		e.event(t, mentionEvent(fmt.Sprintf("Ev839%d", i+1), "C0CHAN", fmt.Sprintf("1700000084.00000%d", i+2), "",
			fmt.Sprintf("<@U0BOT> she says she has the pills saved up and will take them tonight, where is a walking group %d", i)))
	}
	if _, err := e.fake.WaitFor("chat.postMessage", 6, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	posts := e.fake.Calls("chat.postMessage")
	var slowDowns, urgentReplies, other int
	for _, p := range posts {
		text := p.Param("text") + p.Param("blocks")
		switch {
		case strings.Contains(text, "paused your questions"):
			slowDowns++
		case strings.Contains(text, "999"):
			urgentReplies++
		}
		if strings.Contains(p.Param("blocks"), "link worker") || strings.Contains(p.Param("text"), "link worker") {
			other++
		}
	}
	if len(posts) != 6 || slowDowns != 1 || urgentReplies != 1 || other < 1 {
		t.Errorf("%d posts (want 3 answers, 1 slow-down, the other person's answer and the urgent help); slow-downs %d, urgent %d, other %d",
			len(posts), slowDowns, urgentReplies, other)
	}
	waitMetric(t, e, `signpost_throttled_total{scope="user"} 22`)
}
