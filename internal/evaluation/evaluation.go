// Package evaluation scores Signpost's answers against evaluation cases, with
// the same definitions as shared/eval/score.py, so `signpost eval` and the
// tests agree with the shared scorer.
package evaluation

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/answer"
)

// Case is one evaluation case: a question and the ids any of which may be
// the top answer. An empty Expect means Signpost must not answer.
type Case struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	// Note is "<style>: <what it tests>"; score.py ignores it, Signpost
	// reports scores by its style.
	Note string `yaml:"note"`
}

// Style is the case's style: its note up to the first colon
// ("chatty-long"), or "" when it has none.
func (c Case) Style() string {
	style, _, _ := strings.Cut(c.Note, ":")
	return strings.TrimSpace(style)
}

// Crisis reports whether the case is about a person at risk: its note
// names a crisis (and does not say "not crisis").
func (c Case) Crisis() bool {
	n := strings.ToLower(c.Note)
	return strings.Contains(n, "crisis") && !strings.Contains(n, "not crisis")
}

// Answer is what Signpost said: whether it answered and the result ids,
// best first.
type Answer struct {
	Answered bool
	IDs      []string
	Urgent   bool // the reply led with urgent help
}

// Miss is a case Signpost got wrong, worded as score.py words it.
type Miss struct {
	Case Case
	Why  string
}

func (m Miss) String() string { return "MISS " + pyRepr(m.Case.Q) + ": " + m.Why }

// pyRepr quotes a string as Python's repr does for plain text.
func pyRepr(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// Score is the figures score.py prints.
type Score struct {
	Cases   int
	Top1    float64 // answerable cases whose top result is expected and answered
	MRR     float64 // mean reciprocal rank of the first expected id in the top 5
	Abstain float64 // must-not-answer cases that were not answered
	Overall float64 // all cases right
	Misses  []Miss
	// Styles are the same figures for each style of case, in the order
	// styles first appear; empty when no case has a note.
	Styles []StyleScore
	// Urgent counts crisis cases answered with urgent help, out of all
	// crisis cases, and other cases that were (false alarms).
	CrisisUrgent, Crisis, FalseAlarms int
}

// StyleScore is a Score for the cases of one style.
type StyleScore struct {
	Style string
	Score
}

func (s Score) String() string {
	return fmt.Sprintf("cases=%d top1=%.3f mrr=%.3f abstain=%.3f overall=%.3f", s.Cases, s.Top1, s.MRR, s.Abstain, s.Overall)
}

// ReadCases reads a YAML list of cases.
func ReadCases(r io.Reader) ([]Case, error) {
	var cs []Case
	if err := yaml.NewDecoder(r).Decode(&cs); err != nil {
		return nil, fmt.Errorf("reading cases: %w", err)
	}
	for i := range cs {
		cs[i].Q = strings.TrimSpace(cs[i].Q)
	}
	return cs, nil
}

// ReadCasesFile reads the cases file at path.
func ReadCasesFile(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cs, err := ReadCases(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// Ask adapts an Answerer to Run: a question in, whether it answered and
// the result ids out.
func Ask(a *answer.Answerer) func(context.Context, string) (Answer, error) {
	return func(ctx context.Context, q string) (Answer, error) {
		r, err := a.Answer(ctx, q)
		if err != nil {
			return Answer{}, err
		}
		ans := Answer{Answered: r.Answered, Urgent: r.Urgent != nil}
		for _, res := range r.Results {
			ans.IDs = append(ans.IDs, res.ID)
		}
		return ans, nil
	}
}

// Run answers every case with ask and scores the answers.
func Run(ctx context.Context, cases []Case, ask func(context.Context, string) (Answer, error)) (Score, error) {
	answers := make([]Answer, len(cases))
	for i, c := range cases {
		a, err := ask(ctx, c.Q)
		if err != nil {
			return Score{}, fmt.Errorf("case %q: %w", c.Q, err)
		}
		answers[i] = a
	}
	return Compute(cases, answers), nil
}

// Compute scores answers given in the same order as cases, overall and
// for each style of case.
func Compute(cases []Case, answers []Answer) Score {
	s := compute(cases, answers)
	s.Styles = byStyle(cases, answers)
	return s
}

func compute(cases []Case, answers []Answer) Score {
	var top1, rr, abst float64
	var nAns, nAbs int
	s := Score{Cases: len(cases)}
	for i, c := range cases {
		a := answers[i]
		ids := a.IDs
		if len(ids) > 5 {
			ids = ids[:5]
		}
		ok := false
		var why string
		if len(c.Expect) > 0 {
			nAns++
			for rank, id := range ids {
				if slices.Contains(c.Expect, id) {
					rr += 1 / float64(rank+1)
					break
				}
			}
			ok = a.Answered && len(ids) > 0 && slices.Contains(c.Expect, ids[0])
			if ok {
				top1++
			}
			why = fmt.Sprintf("got %s answered=%s, want %s", pyList(ids[:min(3, len(ids))]), pyBool(a.Answered), pyList(sorted(c.Expect)))
		} else {
			nAbs++
			ok = !a.Answered
			if ok {
				abst++
			}
			why = fmt.Sprintf("answered %s, want no answer", pyList(ids[:min(1, len(ids))]))
		}
		if !ok {
			s.Misses = append(s.Misses, Miss{Case: c, Why: why})
		}
	}
	if nAns > 0 {
		s.Top1, s.MRR = top1/float64(nAns), rr/float64(nAns)
	}
	if nAbs > 0 {
		s.Abstain = abst / float64(nAbs)
	}
	if s.Cases > 0 {
		s.Overall = (top1 + abst) / float64(s.Cases)
	}
	for i, c := range cases {
		switch {
		case c.Crisis():
			s.Crisis++
			if answers[i].Urgent {
				s.CrisisUrgent++
			}
		case answers[i].Urgent:
			s.FalseAlarms++
		}
	}
	return s
}

func byStyle(cases []Case, answers []Answer) []StyleScore {
	var order []string
	idx := map[string][]int{}
	for i, c := range cases {
		st := c.Style()
		if st == "" {
			continue
		}
		if _, ok := idx[st]; !ok {
			order = append(order, st)
		}
		idx[st] = append(idx[st], i)
	}
	var out []StyleScore
	for _, st := range order {
		var cs []Case
		var as []Answer
		for _, i := range idx[st] {
			cs, as = append(cs, cases[i]), append(as, answers[i])
		}
		sc := compute(cs, as)
		sc.Misses = nil
		out = append(out, StyleScore{Style: st, Score: sc})
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// pyList writes a list of strings as Python prints one, as score.py does.
func pyList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = "'" + v + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
