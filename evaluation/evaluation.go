// Package evaluation scores Signpost's answers against evaluation cases, with
// the same definitions as shared/eval/score.py, so `signpost eval` and the
// tests agree with the shared scorer.
package evaluation

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/bot"
)

// Case is one evaluation case: a question and the ids any of which may be
// the top answer. An empty Expect means Signpost must not answer.
type Case struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
}

// Answer is what Signpost said: whether it answered and the result ids,
// best first.
type Answer struct {
	Answered bool
	IDs      []string
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

// Ask adapts an Answerer to Run: a question in, whether it answered and
// the result ids out.
func Ask(a *bot.Answerer) func(context.Context, string) (Answer, error) {
	return func(ctx context.Context, q string) (Answer, error) {
		r, err := a.Answer(ctx, q)
		if err != nil {
			return Answer{}, err
		}
		ans := Answer{Answered: r.Answered}
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

// Compute scores answers given in the same order as cases.
func Compute(cases []Case, answers []Answer) Score {
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
	return s
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
