package answer

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
	"gopkg.in/yaml.v3"
)

func TestDecisionFileIsChecked(t *testing.T) {
	good := string(builtinDecision.Format("a header\nof two lines"))
	d, err := ParseDecision([]byte(good))
	if err != nil {
		t.Fatalf("the built-in decision, formatted, does not read back: %v", err)
	}
	if string(d.Format("a header\nof two lines")) != good {
		t.Error("formatting and reading a decision changes it")
	}
	for _, tc := range []struct{ name, edit, want string }{
		{"missing weight", "drop:answer.margin", "answer.margin is missing"},
		{"given twice", "add:rank.match\t1", "rank.match is given twice"},
		{"not a number", "add:bogus", "want name, a tab"},
		{"NaN", "set:threshold\tNaN", "is not a number"},
		{"threshold out of range", "set:threshold\t1.5", "not between 0 and 1"},
		{"unknown feature", "add:rank.colour\t1", `no feature is called "colour"`},
		{"unknown model", "add:order.match\t1", "is not rank.… or answer.…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(good, "\n")
			op, arg, _ := strings.Cut(tc.edit, ":")
			name, _, _ := strings.Cut(arg, "\t")
			var out []string
			for _, l := range lines {
				n, _, _ := strings.Cut(l, "\t")
				switch {
				case op == "drop" && n == name:
					continue
				case op == "set" && n == name:
					l = arg
				}
				out = append(out, l)
			}
			if op == "add" {
				out = append(out, arg)
			}
			_, err := ParseDecision([]byte(strings.Join(out, "\n")))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseDecision = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	// p rises with match; answer when the first candidate's match is high.
	d := &Decision{Threshold: 0.5}
	d.Rank.Weights[fMatch] = 10
	d.Rank.Bias = -5
	d.Answer = d.Rank
	cand := func(m float64, focusUnsaid bool) features {
		var f features
		f[fMatch] = m
		f[fFocusUnsaid] = flag(focusUnsaid)
		return f
	}
	for _, tc := range []struct {
		name     string
		fs       []features
		first    int
		answered bool
		likely   []bool // in order: p of at least likelyRank (0.25 is m 0.39)
	}{
		{"best first, answered", []features{cand(0.3, false), cand(0.8, false), cand(0.6, false)}, 1, true, []bool{true, true, false}},
		{"best too weak", []features{cand(0.3, false), cand(0.4, false)}, 1, false, []bool{true, false}},
		{"never says the focus", []features{cand(0.9, true), cand(0.7, false)}, 1, true, []bool{true, false}},
		{"none says the focus", []features{cand(0.9, true)}, 0, false, []bool{false}},
		{"no candidates", nil, -1, false, []bool{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := d.decide(tc.fs)
			first := -1
			if len(got.order) > 0 {
				first = got.order[0]
			}
			if first != tc.first || got.answered != tc.answered || !slices.Equal(got.likely, tc.likely) {
				t.Errorf("decide = first %d answered %v likely %v, want %d %v %v", first, got.answered, got.likely, tc.first, tc.answered, tc.likely)
			}
		})
	}
}

// TestFitReportsWhatTheBotDoes checks the fit's figures are Signpost's:
// each case scored by replaying the decision on its measured candidates
// comes out as answering it with that decision does.
func TestFitReportsWhatTheBotDoes(t *testing.T) {
	ctx := context.Background()
	a := answererOn(t, "../testdata/kb-d")
	data, err := os.ReadFile("../testdata/questions-d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []Labelled
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	set := LabelledSet{Name: "kb-d", Knowledge: "kb-d", Answerer: a, Cases: cases[:80]}
	obs, err := observe(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	decided := 0
	for i, o := range obs {
		r, err := a.WithDecision(builtinDecision).Answer(ctx, cases[i].Q)
		if err != nil {
			t.Fatal(err)
		}
		right := !r.Answered && len(cases[i].Expect) == 0 || r.Answered && len(r.Results) > 0 && o.expect[r.Results[0].ID]
		if o.decision {
			decided++
		}
		if got := o.rightWith(builtinDecision.decide); got != right {
			t.Errorf("%q: the fit scores it right=%v, answering it is right=%v", cases[i].Q, got, right)
		}
	}
	if decided < len(obs)/2 {
		t.Errorf("only %d of %d cases were decisions on candidates: the trace is not seeing them", decided, len(obs))
	}
}

// answererOn answers from the knowledge in dir, for this package's own
// tests (internal/testkb builds one for the others).
func answererOn(t *testing.T, dir string) *Answerer {
	t.Helper()
	kb, err := knowledge.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	a, err := FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Index().Close() })
	return a
}
