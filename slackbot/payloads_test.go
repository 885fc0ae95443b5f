package slackbot

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/internal/testkb"
	"github.com/signpost-ahp/signpost/knowledge"
)

// TestEveryReplyIsAcceptedBySlack renders the reply to every question of
// every case set we have, on its knowledge, in every form Slack is sent
// (in a thread, privately with Share, privately to a champion, each entry
// a button leads to, a shared copy), and checks each payload against
// Slack's Block Kit rules. Slack refuses a whole message when one block
// breaks a rule, and the person then gets nothing.
func TestEveryReplyIsAcceptedBySlack(t *testing.T) {
	sets := []struct{ name, kb, cases string }{
		{"questions-d on kb-d", "../testdata/kb-d", "../testdata/questions-d.yaml"},
		{"questions-e on kb-e", "../testdata/kb-e", "../testdata/questions-e.yaml"},
		{"newcomers on built-in", "", "../testdata/questions-builtin.yaml"},
		{"questions-f on kb-f", "../testdata/kb-f", "../testdata/questions-f.yaml"},
		{"questions-d on built-in", "", "../testdata/questions-d.yaml"},
		{"extra on built-in", "", "../testdata/questions-extra.yaml"},
		{"fresh-kb on built-in", "", "../testdata/questions-fresh-kb.yaml"},
		{"fresh-kbb on built-in", "", "../testdata/questions-fresh-kbb.yaml"},
		{"extra on testdata/kb", "../testdata/kb", "../testdata/questions-extra.yaml"},
		{"fresh-kbb on testdata/kb", "../testdata/kb", "../testdata/questions-fresh-kbb.yaml"},
	}
	rd := Renderer{StaleAfter: 365 * 24 * time.Hour, Champions: "<#C0CHAMPS>", Now: func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }}
	total := 0
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			a := answererFor(t, set.kb)
			cases := readCases(t, set.cases)
			n := 0
			check := func(what string, msgs []Message) {
				t.Helper()
				for _, m := range msgs {
					n++
					if err := checkMessage(m); err != nil {
						t.Errorf("%s: Slack would refuse this message: %v", what, err)
					}
				}
			}
			for _, c := range cases {
				r, err := a.Do(context.Background(), answer.ParseCommand(c.Q))
				if err != nil {
					t.Fatalf("%q: %v", c.Q, err)
				}
				check(c.Q, rd.Reply(r, RenderOptions{Question: r.Question}))
				check(c.Q+" (private)", rd.Reply(r, RenderOptions{Ephemeral: true, Question: r.Question}))
				check(c.Q+" (private, champion)", rd.Reply(r, RenderOptions{Ephemeral: true, Question: r.Question, Champion: true}))
				if replay, ok := a.Replay(r.View()); ok {
					check(c.Q+" (shared)", sharedMessages(rd.Reply(replay, RenderOptions{Question: replay.Question}), "U0SHARER"))
				}
				if r.More > 0 {
					more, err := a.MoreServices(context.Background(), r.Question, r.From+len(r.Results))
					if err != nil {
						t.Fatal(err)
					}
					check(c.Q+" (more)", rd.Reply(more, RenderOptions{Question: more.Question}))
				}
				for _, res := range r.Results {
					if shown, ok := a.Show(res.ID); ok {
						check(c.Q+" → "+res.ID, rd.Reply(shown, RenderOptions{Question: shown.Question}))
					}
				}
			}
			total += n
			t.Logf("%d questions, %d payloads checked", len(cases), n)
		})
	}
	t.Logf("%d payloads checked in all", total)
}

// TestViewsAreAcceptedBySlack checks the Home tab and the add/edit form
// for every FAQ entry of the built-in knowledge.
func TestViewsAreAcceptedBySlack(t *testing.T) {
	a := answererFor(t, "")
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: HomeBlocks(a, "<#C0CHAMPS>")}}
	if err := checkView(home); err != nil {
		t.Errorf("Home tab: %v", err)
	}
	for _, f := range a.Index().Knowledge().FAQs {
		if err := checkView(AddModal(f, modalState{ID: f.ID})); err != nil {
			t.Errorf("edit form for %s: %v", f.ID, err)
		}
	}
	if err := checkView(AddModal(knowledge.FAQ{}, modalState{})); err != nil {
		t.Errorf("empty add form: %v", err)
	}
}

// strictFake starts a fake Slack for a test, and fails the test if Slack
// would have refused any payload Signpost sent it: every test of the Slack
// side checks every message it causes, not only the ones it looks at.
func strictFake(t *testing.T) *fakeslack.Fake {
	t.Helper()
	fake := fakeslack.New()
	t.Cleanup(func() {
		for _, r := range fake.Rejections() {
			switch r.Error {
			case "not_in_channel", "channel_not_found":
				// Tests of membership cause these on purpose.
			default:
				t.Errorf("Slack would have refused a %s: %s %s", r.Method, r.Error, r.Detail)
			}
		}
		fake.Close()
	})
	return fake
}

// checkMessage checks a message as Slack receives it from slack-go.
func checkMessage(m Message) error {
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		return err
	}
	if len(m.Blocks) == 0 {
		raw = nil
	}
	return fakeslack.CheckMessage(m.Text, raw)
}

func checkView(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return fakeslack.CheckView(raw)
}

func answererFor(t testing.TB, dir string) *answer.Answerer { return testkb.Answerer(t, dir) }

func readCases(t testing.TB, path string) []evaluation.Case {
	t.Helper()
	cases, err := evaluation.ReadCasesFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}
