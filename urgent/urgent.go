// Package urgent recognises messages about a person who may be at risk to
// life or safety ("my patient said she'd be better off dead", "pt
// disclosed her partner hits her", "collapsed, not breathing"), in any
// wording, with typos and in the third person, and says what urgent help
// to lead with. It knows nothing of the knowledge: the safety net holds
// whatever a knowledge directory contains. Its words live in urgent.yaml.
package urgent

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"gopkg.in/yaml.v3"
)

//go:embed urgent.yaml
var defaultData []byte

// Level is how sure Detect is that someone is at risk.
type Level int

const (
	// Possible risk: one sign of risk without the rest ("she's been giving
	// her things away"). The normal answer is given, with urgent help
	// shown prominently beside it.
	Possible Level = iota + 1
	// Clear risk: the reply leads with urgent help.
	Clear
)

func (l Level) String() string {
	switch l {
	case Clear:
		return "clear"
	case Possible:
		return "possible"
	}
	return ""
}

// Signal is what Detect found: the kinds of risk, and the help to lead
// with, in order (Slack mrkdwn).
type Signal struct {
	Level Level
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
	// concepts are the parts risk is read from in combination (a means, a
	// final act, despair…); see kind.rules.
	concepts []concept
	// frames make what follows them in a clause talk about a topic rather
	// than a person ("an assignment on", "training about"); negations
	// deny what follows ("denies", "no").
	frames, negations []pattern
	// past marks a clause as history long over ("ten years ago", "as a
	// teenager"): nothing in that clause counts, before or after it.
	past   []pattern
	help   []string // every help line, in the file's order
	footer string   // the one line that ends a reply that does not answer
	local  []Contact
	first  firstIndex
	// model weighs every word when the rules find less than clear risk;
	// what it alone finds is of kind modelKind ("concern"). A list without
	// that kind has no model.
	model     *model
	modelKind int
}

type rule struct {
	concepts []int
	level    Level
}

type concept struct {
	name     string
	kind     int // the kind a lone hit is possible risk of; -1 for none
	patterns []pattern
}

// firstIndex finds the patterns that can start at a word without trying
// them all: by the word itself when a pattern's first slot is short words
// that must match exactly, else by the word's first letter (so a typo in
// a first letter is not forgiven).
//
// Trying every pattern under a letter was a sixth of the time a long
// story took, so the letter's patterns are found through near: every
// word of a first slot, and each way of deleting one byte from a word
// that may be misspelt. Two words one edit apart (a change, an added or
// lost letter, two swapped) always share one of those keys, so looking
// up a word and its own deletions finds every pattern it could start, and
// a few more that matchAt then refuses. Patterns whose first slot has a
// prefix are tried under their letters as before.
type firstIndex struct {
	exact map[string][]start
	// fuzzy are the patterns tried by letter, in the order added; letters
	// says which letters each is tried under.
	fuzzy    []start
	letters  [][4]uint64
	near     map[string][]int32 // key → fuzzy
	prefixed [256][]int32       // letter → fuzzy, for prefixed first slots
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
	refConcept  = -3 // i is the concept
	refFrame    = -4
	refNegation = -5
	refPossible = -6 // i is the kind: a lone pattern of possible risk
	refPast     = -7
)

type kind struct {
	name     string
	topic    string
	patterns []pattern
	signs    []pattern // weaker: two different ones count
	// possible patterns are signs of possible risk alone.
	possible []pattern
	// rules are combinations of concepts that together are risk: each
	// is the concepts' indices, all of which must be found.
	rules  []rule
	person bool
	help   []string // lines, in order
}

// A pattern is slots matched against consecutive words.
type pattern []slot

type slot struct {
	words    []string
	prefixes []string
	phrases  [][]string // alternatives of several words ("chest_pain")
	gap      bool       // up to maxGap other words
	optional bool
	// exact slots forgive no typo: a frame or a negation read into a
	// misspelt word would hide risk ("learning" is not "elearning").
	exact bool
	// The lengths of word that words and prefixes can match, typos
	// included: most words of a message are turned away by length alone.
	minLen, maxLen int
}

// maxGap is how many words "*" stands for at most.
const maxGap = 3

