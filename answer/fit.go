package answer

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// LabelledSet is a knowledge base and questions written against it, each
// with the entries any of which answers it (none: Signpost must not).
type LabelledSet struct {
	Name      string // the set, as the report names it
	Knowledge string // the knowledge base: sets on one are left out together
	Answerer  *Answerer
	Cases     []Labelled
	// Train marks a set the decision is fitted on; the others are only
	// scored, as knowledge the fit never saw.
	Train bool
}

// Labelled is one question and its answers.
type Labelled struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	// Before are the messages before it in its conversation, if any:
	// it is a follow-up.
	Before []string `yaml:"-"`
}

// observed is a case as answered with the hand-set decision, and what was
// measured of its candidates when the reply was that decision's.
type observed struct {
	expect   map[string]bool
	right    bool // the reply as given was right
	decision bool // the reply was the candidates' decision, which another decision would change
	ids      []string
	fs       []features
}

// rightWith reports whether a case is answered rightly when its candidates
// are decided by decide.
func (o observed) rightWith(decide func([]features) decided) bool {
	if !o.decision {
		return o.right
	}
	d := decide(o.fs)
	if !d.answered {
		return len(o.expect) == 0
	}
	return o.expect[o.ids[d.order[0]]]
}

// reachable reports whether some decision on the case's candidates would
// be right.
func (o observed) reachable() bool {
	if !o.decision || len(o.expect) == 0 {
		return o.decision || o.right
	}
	return slices.ContainsFunc(o.ids, func(id string) bool { return o.expect[id] })
}

// why says what went wrong with a case decided by decide; "" when right.
func (o observed) why(decide func([]features) decided) string {
	if o.rightWith(decide) {
		return ""
	}
	if !o.decision {
		return "not a decision on candidates"
	}
	d := decide(o.fs)
	at := slices.IndexFunc(d.order, func(k int) bool { return o.expect[o.ids[k]] })
	switch {
	case len(o.expect) == 0:
		return "answered " + o.ids[d.order[0]] + ", should not"
	case at < 0 && d.answered:
		return "answered " + o.ids[d.order[0]] + ", no right entry among the candidates"
	case at < 0:
		return "did not answer; no right entry among the candidates"
	case at == 0:
		return "did not answer; the first candidate was right"
	case d.answered:
		return fmt.Sprintf("answered %s; a right entry was candidate %d", o.ids[d.order[0]], at+1)
	}
	return fmt.Sprintf("did not answer; a right entry was candidate %d", at+1)
}

// observe answers every case of a set with the hand-set decision, noting
// each decision on candidates.
func observe(ctx context.Context, s LabelledSet) ([]observed, error) {
	var seen struct {
		ids []string
		fs  []features
		d   decided
		n   int
	}
	a := s.Answerer.WithDecision(nil)
	a.trace = func(cands []candidate, fs []features, d decided) {
		seen.n++
		seen.ids, seen.fs, seen.d = nil, fs, d
		for _, c := range cands {
			seen.ids = append(seen.ids, c.ID)
		}
	}
	out := make([]observed, len(s.Cases))
	for i, c := range s.Cases {
		var conv *Context
		for _, q := range c.Before {
			_, next, err := a.Continue(ctx, conv, ParseCommand(q))
			if err != nil {
				return nil, fmt.Errorf("%s: %q: %w", s.Name, q, err)
			}
			conv = next
		}
		seen.n = 0
		var r *Reply
		var err error
		if conv == nil {
			r, err = a.Answer(ctx, c.Q)
		} else {
			r, _, err = a.Continue(ctx, conv, ParseCommand(c.Q))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %w", s.Name, c.Q, err)
		}
		o := observed{expect: map[string]bool{}}
		for _, id := range c.Expect {
			o.expect[id] = true
		}
		if r.Answered {
			o.right = len(r.Results) > 0 && o.expect[r.Results[0].ID]
		} else {
			o.right = len(c.Expect) == 0
		}
		// The reply is the decision's when Signpost decided once and
		// said what it decided (urgent help or a follow-up may say
		// otherwise).
		if seen.n == 1 && r.Answered == seen.d.answered && (!r.Answered || r.Results[0].ID == seen.ids[seen.d.order[0]]) {
			o.decision, o.ids, o.fs = true, seen.ids, seen.fs
		}
		out[i] = o
	}
	return out, nil
}

// SetFit is how one knowledge base's cases fare: answered with the
// hand-set decision, and with decisions fitted without it.
type SetFit struct {
	Name    string
	Cases   int
	Trained bool    // the final decision was fitted on it
	HandSet float64 // overall, hand-set thresholds
	LeftOut float64 // overall, fitted on every other training set
	Final   float64 // overall, the decision fitted on all training sets
	// Best is the most any decision on these candidates could get right:
	// the rest were never among them.
	Best float64
	// Gained and Lost are the questions the left-out fit gets right and
	// the hand-set wrong, and the other way round.
	Gained, Lost []string
	// Misses are the questions the left-out fit gets wrong, with why.
	Misses []string
}

