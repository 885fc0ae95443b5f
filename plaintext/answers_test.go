package plaintext_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/testkb"
	"github.com/signpost-ahp/signpost/plaintext"
	"github.com/signpost-ahp/signpost/privacy"
)

// These tests read replies as a person reads them in the terminal: what
// is said first, what is said at all.

// builtinOr builds an Answerer over dir, or the built-in knowledge when
// dir is "".
func builtinOr(t testing.TB, dir string) *answer.Answerer { return testkb.Answerer(t, dir) }

func TestAnswerRedactsAndStillAnswers(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	msg := "my patient Mrs B, NHS 943 476 5919, tel 07700 900123, is lonely - befriending in Whitby?"
	r, err := a.Answer(context.Background(), msg)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Answered || len(r.Results) == 0 || r.Results[0].ID != "whitby-befriending" {
		t.Errorf("did not answer the question: %+v", r)
	}
	if strings.Contains(r.Question, "5919") || strings.Contains(r.Question, "900123") {
		t.Errorf("Question kept personal details: %q", r.Question)
	}
	for _, kind := range []string{answer.PIINHSNumber, answer.PIIPhone, privacy.Name} {
		if !slices.Contains(r.Redacted, kind) {
			t.Errorf("Redacted = %v, want %s among them", r.Redacted, kind)
		}
	}
	if !strings.Contains(plaintext.Render(r), "Please don't post patient details") {
		t.Error("the reply does not remind the person about patient details")
	}
}

func TestAnswerOddMessages(t *testing.T) {
	a := builtinOr(t, "")
	for _, msg := range []string{
		strings.Repeat("a", 40000),
		strings.Repeat("what is social prescribing ", 2000),
		strings.Repeat("🙂", 10000),
		strings.Repeat("<@U1>", 5000),
		"\x00\xff\xfe",
		"<https://x|>",
		"?????",
		strings.Repeat("LS6 ", 500),
		"in in in near near",
	} {
		r, err := a.Answer(context.Background(), msg)
		if err != nil {
			t.Errorf("Answer(%.20q…) error: %v", msg, err)
			continue
		}
		if plaintext.Render(r) == "" {
			t.Errorf("Answer(%.20q…) rendered nothing", msg)
		}
	}
}

func TestDistancesShown(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	r, err := a.Answer(context.Background(), "gardening in Windermere")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) == 0 || !r.Results[0].Further || r.Results[0].DistanceKm < 10 || r.Results[0].DistanceKm > 16 {
		t.Fatalf("alternative = %+v", r.Results)
	}
	if text := plaintext.Render(r); !strings.Contains(text, "Riverside Growers — Kendal (further away: 12 km)") {
		t.Errorf("text = %s", text)
	}
	r, _ = a.Answer(context.Background(), "walking group near YO22 4AB")
	if len(r.Results) == 0 || r.Results[0].DistanceKm < 0 || r.Results[0].DistanceKm > 0.5 {
		t.Errorf("distance from the service's own postcode = %+v", r.Results)
	}
}

// A person at risk gets urgent help first, whatever the knowledge holds,
// and never "I don't know".
func TestUrgentHelpLeads(t *testing.T) {
	for _, c := range []struct {
		name, dir string
		wantFAQ   bool // the knowledge has its own crisis entry
	}{{"testdata kb without a crisis entry", "../testdata/kb", false}, {"built-in knowledge", "", true}} {
		t.Run(c.name, func(t *testing.T) {
			a := builtinOr(t, c.dir)
			for _, q := range []string{"my patient said she'd be better off dead", "pt disclosed her partner hits her", "collapsed, not breathing", "patient is suicidle what do i do"} {
				r, err := a.Answer(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				if r.Urgent == nil {
					t.Fatalf("%q: no urgent help", q)
				}
				text := plaintext.Render(r)
				if !strings.HasPrefix(text, "If anyone is in immediate danger") || strings.Contains(text, "don't know") {
					t.Errorf("%q: reply does not lead with urgent help, or says it doesn't know:\n%s", q, text)
				}
				if c.wantFAQ && (!r.Answered || r.Results[0].FAQ == nil) {
					t.Errorf("%q: the knowledge's own crisis entry is not shown: %+v", q, r.Results)
				}
			}
			for _, q := range []string{"suicide prevention training for physios", "cost of living crisis", "safeguarding policy in general"} {
				if r, _ := a.Answer(context.Background(), q); r.Urgent != nil {
					t.Errorf("%q: treated as urgent", q)
				}
			}
		})
	}
}

// TestRiskTiersAndTheFooter: clear risk leads with help, possible risk
// keeps the answer with help beside it, and a reply that does not answer
// ends with a line of urgent help, in the terminal as in Slack.
func TestRiskTiersAndTheFooter(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	ctx := context.Background()
	for _, c := range []struct {
		msg            string
		urgent, possib bool
		footer         bool
	}{
		{"tell me a joke", false, false, true},
		{"what is social prescribing?", false, false, false},
		{"hello", false, false, false},
		{"she said she's going to step in front of a train tonight", true, false, false},
		{"she's had enough, is there befriending in Whitby?", false, true, false},
	} {
		r, err := a.Answer(ctx, c.msg)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Urgent != nil) != c.urgent || (r.Possible != nil) != c.possib || (r.Safety != "") != c.footer {
			t.Errorf("%q: urgent %v possible %v footer %q", c.msg, r.Urgent != nil, r.Possible != nil, r.Safety)
		}
		text := plaintext.Render(r)
		if c.footer && !strings.HasSuffix(text, "If someone is at risk now: 999 · NHS 111, option 2 · Samaritans 116 123") {
			t.Errorf("%q: text does not end with the urgent-help line:\n%s", c.msg, text)
		}
		if c.possib && !strings.Contains(text, answer.PossibleRiskIntro) {
			t.Errorf("%q: possible risk shows no help:\n%s", c.msg, text)
		}
	}
}