type file struct {
	Kinds     map[string]fileKind    `yaml:"kinds"`
	Concepts  map[string]fileConcept `yaml:"concepts"`
	Ordinary  []string               `yaml:"ordinary"`
	Frames    []string               `yaml:"frames"`
	Negations []string               `yaml:"negations"`
	Past      []string               `yaml:"past"`
	People    []string               `yaml:"people"`
	Help      []struct {
		ID   string `yaml:"id"`
		Text string `yaml:"text"`
	} `yaml:"help"`
	Footer string `yaml:"footer"`
}

// fileKind is one kind of risk as urgent.yaml writes it. It is an alias,
// not a type of its own: yaml's errors name the struct, and must not
// change.
type fileKind = struct {
	Topic    string   `yaml:"topic"`
	Patterns []string `yaml:"patterns"`
	Signs    []string `yaml:"signs"`
	Possible []string `yaml:"possible"`
	Rules    []Rule   `yaml:"rules"`
	Person   bool     `yaml:"person"`
	Help     []string `yaml:"help"`
}

// fileConcept is one concept as urgent.yaml writes it (an alias, as
// fileKind is).
type fileConcept = struct {
	Alone    string   `yaml:"alone"`
	Patterns []string `yaml:"patterns"`
}

// Rule is a combination of concepts that together are clear risk, with
// messages it must catch: its examples are its tests.
type Rule struct {
	All      []string `yaml:"all"`
	Level    string   `yaml:"level"` // "possible", or clear when empty
	Examples []string `yaml:"examples"`
}

// kindOrder is the order kinds are reported in: the most urgent first.
var kindOrder = []string{"emergency", "suicide", "self-harm", "abuse", "child", "safeguarding"}

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
	d := &Detector{footer: f.Footer}
	if d.footer == "" {
		return nil, errors.New("the list of urgent signs has no footer line")
	}
	if len(f.Kinds) == 0 {
		// Detect ranks what it finds by kind: with none it has nothing to
		// find, and a list that finds nothing must not pass for one.
		return nil, errors.New("the list of urgent signs has no kinds")
	}
	for i, h := range f.Help {
		if _, ok := help[h.ID]; ok {
			return nil, fmt.Errorf("the list of urgent signs gives help %q twice", h.ID)
		}
		help[h.ID] = i
		d.help = append(d.help, h.Text)
	}
	// Concepts first, in a fixed order, so that rules can name them.
	cnames := slices.Sorted(maps.Keys(f.Concepts))
	conceptIndex, err := d.parseConcepts(cnames, f.Concepts)
	if err != nil {
		return nil, err
	}
	names := slices.Collect(maps.Keys(f.Kinds))
	slices.SortFunc(names, func(a, b string) int {
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		k, err := d.parseKind(name, f.Kinds[name], help, conceptIndex)
		if err != nil {
			return nil, err
		}
		d.kinds = append(d.kinds, k)
	}
	if err := d.linkAlone(cnames, f.Concepts); err != nil {
		return nil, err
	}
	if err := d.parseLists(&f); err != nil {
		return nil, err
	}
	d.indexFirst()
	d.modelKind = slices.IndexFunc(d.kinds, func(k kind) bool { return k.name == modelKindName })
	if d.modelKind >= 0 {
		m, err := builtinModel()
		if err != nil {
			return nil, err
		}
		d.model = m
	}
	return d, nil
}

// parseConcepts reads the concepts in the order of cnames, and returns
// each one's index by name, for rules to refer to them by.
func (d *Detector) parseConcepts(cnames []string, concepts map[string]fileConcept) (map[string]int, error) {
	conceptIndex := map[string]int{}
	for i, name := range cnames {
		conceptIndex[name] = i
		pats, err := parsePatterns(concepts[name].Patterns)
		if err != nil {
			return nil, fmt.Errorf("urgent concept %s: %w", name, err)
		}
		d.concepts = append(d.concepts, concept{name: name, kind: -1, patterns: pats})
	}
	return conceptIndex, nil
}