// Fit fits the decision on the training sets and scores each set left out:
// for a training set, fitted on the sets on other knowledge bases; a set
// not trained on is left out of every fit.
func Fit(ctx context.Context, sets []LabelledSet) (*Decision, []SetFit, error) {
	obs := make([][]observed, len(sets))
	for i, s := range sets {
		o, err := observe(ctx, s)
		if err != nil {
			return nil, nil, err
		}
		obs[i] = o
	}
	fitWithout := func(skip string) *Decision {
		var train []observed
		for i, s := range sets {
			if s.Train && s.Knowledge != skip {
				train = append(train, obs[i]...)
			}
		}
		return fitDecision(train)
	}
	final := fitWithout("")
	report := make([]SetFit, len(sets))
	for i, s := range sets {
		left := final
		if s.Train {
			if !slices.ContainsFunc(sets, func(o LabelledSet) bool { return o.Train && o.Knowledge != s.Knowledge }) {
				return nil, nil, fmt.Errorf("%s: no other knowledge base to fit on, so it cannot be scored left out; give sets on two or more", s.Name)
			}
			left = fitWithout(s.Knowledge)
		}
		report[i] = SetFit{Name: s.Name, Cases: len(obs[i]), Trained: s.Train,
			HandSet: share(obs[i], func(o observed) bool { return o.right }),
			LeftOut: share(obs[i], func(o observed) bool { return o.rightWith(left.decide) }),
			Final:   share(obs[i], func(o observed) bool { return o.rightWith(final.decide) }),
			Best:    share(obs[i], observed.reachable),
		}
		for k, o := range obs[i] {
			if why := o.why(left.decide); why != "" {
				report[i].Misses = append(report[i].Misses, fmt.Sprintf("%q: %s", s.Cases[k].Q, why))
			}
			switch now := o.rightWith(left.decide); {
			case now && !o.right:
				report[i].Gained = append(report[i].Gained, s.Cases[k].Q)
			case !now && o.right:
				report[i].Lost = append(report[i].Lost, s.Cases[k].Q)
			}
		}
	}
	return final, report, nil
}

func share(obs []observed, right func(observed) bool) float64 {
	if len(obs) == 0 {
		return 0
	}
	n := 0
	for _, o := range obs {
		if right(o) {
			n++
		}
	}
	return float64(n) / float64(len(obs))
}

// Fitting: plain logistic regression by gradient descent from zero, with a
// little L2 so that a feature no case separates stays near zero; every
// step is in a fixed order, so a refit of the same cases gives the same
// weights.
const (
	fitSteps = 4000
	fitRate  = 0.5
	fitL2    = 1e-3
	// wrongAnswerCost is how many missed answers one wrong answer costs
	// in choosing the threshold.
	wrongAnswerCost = 1.5
)

// fitDecision fits the rank model on every candidate of the cases (it is
// right, or not), then the answer model on the candidate ranked first (it
// answers rightly, or Signpost should have said it does not know), then
// the threshold that gets most cases right.
func fitDecision(obs []observed) *Decision {
	var xs []features
	var ys []float64
	for _, o := range obs {
		if o.decision {
			for i, f := range o.fs {
				xs = append(xs, f)
				ys = append(ys, flag(o.expect[o.ids[i]]))
			}
		}
	}
	d := &Decision{Rank: fitLogistic(xs, ys), Threshold: 0.5}
	xs, ys = xs[:0], ys[:0]
	for _, o := range obs {
		if !o.decision {
			continue
		}
		if first := d.decide(o.fs).order; len(first) > 0 {
			xs = append(xs, o.fs[first[0]])
			ys = append(ys, flag(o.expect[o.ids[first[0]]]))
		}
	}
	d.Answer = fitLogistic(xs, ys)
	// A wrong answer misleads where "I don't know" (with near misses)
	// does not: the threshold is the one with the fewest mistakes, a
	// wrong answer counting wrongAnswerCost missed ones.
	best := math.Inf(1)
	for t := 0.20; t <= 0.801; t += 0.05 {
		c := *d
		c.Threshold = math.Round(t*100) / 100
		cost := 0.0
		for _, o := range obs {
			if o.rightWith(c.decide) {
				continue
			}
			cost++
			if o.decision && c.decide(o.fs).answered {
				cost += wrongAnswerCost - 1
			}
		}
		if cost < best {
			best, d.Threshold = cost, c.Threshold
		}
	}
	return d
}

// fitLogistic fits p(y=1|x) by gradient descent on the mean log loss.
func fitLogistic(xs []features, ys []float64) logistic {
	var m logistic
	if len(xs) == 0 {
		return m
	}
	n := float64(len(xs))
	for range fitSteps {
		var gw features
		gb := 0.0
		for i, x := range xs {
			e := m.P(x) - ys[i]
			gb += e
			for k := range x {
				gw[k] += e * x[k]
			}
		}
		m.Bias -= fitRate * gb / n
		for k := range m.Weights {
			m.Weights[k] -= fitRate * (gw[k]/n + fitL2*m.Weights[k])
		}
	}
	return m
}

// Features lists the features' names, in the order of a model's weights.
func Features() []string { return slices.Clone(featureNames[:]) }
