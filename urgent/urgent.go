// Package urgent recognises messages about a person who may be at risk to
// life or safety ("my patient said she'd be better off dead", "pt
// disclosed her partner hits her", "collapsed, not breathing"), in any
// wording, with typos and in the third person, and says what urgent help
// to lead with. It knows nothing of the knowledge: the safety net holds
// whatever a knowledge directory contains. Its words live in urgent.yaml.
package urgent

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

//go:embed urgent.yaml
var defaultData []byte

// Signal is what Detect found: the kinds of risk, and the help to lead
// with, in order (Slack mrkdwn).
type Signal struct {
	Kinds []string
	Help  []string
	// Topics say what a knowledge entry about these risks would be about,
	// for finding a local crisis FAQ to show after the help.
	Topics []string
}

// Detector finds signs of risk in messages. It is safe for concurrent use.
type Detector struct {
	kinds    []kind
	ordinary []pattern
	people   []pattern
	help     []string // every help line, in the file's order
	first    firstIndex
}

// firstIndex finds the patterns that can start at a word without trying
// them all: by the word itself when a pattern's first slot is short words
// that must match exactly, else by the word's first letter (so a typo in
// a first letter is not forgiven).
type firstIndex struct {
	exact    map[string][]start
	byLetter [256][]start
}

// start is a pattern that may start at a word, and which it is.
type start struct {
	p pattern
	r ref
}

// ref names a pattern: of a kind (kind ≥ 0; a weaker sign when sign is
// set), an ordinary phrase or a person word.
type ref struct {
	kind, i int
	sign    bool
}

const (
	refOrdinary = -1
	refPeople   = -2
)

type kind struct {
	name     string
	topic    string
	patterns []pattern
	signs    []pattern // weaker: two different ones count
	person   bool
	help     []string // lines, in order
}

// A pattern is slots matched against consecutive words.
type pattern []slot

type slot struct {
	words    []string
	prefixes []string
	phrases  [][]string // alternatives of several words ("chest_pain")
	gap      bool       // up to maxGap other words
	optional bool
	// The lengths of word that words and prefixes can match, typos
	// included: most words of a message are turned away by length alone.
	minLen, maxLen int
}

// maxGap is how many words "*" stands for at most.
const maxGap = 3

type file struct {
	Kinds map[string]struct {
		Topic    string   `yaml:"topic"`
		Patterns []string `yaml:"patterns"`
		Signs    []string `yaml:"signs"`
		Person   bool     `yaml:"person"`
		Help     []string `yaml:"help"`
	} `yaml:"kinds"`
	Ordinary []string `yaml:"ordinary"`
	People   []string `yaml:"people"`
	Help     []struct {
		ID   string `yaml:"id"`
		Text string `yaml:"text"`
	} `yaml:"help"`
}

// kindOrder is the order kinds are reported in: the most urgent first.
var kindOrder = []string{"emergency", "suicide", "self-harm", "abuse", "safeguarding"}

// New returns the detector for Signpost's own list of signs.
func New() (*Detector, error) { return Parse(defaultData) }

// Default is New for callers that cannot go on without the safety net.
// The list is built into the binary and checked by this package's tests,
// so a failure is a broken build, not bad input.
func Default() *Detector {
	d, err := New()
	if err != nil {
		panic(err)
	}
	return d
}

// Parse reads a list of signs in urgent.yaml's format.
func Parse(data []byte) (*Detector, error) {
	var f file
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("reading the list of urgent signs: %w", err)
	}
	help := map[string]int{}
	d := &Detector{}
	for i, h := range f.Help {
		help[h.ID] = i
		d.help = append(d.help, h.Text)
	}
	names := make([]string, 0, len(f.Kinds))
	for name := range f.Kinds {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	for _, name := range names {
		fk := f.Kinds[name]
		k := kind{name: name, topic: fk.Topic, person: fk.Person}
		var order []int
		for _, id := range fk.Help {
			i, ok := help[id]
			if !ok {
				return nil, fmt.Errorf("urgent kind %s: no help with id %q", name, id)
			}
			order = append(order, i)
		}
		slices.Sort(order)
		for _, i := range order {
			k.help = append(k.help, f.Help[i].Text)
		}
		for _, p := range fk.Patterns {
			pat, err := parsePattern(p)
			if err != nil {
				return nil, fmt.Errorf("urgent kind %s: %w", name, err)
			}
			k.patterns = append(k.patterns, pat)
		}
		for _, p := range fk.Signs {
			pat, err := parsePattern(p)
			if err != nil {
				return nil, fmt.Errorf("urgent kind %s, signs: %w", name, err)
			}
			k.signs = append(k.signs, pat)
		}
		d.kinds = append(d.kinds, k)
	}
	for _, p := range f.Ordinary {
		pat, err := parsePattern(p)
		if err != nil {
			return nil, fmt.Errorf("ordinary phrases: %w", err)
		}
		d.ordinary = append(d.ordinary, pat)
	}
	for _, p := range f.People {
		pat, err := parsePattern(p)
		if err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		d.people = append(d.people, pat)
	}
	d.first = firstIndex{exact: map[string][]start{}}
	for k, kd := range d.kinds {
		for i, p := range kd.patterns {
			d.first.add(p, ref{kind: k, i: i})
		}
		for i, p := range kd.signs {
			d.first.add(p, ref{kind: k, i: i, sign: true})
		}
	}
	for i, p := range d.ordinary {
		d.first.add(p, ref{kind: refOrdinary, i: i})
	}
	for i, p := range d.people {
		d.first.add(p, ref{kind: refPeople, i: i})
	}
	return d, nil
}

