package answer

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/reading"
)

// Whether Signpost answers a question that is not a search for services,
// and which entry it answers with, is a logistic model over what was
// measured of each candidate entry: p = σ(bias + Σ weight·feature). The
// candidate with the highest p comes first, and Signpost answers when that
// p reaches the fitted threshold. The weights are fitted on labelled cases
// from several knowledge bases (see Fit and `signpost fit`) and kept in
// decision.tsv, so they can be read, explained and refitted; the hand-set
// thresholds they replace stay (handSet, WithDecision(nil)), to compare
// against.

// feature is one measured fact about a candidate answer, 0–1 or −1–1.
type feature int

const (
	fMatch          feature = iota // mean of coverage and head coverage of the whole message
	fCoverage                      // share of the message's weight the entry matches anywhere
	fHeadCoverage                  // share matched by what the entry is about
	fHeadline                      // share of the entry's best phrasing the message says
	fClause                        // match against the asking sentence alone
	fStory                         // the message is several sentences
	fStoryClause                   // fClause when the message is several sentences
	fStoryHeadline                 // fHeadline when the message is several sentences
	fConcept                       // the entry is about a concept the message names
	fFocusUnsaid                   // a "what is the…" question's word the entry never says
	fRank                          // place in the search's order, 0 first, 1 at the fifth
	fMargin                        // match above the best other candidate's (negative below)
	fTerm                          // the entry is a glossary term
	fService                       // the entry is a service
	fDefineTerm                    // a definition is asked and the entry is a term
	fDefineOther                   // a definition is asked and the entry is not a term
	fWords                         // telling words in the message, a tenth each, at most 1
	fUnknown                       // share of the asking sentence's telling words the knowledge never uses
	fClauseHeadline                // share of the entry's best phrasing the asking sentence says
	fAskerHead                     // what the entry is about names who is asking ("physio"), said only outside the asking sentence
	fScore                         // the search's score over the best candidate's; 0 for one found only for the asking sentence
	fPlaceUnsaid                   // the asking sentence names a place the entry never says
	numFeatures
)

// featureNames name the features in decision.tsv, in order.
var featureNames = [numFeatures]string{
	"match", "coverage", "head_coverage", "headline", "clause", "story", "story_clause", "story_headline",
	"concept", "focus_unsaid", "rank", "margin", "term", "service", "define_term", "define_other", "words", "unknown", "clause_headline", "asker_head", "score", "place_unsaid",
}

// features is what was measured of one candidate.
type features [numFeatures]float64

