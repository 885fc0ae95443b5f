package urgent

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// The rules read risk the way a clinician would explain it: a means and
// a plan, a threat and fear. But people describe risk in more words than
// any list of rules holds, so a second reader weighs every word and pair
// of words of a message, as learnt from the messages reviewers wrote
// (testdata/risk-blind-*.yaml and the others TrainingSets names). It only
// ever adds: a message the rules find is found whatever the model says.

// modelTSV is the learnt weights: "bias" and then "feature\tweight" lines.
// TestModelIsCurrent retrains it from the sets and fails when it differs;
// go test ./urgent -run TestModelIsCurrent -update writes it anew.
//
//go:embed model.tsv
var modelTSV string

// model is a logistic regression over words and word pairs.
type model struct {
	bias float64
	w    map[string]float64
	// byHash holds the weights by a hash of their feature, so reading a
	// message makes no strings (every message is read).
	byHash map[uint64]float64
}

// Thresholds of the model's probability: at or above modelClear a message
// is clear risk, at or above modelPossible possible risk. They were chosen
// leaving each set out of training in turn and scoring it (see
// docs/clinical-safety.md, H1): first-tier false alarms on ordinary
// questions stay under 2%. The model makes risk clear only where the rules
// read some part of it too (a concept, a sign).
const (
	modelClear    = 0.65
	modelPossible = 0.30
)

func parseModel(text string) (*model, error) {
	m := &model{w: make(map[string]float64, 20000)}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		f, v, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("model.tsv:%d: want a feature, a tab and a weight", line)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("model.tsv:%d: %w", line, err)
		}
		if f == "bias" {
			m.bias = x
			continue
		}
		m.w[f] = x
	}
	m.byHash = make(map[uint64]float64, len(m.w))
	for f, x := range m.w {
		m.byHash[hashString(f)] = x
	}
	return m, sc.Err()
}

// probability is how likely the model finds it that the message is about
// a person at risk now.
func (m *model) probability(ws []string) float64 {
	z := m.bias
	if m.byHash == nil { // a model being trained
		for _, f := range features(ws) {
			z += m.w[f]
		}
		return 1 / (1 + math.Exp(-z))
	}
	for _, h := range featureHashes(ws) {
		z += m.byHash[h]
	}
	return 1 / (1 + math.Exp(-z))
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 { return hashMore(fnvOffset, s) }

func hashMore(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// featureHashes are the hashes of features(ws), each once, made without
// making the strings.
func featureHashes(ws []string) []uint64 {
	out := make([]uint64, 0, 3*len(ws))
	prev := ""
	for i, w := range ws {
		s := stem(w)
		if !functionWords[s] {
			out = append(out, hashString(s))
			if r := []rune(w); len(r) >= 6 {
				out = append(out, hashMore(hashString(string(r[:5])), "…"))
			}
		}
		if i > 0 {
			out = append(out, hashMore(hashMore(hashString(prev), " "), s))
		}
		prev = s
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// features are a message's word stems and pairs of stems, each once.
func features(ws []string) []string {
	stems := make([]string, len(ws))
	for i, w := range ws {
		stems[i] = stem(w)
	}
	out := make([]string, 0, 2*len(ws))
	for i, s := range stems {
		if !functionWords[s] {
			out = append(out, s)
			// A word's first five letters, so a typo late in a long word
			// ("suicidle", "overdozed") still weighs as the word does.
			if r := []rune(ws[i]); len(r) >= 6 {
				out = append(out, string(r[:5])+"…")
			}
		}
		if i > 0 {
			out = append(out, stems[i-1]+" "+s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// functionWords say who and when, not what: alone they would teach the
// model that any story about "her" is risk. In pairs they stay ("hit her").
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if so of to in on at for from by with about as
		i me my we our you your he him his she her they them their it its this that these those thi
		is are was were be been being am do doe did done have ha had can could will would shall should
		may might must not no yes just also very really still then than there here what when where
		who whom which how why all any some each every one two out up down over into onto off again
		today tonight morn morning yesterday now week day time`) {
		m[w] = true
	}
	return m
}()

// stem cuts the commonest English endings, so that "overdosed",
// "overdosing" and "overdoses" are one feature.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "ly"} {
		if len(w)-len(suf) >= 3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// example is a message and whether it is about a person at risk.
type example struct {
	words []string
	risk  bool
}

// train fits the model by stochastic gradient descent in a fixed order,
// so the same examples always give the same weights. Risk and ordinary
// examples weigh the same in all, however many there are of each.
func train(examples []example) *model {
	const (
		epochs = 40
		rate   = 0.2
		l2     = 1e-3
	)
	m := &model{w: map[string]float64{}}
	feats := make([][]string, len(examples))
	pos := 0
	for i, e := range examples {
		feats[i] = features(e.words)
		if e.risk {
			pos++
		}
	}
	neg := len(examples) - pos
	weight := func(risk bool) float64 {
		if risk {
			return float64(len(examples)) / (2 * float64(max(pos, 1)))
		}
		return float64(len(examples)) / (2 * float64(max(neg, 1)))
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for epoch := range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := rate / (1 + float64(epoch)/10)
		for _, i := range order {
			z := m.bias
			for _, f := range feats[i] {
				z += m.w[f]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if examples[i].risk {
				y = 1
			}
			g := (p - y) * weight(examples[i].risk)
			m.bias -= lr * g
			for _, f := range feats[i] {
				m.w[f] -= lr * (g + l2*m.w[f])
			}
		}
	}
	return m
}

// tsv writes the model as model.tsv holds it: weights too small to matter
// are left out, and numbers are rounded so the file reads the same on
// every machine.
func (m *model) tsv() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bias\t%.4f\n", m.bias)
	keys := make([]string, 0, len(m.w))
	for f, x := range m.w {
		if math.Abs(x) >= 0.02 {
			keys = append(keys, f)
		}
	}
	slices.Sort(keys)
	for _, f := range keys {
		fmt.Fprintf(&b, "%s\t%.4f\n", f, m.w[f])
	}
	return b.String()
}