func (fi *firstIndex) add(p pattern, r ref) {
	sl := p[0]
	for _, ph := range sl.phrases {
		fi.exact[ph[0]] = append(fi.exact[ph[0]], start{p, r})
	}
	fuzzy := len(sl.prefixes) > 0
	for _, w := range sl.words {
		fuzzy = fuzzy || len(w) >= typoLen
	}
	if !fuzzy {
		for _, w := range sl.words {
			fi.exact[w] = append(fi.exact[w], start{p, r})
		}
		return
	}
	var letters []byte
	for _, w := range slices.Concat(sl.words, sl.prefixes) {
		if !slices.Contains(letters, w[0]) {
			letters = append(letters, w[0])
		}
	}
	for _, l := range letters {
		fi.byLetter[l] = append(fi.byLetter[l], start{p, r})
	}
}

func rank(kind string) int {
	if i := slices.Index(kindOrder, kind); i >= 0 {
		return i
	}
	return len(kindOrder)
}

func parsePattern(s string) (pattern, error) {
	var p pattern
	for _, field := range strings.Fields(s) {
		if field == "*" {
			p = append(p, slot{gap: true})
			continue
		}
		var sl slot
		if f, ok := strings.CutSuffix(field, "(?)"); ok {
			field, sl.optional = f, true
		}
		alts := strings.Split(field, "|")
		if len(alts) == 1 && !strings.HasSuffix(field, "~") {
			// "don't" is two words to the matcher, as in messages.
			ws := Words(field)
			if len(ws) == 0 {
				return nil, fmt.Errorf("pattern %q: %q holds no word", s, field)
			}
			for i, w := range ws {
				p = append(p, slot{words: []string{w}, optional: sl.optional && i == 0})
			}
			continue
		}
		for _, a := range alts {
			if pre, ok := strings.CutSuffix(a, "~"); ok {
				ws := Words(pre)
				if len(ws) != 1 {
					return nil, fmt.Errorf("pattern %q: %q must be one word", s, a)
				}
				sl.prefixes = append(sl.prefixes, ws[0])
				continue
			}
			ws := Words(strings.ReplaceAll(a, "_", " "))
			switch {
			case len(ws) == 0:
				return nil, fmt.Errorf("pattern %q: alternative %q holds no word", s, a)
			case len(ws) > 1 && !strings.Contains(a, "_"):
				return nil, fmt.Errorf("pattern %q: alternative %q is several words: join them with _", s, a)
			case len(ws) > 1:
				sl.phrases = append(sl.phrases, ws)
			default:
				sl.words = append(sl.words, ws[0])
			}
		}
		p = append(p, sl)
	}
	if len(p) == 0 || p[0].gap || p[0].optional || p[len(p)-1].gap {
		return nil, fmt.Errorf("pattern %q must start and end with a word that must be there", s)
	}
	for i := range p {
		p[i].size()
	}
	return p, nil
}

// size sets the lengths of word the slot's words and prefixes can match
// (see match).
func (sl *slot) size() {
	sl.minLen, sl.maxLen = math.MaxInt, 0
	for _, x := range sl.words {
		lo, hi := len(x), len(x)
		if len(x) >= typoLen {
			lo, hi = lo-1, hi+1
		}
		sl.minLen, sl.maxLen = min(sl.minLen, lo), max(sl.maxLen, hi)
	}
	for _, pre := range sl.prefixes {
		lo := len(pre)
		if len(pre) >= typoLen {
			lo--
		}
		sl.minLen, sl.maxLen = min(sl.minLen, lo), math.MaxInt
	}
}