// measure measures every candidate for a question.
func (a *Answerer) measure(ctx context.Context, cands []candidate, ask asked, q question, an index.Analysis) ([]features, error) {
	var places [][]index.Word
	for _, name := range q.placesWritten {
		pa, err := a.ix.Analyse(ctx, strings.Fields(strings.ToLower(name)))
		if err != nil {
			return nil, fmt.Errorf("reading a place named in the question: %w", err)
		}
		places = append(places, pa.Words)
	}
	words, unknown := 0, 0
	for _, w := range ask.an.Words {
		if w.Light != "" && !w.Weak {
			words++
			if w.DF == 0 {
				unknown++
			}
		}
	}
	define := q.defineAt >= 0 || ask.q.defineAt >= 0
	clauseWords := reading.LowerWords(ask.clause)
	// Words that say who is asking, used in the story but not in the
	// asking sentence: "I'm a student physio… what is it?" is not about
	// physiotherapy.
	var asker []index.Word
	inClause := set(clauseWords...)
	for _, w := range an.Words {
		if askerWords[w.Raw] && (ask.whole || !inClause[w.Raw]) {
			asker = append(asker, w)
		}
	}
	top := 0.0
	for _, c := range cands {
		top = max(top, c.Score)
	}
	out := make([]features, len(cands))
	for i, c := range cands {
		f := &out[i]
		if top > 0 {
			f[fScore] = c.Score / top
		}
		f[fMatch], f[fCoverage], f[fHeadCoverage], f[fHeadline], f[fClause] = match(c.Hit), c.Coverage, c.HeadCoverage, c.Headline, c.clause
		if !ask.whole {
			f[fStory], f[fStoryClause], f[fStoryHeadline] = 1, c.clause, c.Headline
		}
		f[fConcept] = flag(c.Concept)
		f[fFocusUnsaid] = flag(ask.focus >= 0 && !a.ix.Says(c.ID, ask.an.Words[ask.focus], ask.an.Concepts, ask.focus))
		f[fRank] = float64(min(i, maxResults-1)) / float64(maxResults-1)
		best := 0.0
		for j, o := range cands {
			if j != i {
				best = max(best, match(o.Hit))
			}
		}
		f[fMargin] = match(c.Hit) - best
		f[fTerm], f[fService] = flag(c.Kind == knowledge.KindTerm), flag(c.Kind == knowledge.KindService)
		f[fDefineTerm], f[fDefineOther] = flag(define && c.Kind == knowledge.KindTerm), flag(define && c.Kind != knowledge.KindTerm)
		f[fWords] = min(float64(words)/10, 1)
		f[fClauseHeadline] = c.clauseHead
		f[fAskerHead] = flag(slices.ContainsFunc(asker, func(w index.Word) bool { return a.ix.HeadSays(c.ID, w) }))
		if words > 0 {
			f[fUnknown] = float64(unknown) / float64(words)
		}
		for _, ws := range places {
			if !slices.ContainsFunc(ws, func(w index.Word) bool { return w.Light != "" && a.ix.Says(c.ID, w, nil, -1) }) {
				f[fPlaceUnsaid] = 1
			}
		}
	}
	return out, nil
}

func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Decision is the fitted decision: one model orders the candidates, a
// second judges whether the first of them answers.
type Decision struct {
	Rank, Answer logistic
	Threshold    float64 // answer when the first candidate's Answer p reaches this
}

// logistic is p = σ(bias + Σ weight·feature).
type logistic struct {
	Bias    float64
	Weights features
}

// P is how likely a candidate with these features is right.
func (m *logistic) P(f features) float64 {
	z := m.Bias
	for i, w := range m.Weights {
		z += w * f[i]
	}
	return 1 / (1 + math.Exp(-z))
}

//go:embed decision.tsv
var decisionTSV []byte

// builtinDecision is decision.tsv as read; its tests check it parses, so a
// failure here is a build that was never tested.
var builtinDecision = func() *Decision {
	d, err := ParseDecision(decisionTSV)
	if err != nil {
		panic(fmt.Errorf("answer/decision.tsv: %w", err))
	}
	return d
}()

// ParseDecision reads a decision file: lines of "name<TAB>value" for the
// threshold and, for each model (rank. and answer.), its bias and every
// feature's weight, each once; '#' starts a comment.
func ParseDecision(data []byte) (*Decision, error) {
	var d Decision
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, val, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want name, a tab, and a number", n)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("line %d: %q is not a number", n, val)
		}
		if seen[name] {
			return nil, fmt.Errorf("line %d: %s is given twice", n, name)
		}
		seen[name] = true
		if name == "threshold" {
			if v <= 0 || v >= 1 {
				return nil, fmt.Errorf("line %d: threshold %v is not between 0 and 1", n, v)
			}
			d.Threshold = v
			continue
		}
		model, feat, _ := strings.Cut(name, ".")
		m := map[string]*logistic{"rank": &d.Rank, "answer": &d.Answer}[model]
		i := slices.Index(featureNames[:], feat)
		switch {
		case m == nil:
			return nil, fmt.Errorf("line %d: %q is not rank.… or answer.…", n, name)
		case feat == "bias":
			m.Bias = v
		case i >= 0:
			m.Weights[i] = v
		default:
			return nil, fmt.Errorf("line %d: no feature is called %q", n, feat)
		}
	}
	var missing []error
	for _, name := range decisionNames() {
		if !seen[name] {
			missing = append(missing, fmt.Errorf("%s is missing", name))
		}
	}
	if err := errors.Join(missing...); err != nil {
		return nil, err
	}
	return &d, nil
}