// parseKind reads one kind of risk: its help lines (in the file's order,
// whichever order the kind names them in; d.help holds them all), its
// patterns and its rules.
func (d *Detector) parseKind(name string, fk fileKind, help, conceptIndex map[string]int) (kind, error) {
	k := kind{name: name, topic: fk.Topic, person: fk.Person}
	var order []int
	for _, id := range fk.Help {
		i, ok := help[id]
		if !ok {
			return kind{}, fmt.Errorf("urgent kind %s: no help with id %q", name, id)
		}
		if slices.Contains(order, i) {
			return kind{}, fmt.Errorf("urgent kind %s: help %q is named twice", name, id)
		}
		order = append(order, i)
	}
	slices.Sort(order)
	for _, i := range order {
		k.help = append(k.help, d.help[i])
	}
	var err error
	if k.patterns, err = parsePatterns(fk.Patterns); err != nil {
		return kind{}, fmt.Errorf("urgent kind %s: %w", name, err)
	}
	if k.signs, err = parsePatterns(fk.Signs); err != nil {
		return kind{}, fmt.Errorf("urgent kind %s, signs: %w", name, err)
	}
	if k.possible, err = parsePatterns(fk.Possible); err != nil {
		return kind{}, fmt.Errorf("urgent kind %s, possible: %w", name, err)
	}
	for _, r := range fk.Rules {
		ru, err := parseRule(name, r, conceptIndex)
		if err != nil {
			return kind{}, err
		}
		k.rules = append(k.rules, ru)
	}
	return k, nil
}

// parseRule reads one rule of the kind called name: its level, and the
// concepts it combines by index.
func parseRule(name string, r Rule, conceptIndex map[string]int) (rule, error) {
	if len(r.All) == 0 {
		return rule{}, fmt.Errorf("urgent kind %s: a rule names no concept", name)
	}
	ru := rule{level: Clear}
	switch r.Level {
	case "", "clear":
	case "possible":
		ru.level = Possible
	default:
		return rule{}, fmt.Errorf("urgent kind %s: rule %v has level %q, not clear or possible", name, r.All, r.Level)
	}
	for _, c := range r.All {
		i, ok := conceptIndex[c]
		if !ok {
			return rule{}, fmt.Errorf("urgent kind %s: rule %v names %q, which is not a concept", name, r.All, c)
		}
		ru.concepts = append(ru.concepts, i)
	}
	return ru, nil
}

// linkAlone points each concept that is possible risk alone at its kind:
// kinds are read after concepts, so this is a second pass.
func (d *Detector) linkAlone(cnames []string, concepts map[string]fileConcept) error {
	for i, name := range cnames {
		alone := concepts[name].Alone
		if alone == "" {
			continue
		}
		k := slices.IndexFunc(d.kinds, func(k kind) bool { return k.name == alone })
		if k < 0 {
			return fmt.Errorf("urgent concept %s: alone names %q, which is not a kind", name, alone)
		}
		d.concepts[i].kind = k
	}
	return nil
}

// parseLists reads the patterns that belong to no kind: ordinary phrases,
// person words, and the frames, past markers and negations that must
// match as written.
func (d *Detector) parseLists(f *file) error {
	var err error
	if d.ordinary, err = parsePatterns(f.Ordinary); err != nil {
		return fmt.Errorf("ordinary phrases: %w", err)
	}
	if d.people, err = parsePatterns(f.People); err != nil {
		return fmt.Errorf("people: %w", err)
	}
	if d.frames, err = parseExact(f.Frames); err != nil {
		return fmt.Errorf("frames: %w", err)
	}
	if d.past, err = parseExact(f.Past); err != nil {
		return fmt.Errorf("past: %w", err)
	}
	if d.negations, err = parseExact(f.Negations); err != nil {
		return fmt.Errorf("negations: %w", err)
	}
	return nil
}

// indexFirst files every pattern the detector holds under the words it
// can start at, so Detect tries only those that could match.
func (d *Detector) indexFirst() {
	d.first = firstIndex{exact: map[string][]start{}, near: map[string][]int32{}}
	for k, kd := range d.kinds {
		for i, p := range kd.patterns {
			d.first.add(p, ref{kind: k, i: i})
		}
		for i, p := range kd.signs {
			d.first.add(p, ref{kind: k, i: i, sign: true})
		}
		for _, p := range kd.possible {
			d.first.add(p, ref{kind: refPossible, i: k})
		}
	}
	for i, c := range d.concepts {
		for _, p := range c.patterns {
			d.first.add(p, ref{kind: refConcept, i: i})
		}
	}
	for _, list := range []struct {
		pats []pattern
		kind int
	}{{d.ordinary, refOrdinary}, {d.people, refPeople}, {d.frames, refFrame}, {d.negations, refNegation}, {d.past, refPast}} {
		for i, p := range list.pats {
			d.first.add(p, ref{kind: list.kind, i: i})
		}
	}
}