// Words splits text into lower-case words of letters and digits, the same
// way for messages and patterns. Apostrophes join rather than split:
// "isn't" is "isnt", and a possessive or "is" drops its 's ("partner's" is
// "partner", "she's" is "she").
func Words(s string) []string {
	rs := []rune(strings.ToLower(s))
	var out []string
	var w []rune
	flush := func() {
		if len(w) > 0 {
			out = append(out, string(w))
			w = w[:0]
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = append(w, r)
		case isApostrophe(r) && len(w) > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			if rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2]) && !unicode.IsDigit(rs[i+2])) {
				i++ // "partner's", "she's": the word without its 's
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '`'
}

// Detect reports the signs of risk in a message, or nil when there are none.
func (d *Detector) Detect(text string) *Signal {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	// Every match of every pattern, found from the patterns that can start
	// at each word.
	var ordinary [][2]int
	var person bool
	found := make([][]match, len(d.kinds))
	try := func(st start, i int) {
		end, ok := st.p.matchAt(words, i, 0)
		if !ok {
			return
		}
		switch r := st.r; r.kind {
		case refOrdinary:
			ordinary = append(ordinary, [2]int{i, end})
		case refPeople:
			person = true
		default:
			found[r.kind] = append(found[r.kind], match{span: [2]int{i, end}, ref: r})
		}
	}
	for i, w := range words {
		for _, st := range d.first.exact[w] {
			try(st, i)
		}
		for _, st := range d.first.byLetter[w[0]] {
			try(st, i)
		}
	}
	var sig *Signal
	for k, kd := range d.kinds {
		// One strong pattern, or two different weaker signs, outside any
		// ordinary phrase.
		matched := false
		var signs []int
		for _, m := range found[k] {
			if overlapsAny(m.span, ordinary) {
				continue
			}
			if !m.ref.sign {
				matched = true
				break
			}
			if !slices.Contains(signs, m.ref.i) {
				signs = append(signs, m.ref.i)
			}
		}
		matched = matched || len(signs) >= 2
		if !matched || kd.person && !person {
			continue
		}
		if sig == nil {
			sig = &Signal{}
		}
		sig.Kinds = append(sig.Kinds, kd.name)
		if kd.topic != "" && !slices.Contains(sig.Topics, kd.topic) {
			sig.Topics = append(sig.Topics, kd.topic)
		}
		for _, h := range kd.help {
			if !slices.Contains(sig.Help, h) {
				sig.Help = append(sig.Help, h)
			}
		}
	}
	if sig != nil {
		sig.Help = d.ordered(sig.Help)
	}
	return sig
}

// ordered puts help lines in the order of the file, whichever kinds
// brought them.
func (d *Detector) ordered(lines []string) []string {
	slices.SortStableFunc(lines, func(a, b string) int { return slices.Index(d.help, a) - slices.Index(d.help, b) })
	return lines
}

type match struct {
	span [2]int
	ref  ref
}

func overlapsAny(sp [2]int, others [][2]int) bool {
	for _, o := range others {
		if o[0] < sp[1] && sp[0] < o[1] {
			return true
		}
	}
	return false
}

// matchAt matches slots from s on at words[i:], returning the end.
func (p pattern) matchAt(words []string, i, s int) (int, bool) {
	if s == len(p) {
		return i, true
	}
	sl := &p[s]
	if sl.gap {
		for skip := 0; skip <= maxGap && i+skip <= len(words); skip++ {
			if end, ok := p.matchAt(words, i+skip, s+1); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(words) && sl.match(words[i]) {
		if end, ok := p.matchAt(words, i+1, s+1); ok {
			return end, true
		}
	}
	for _, ph := range sl.phrases {
		if i+len(ph) <= len(words) && slices.Equal(words[i:i+len(ph)], ph) {
			if end, ok := p.matchAt(words, i+len(ph), s+1); ok {
				return end, true
			}
		}
	}
	if sl.optional {
		return p.matchAt(words, i, s+1)
	}
	return 0, false
}

// typoLen is the length from which a word may be misspelt by one letter
// and still match: shorter words are too easily other words.
const typoLen = 6

func (sl *slot) match(w string) bool {
	if len(w) < sl.minLen || len(w) > sl.maxLen {
		return false
	}
	for _, x := range sl.words {
		if w == x || len(x) >= typoLen && oneEdit(w, x) {
			return true
		}
	}
	for _, pre := range sl.prefixes {
		if strings.HasPrefix(w, pre) {
			return true
		}
		if len(pre) >= typoLen {
			for n := len(pre) - 1; n <= len(pre)+1 && n <= len(w); n++ {
				if oneEdit(w[:n], pre) {
					return true
				}
			}
		}
	}
	return false
}

// oneEdit reports whether a and b differ by at most one letter changed
// (after the first two), added or removed, or two neighbours swapped.
func oneEdit(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if i >= 2 && a[i+1:] == b[i+1:] {
			return true // one changed, not in the first two letters ("cooking" is not "choking")
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // two swapped
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}