// decisionNames are the names a decision file gives values for, in order.
func decisionNames() []string {
	out := []string{"threshold"}
	for _, m := range []string{"rank", "answer"} {
		out = append(out, m+".bias")
		for _, f := range featureNames {
			out = append(out, m+"."+f)
		}
	}
	return out
}

// Format writes the decision as decision.tsv holds it, after a header.
func (d *Decision) Format(header string) []byte {
	var b bytes.Buffer
	if header = strings.TrimRight(header, "\n"); header != "" {
		for _, l := range strings.Split(header, "\n") {
			fmt.Fprintf(&b, "# %s\n", l)
		}
	}
	fmt.Fprintf(&b, "threshold\t%.2f\n", d.Threshold)
	for _, m := range []struct {
		name string
		l    logistic
	}{{"rank", d.Rank}, {"answer", d.Answer}} {
		fmt.Fprintf(&b, "%s.bias\t%.4f\n", m.name, m.l.Bias)
		for i, f := range featureNames {
			fmt.Fprintf(&b, "%s.%s\t%.4f\n", m.name, f, m.l.Weights[i])
		}
	}
	return b.Bytes()
}

// decided is the decision on a question's candidates: their order, best
// first, and whether the first answers.
type decided struct {
	order    []int
	answered bool
	// likely is, for each candidate in order, whether the rank model
	// thinks it more likely than not to answer: worth offering as a near
	// miss when Signpost does not answer, however little of a long
	// message it matches. (Hand-set thresholds leave it empty.)
	likely []bool
}

// handSet decides as the thresholds in answer.go say: candidates that
// answer first (in a story, the best for the asking sentence at their
// head), then, for a "what is the…" question, the best that says what it
// asks about.
func (a *Answerer) handSet(cands []candidate, ask asked) decided {
	answers := make([]bool, len(cands))
	for i, c := range cands {
		answers[i] = a.answers(c, ask)
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	if !ask.whole {
		slices.SortStableFunc(order, func(x, y int) int {
			switch ax, ay := answers[x], answers[y]; {
			case ax && !ay:
				return -1
			case ay && !ax:
				return 1
			case ax && ay:
				return -cmpFloat(cands[x].clause, cands[y].clause)
			}
			return 0
		})
	}
	for i := range min(len(order), focusTries) {
		if i > 0 && ask.focus < 0 {
			break
		}
		if answers[order[i]] {
			order[0], order[i] = order[i], order[0]
			break
		}
	}
	return decided{order: order, answered: len(order) > 0 && answers[order[0]]}
}

// decide orders candidates by the rank model, best first, and answers when
// the answer model's p for the first reaches the threshold. A candidate that never says what a "who
// is the…" question asks about cannot answer it, however well it matches
// the rest ("who chairs NASP?" is not answered by what NASP does): that is
// read, not weighed.
func (d *Decision) decide(fs []features) decided {
	p := make([]float64, len(fs))
	order := make([]int, len(fs))
	for i, f := range fs {
		p[i], order[i] = d.Rank.P(f), i
		if f[fFocusUnsaid] > 0 {
			p[i] = 0
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return -cmpFloat(p[x], p[y]) })
	likely := make([]bool, len(order))
	for i, k := range order {
		likely[i] = p[k] >= likelyRank
	}
	if len(order) == 0 || p[order[0]] == 0 {
		return decided{order: order, likely: likely}
	}
	return decided{order: order, answered: d.Answer.P(fs[order[0]]) >= d.Threshold, likely: likely}
}

// likelyRank is the rank model's probability from which a candidate is
// offered as a near miss whatever its match.
const likelyRank = 0.25

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