// anySign reports whether any sign or pattern of any kind was found live.
func (d *Detector) anySign(found [][]match, live func(span) bool) bool {
	for _, ms := range found {
		for _, m := range ms {
			if live(m.span) {
				return true
			}
		}
	}
	return false
}

// modelKindName is the kind of risk the model finds without a rule.
const modelKindName = "concern"

// builtinModel parses model.tsv once; the model is never changed after.
var builtinModel = sync.OnceValues(func() (*model, error) { return parseModel(modelTSV) })

func parsePatterns(list []string) ([]pattern, error) {
	var out []pattern
	for _, s := range list {
		p, err := parsePattern(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// parseExact is parsePatterns for patterns that must match as written.
func parseExact(list []string) ([]pattern, error) {
	out, err := parsePatterns(list)
	for _, p := range out {
		for i := range p {
			p[i].exact = true
			p[i].size()
		}
	}
	return out, err
}

func (fi *firstIndex) add(p pattern, r ref) {
	sl := p[0]
	for _, ph := range sl.phrases {
		fi.exact[ph[0]] = append(fi.exact[ph[0]], start{p, r})
	}
	fuzzy := len(sl.prefixes) > 0
	for _, w := range sl.words {
		fuzzy = fuzzy || len(w) >= typoLen && !sl.exact
	}
	if !fuzzy {
		for _, w := range sl.words {
			fi.exact[w] = append(fi.exact[w], start{p, r})
		}
		return
	}
	n := int32(len(fi.fuzzy))
	fi.fuzzy = append(fi.fuzzy, start{p, r})
	var letters [4]uint64
	for _, w := range slices.Concat(sl.words, sl.prefixes) {
		letters[w[0]/64] |= 1 << (w[0] % 64)
	}
	fi.letters = append(fi.letters, letters)
	for _, w := range sl.words {
		fi.nearKey(w, n)
		if len(w) >= typoLen && !sl.exact {
			buf := make([]byte, 0, len(w))
			for i := range len(w) {
				fi.nearKey(string(append(append(buf[:0], w[:i]...), w[i+1:]...)), n)
			}
		}
	}
	for _, pre := range sl.prefixes {
		if !slices.Contains(fi.prefixed[pre[0]], n) {
			fi.prefixed[pre[0]] = append(fi.prefixed[pre[0]], n)
		}
	}
}

func (fi *firstIndex) nearKey(key string, n int32) {
	if ks := fi.near[key]; len(ks) == 0 || ks[len(ks)-1] != n {
		fi.near[key] = append(ks, n)
	}
}

// candidates appends to into the fuzzy patterns that may start at w, in
// the order they were added, each once; buf is scratch for the keys.
func (fi *firstIndex) candidates(w string, into []int32, buf []byte) ([]int32, []byte) {
	into = append(into[:0], fi.prefixed[w[0]]...)
	into = append(into, fi.near[w]...)
	if len(w) >= typoLen-1 { // a misspelling is one letter off a word of typoLen or more
		for i := range len(w) {
			buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
			into = append(into, fi.near[string(buf)]...)
		}
	}
	slices.Sort(into)
	into = slices.Compact(into)
	// Only patterns whose first slot has a word or prefix in w's first
	// letter, as before: a typo in a first letter is not forgiven.
	return slices.DeleteFunc(into, func(n int32) bool { return fi.letters[n][w[0]/64]&(1<<(w[0]%64)) == 0 }), buf
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
		if len(x) >= typoLen && !sl.exact {
			lo, hi = lo-1, hi+1
		}
		sl.minLen, sl.maxLen = min(sl.minLen, lo), max(sl.maxLen, hi)
	}
	for _, pre := range sl.prefixes {
		lo := len(pre)
		if len(pre) >= typoLen && !sl.exact {
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
	ws, _ := words(s)
	return ws
}

// words is Words with the clause each word is in: clauses end at
// punctuation that ends or splits a sentence and before "but", so that a
// negation or a frame reaches no further than its clause ("no thoughts of
// self-harm, but she has been giving her things away").
func words(s string) (out []string, clause []int) {
	rs := []rune(strings.ToLower(s))
	var w []rune
	c := 0
	flush := func() {
		if len(w) > 0 {
			word := string(w)
			if word == "but" || word == "although" || word == "though" {
				c++
			}
			out = append(out, word)
			clause = append(clause, c)
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
			if endsClause(r) {
				c++
			}
		}
	}
	flush()
	return out, clause
}

func endsClause(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '\n', '—', '–':
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '`'
}

// negationReach is how many words may stand between a negation and what
// it denies ("denies any current thoughts of self-harm").
const negationReach = 3

// Detect reports the signs of risk in a message, or nil when there are none.
func (d *Detector) Detect(text string) *Signal {
	ws, clause := words(text)
	if len(ws) == 0 {
		return nil
	}
	// Every match of every pattern, found from the patterns that can start
	// at each word.
	rd := d.read(ws, clause)
	conceptLive := make([]bool, len(d.concepts))
	for i := range d.concepts {
		conceptLive[i] = rd.anyLive(rd.concepts[i])
	}
	level := d.levels(rd, conceptLive)
	top := slices.Max(level)
	if d.model != nil && top < Clear {
		top = d.weighModel(rd, level, top, conceptLive)
	}
	if top == 0 {
		return nil
	}
	return d.signal(level, top)
}

// reading is what Detect found in one message: every match of every
// pattern, sorted by what the pattern is for, and the clause of each word
// (for judging which matches are live).
type reading struct {
	ws     []string
	clause []int

	ordinary, frames, negations, past []span
	person                            bool
	found                             [][]match // by kind
	possible                          [][]span  // by kind
	concepts                          [][]span  // by concept
}

// read matches the patterns that can start at each word of ws.
func (d *Detector) read(ws []string, clause []int) *reading {
	rd := &reading{
		ws:       ws,
		clause:   clause,
		found:    make([][]match, len(d.kinds)),
		possible: make([][]span, len(d.kinds)),
		concepts: make([][]span, len(d.concepts)),
	}
	var cands []int32
	var buf []byte
	for i, w := range ws {
		for _, st := range d.first.exact[w] {
			rd.try(st, i)
		}
		cands, buf = d.first.candidates(w, cands, buf)
		for _, n := range cands {
			rd.try(d.first.fuzzy[n], i)
		}
	}
	return rd
}

// try matches one pattern at word i and files the match under what the
// pattern is for.
func (rd *reading) try(st start, i int) {
	end, ok := st.p.matchAt(rd.ws, i, 0)
	if !ok {
		return
	}
	sp := span{i, end}
	switch r := st.r; r.kind {
	case refOrdinary:
		rd.ordinary = append(rd.ordinary, sp)
	case refPeople:
		rd.person = true
	case refFrame:
		rd.frames = append(rd.frames, sp)
	case refNegation:
		rd.negations = append(rd.negations, sp)
	case refPast:
		rd.past = append(rd.past, sp)
	case refConcept:
		rd.concepts[r.i] = append(rd.concepts[r.i], sp)
	case refPossible:
		rd.possible[r.i] = append(rd.possible[r.i], sp)
	default:
		rd.found[r.kind] = append(rd.found[r.kind], match{span: sp, ref: r})
	}
}

// live reports whether a match counts.
// A sign counts unless an ordinary phrase holds it ("suicide
// prevention"), a negation denies it ("denies self-harm") or a frame
// makes it a topic ("an essay on coercive control").
func (rd *reading) live(sp span) bool {
	clause := rd.clause
	for _, o := range rd.ordinary {
		if o.overlaps(sp) {
			return false
		}
	}
	for _, p := range rd.past {
		if clause[p.start] == clause[sp.start] {
			return false
		}
	}
	for _, n := range rd.negations {
		if n.end <= sp.start && sp.start-n.end <= negationReach && clause[n.end-1] == clause[sp.start] {
			return false
		}
	}
	for _, f := range rd.frames {
		if f.overlaps(sp) {
			return false
		}
		if f.end <= sp.start && clause[f.end-1] == clause[sp.start] {
			return false
		}
		if f.start >= sp.end && f.start-sp.end <= 1 && clause[f.start] == clause[sp.end-1] {
			return false
		}
	}
	return true
}

// anyLive reports whether any of the matches counts.
func (rd *reading) anyLive(spans []span) bool { return slices.ContainsFunc(spans, rd.live) }

// levels is the level of risk the rules read of each kind, 0 for none.
func (d *Detector) levels(rd *reading, conceptLive []bool) []Level {
	level := make([]Level, len(d.kinds))
	for i, c := range d.concepts {
		if c.kind >= 0 && conceptLive[i] {
			level[c.kind] = Possible // a concept alone, unless more is found below
		}
	}
	for k, kd := range d.kinds {
		// One strong pattern, two weaker signs in different words, or every
		// concept of a rule is clear risk; a pattern of possible risk alone
		// is possible risk. (A lone weaker sign is nothing: "confused" or
		// "no heating" alone are everyday.)
		var signs []match
		for _, m := range rd.found[k] {
			if !rd.live(m.span) {
				continue
			}
			if !m.ref.sign {
				level[k] = Clear
				break
			}
			// Two patterns that read the same words ("high temperature",
			// "temperature") are one sign, not two.
			if !slices.ContainsFunc(signs, func(o match) bool { return o.ref.i == m.ref.i || o.span.overlaps(m.span) }) {
				signs = append(signs, m)
			}
		}
		if len(signs) >= 2 {
			level[k] = Clear
		}
		for _, ru := range kd.rules {
			if !slices.ContainsFunc(ru.concepts, func(c int) bool { return !conceptLive[c] }) {
				level[k] = max(level[k], ru.level)
			}
		}
		if rd.anyLive(rd.possible[k]) {
			level[k] = max(level[k], Possible)
		}
		if kd.person && !rd.person {
			level[k] = 0
		}
	}
	return level
}

// weighModel lets the model raise the rules' levels, which are below
// clear (top is the highest); it returns the new highest level.
func (d *Detector) weighModel(rd *reading, level []Level, top Level, conceptLive []bool) Level {
	// The model reads what the rules have no words for. What it finds
	// raises the kinds already possible, or is a concern of its own.
	// It makes risk clear only where the rules read some part of it (a
	// means, a threat, despair…): a story that merely reads like the
	// risk messages gets the help beside its answer.
	var ml Level
	switch p := d.model.probability(rd.ws); {
	case p >= modelClear && (top > 0 || d.anySign(rd.found, rd.live) || slices.Contains(conceptLive, true)):
		ml = Clear
	case p >= modelPossible:
		ml = Possible
	}
	if ml > top {
		raised := false
		for k := range level {
			if top > 0 && level[k] == top {
				level[k], raised = ml, true
			}
		}
		if !raised {
			level[d.modelKind] = ml
		}
		top = ml
	}
	return top
}

// signal is the signal of the kinds at the top level, with their topics
// and help.
func (d *Detector) signal(level []Level, top Level) *Signal {
	sig := &Signal{Level: top}
	for k, kd := range d.kinds {
		if level[k] != top {
			continue
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
	sig.Help = d.withLocal(d.ordered(sig.Help))
	return sig
}

// All is a clear signal of every kind, with all the help: for a message
// known to be about risk whose words were not kept.
func (d *Detector) All() *Signal {
	sig := &Signal{Level: Clear}
	for _, k := range d.kinds {
		sig.Kinds = append(sig.Kinds, k.name)
		for _, h := range k.help {
			if !slices.Contains(sig.Help, h) {
				sig.Help = append(sig.Help, h)
			}
		}
	}
	sig.Help = d.withLocal(d.ordered(sig.Help))
	return sig
}

// Clear reports whether the signal is of clear risk: help leads the reply.
func (s *Signal) Clear() bool { return s != nil && s.Level == Clear }

// span is words [start, end) of a message.
type span struct{ start, end int }

func (a span) overlaps(b span) bool { return a.start < b.end && b.start < a.end }

// ordered puts help lines in the order of the file, whichever kinds
// brought them.
func (d *Detector) ordered(lines []string) []string {
	slices.SortStableFunc(lines, func(a, b string) int { return slices.Index(d.help, a) - slices.Index(d.help, b) })
	return lines
}

type match struct {
	span span
	ref  ref
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
		if w == x || len(x) >= typoLen && !sl.exact && oneEdit(w, x) {
			return true
		}
	}
	for _, pre := range sl.prefixes {
		if strings.HasPrefix(w, pre) {
			return true
		}
		if len(pre) >= typoLen && !sl.exact {
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
