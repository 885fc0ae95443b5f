package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"
)

// Word is one content word of a question as the index sees it.
type Word struct {
	Raw       string  // as typed, lower case
	Light     string  // light token: plural folded, spelling corrected; "" for a stop word
	Corrected bool    // Light is a correction of what was typed
	Stem      string  // the stemmed token the text fields hold
	DF        int     // entries containing it; 0 for a word the knowledge never uses
	IDF       float64 // how telling the word is
	Pos       int     // index of the raw word it came from
	Weak      bool    // a word that carries little meaning ("thing", "way")
}

// Analysis is a question's content words with the glossary names,
// paraphrases and category words found among them. Match spans index Words.
type Analysis struct {
	Words       []Word
	Concepts    []Match // glossary terms, keyed by term id
	Paraphrases []Match // groups of words that mean the same, keyed SamePrefix+word
	Categories  []Match // service categories
	Filters     []Match // knowledge.Filter…: self-referral, free, carers, children
}

// Analyse prepares content words for searching: it folds plurals, corrects
// misspellings against the knowledge's own vocabulary, and finds glossary
// names and category words.
func (ix *Index) Analyse(ctx context.Context, raw []string) (Analysis, error) {
	var words []Word
	for pos, w := range raw {
		ws, err := ix.word(w)
		if err != nil {
			return Analysis{}, err
		}
		for _, word := range ws {
			word.Pos = pos
			words = append(words, word)
		}
	}
	return ix.Reanalyse(words), nil
}

// word analyses one word as typed. Questions reuse a small vocabulary, so
// results are cached: analysis allocates, and correction looks up a
// dictionary.
func (ix *Index) word(w string) ([]Word, error) {
	if ws, ok := ix.words.get(w); ok {
		return ws, nil
	}
	var ws []Word
	for _, t := range ix.Light(w) {
		word := Word{Raw: w, Light: t}
		if _, known := ix.vocab.count(t); !known {
			fixed, ok, err := ix.correct(t)
			if err != nil {
				return nil, err
			}
			if ok && !ix.otherWord(w, t, fixed) {
				word.Light, word.Corrected = fixed, true
			}
		}
		if stems := ix.Stems(word.Light); len(stems) > 0 {
			word.Stem = stems[0]
		}
		word.DF, _ = ix.vocab.count(word.Light)
		word.IDF = ix.idf(word.DF)
		if ix.weak[word.Light] || isNumber(word.Light) {
			word.IDF *= weakWeight
			word.Weak = true
		}
		ws = append(ws, word)
	}
	ix.words.put(w, ws)
	return ws, nil
}

// Reanalyse finds glossary names and category words among words again,
// after a caller has taken some out.
func (ix *Index) Reanalyse(words []Word) Analysis {
	a := Analysis{Words: words}
	lights := make([]string, len(words))
	stems := make([]string, len(words))
	for i, w := range words {
		lights[i], stems[i] = w.Light, w.Stem
	}
	a.Concepts = ix.glossary.Find(lights)
	a.Paraphrases = ix.same.Find(stems)
	a.Categories = outermost(ix.categories.Find(lights))
	a.Filters = ix.filters.Find(lights)
	return a
}

// Without is an analysis of the question's words outside spans (the
// filter words of a service search, say), with its glossary, paraphrase,
// category and filter matches found again over what is left.
func (ix *Index) Without(an Analysis, spans ...Match) Analysis {
	keep := make([]Word, 0, len(an.Words))
	for i, w := range an.Words {
		if !slices.ContainsFunc(spans, func(m Match) bool { return i >= m.Start && i < m.End }) {
			keep = append(keep, w)
		}
	}
	if len(keep) == len(an.Words) {
		return an
	}
	return ix.Reanalyse(keep)
}

// WithPlaces adds the places a question names, as written, to its
// analysis as words an entry should also say, at position pos. However
// many words a place's name has, it weighs as one rare word; a place no
// entry mentions cannot match, and its weight is returned as unmatched,
// for Query.Unmatched.
func (ix *Index) WithPlaces(ctx context.Context, an Analysis, names []string, pos int) (Analysis, float64, error) {
	unmatched := 0.0
	for _, name := range names {
		words, err := ix.Analyse(ctx, strings.Fields(strings.ToLower(name)))
		if err != nil {
			return Analysis{}, 0, err
		}
		var known []Word
		for _, w := range words.Words {
			if w.Light != "" && !w.Corrected && w.DF > 0 {
				known = append(known, w)
			}
		}
		if len(known) == 0 {
			unmatched += ix.MaxIDF()
			continue
		}
		for _, w := range known {
			w.IDF = ix.MaxIDF() / float64(len(known))
			w.Pos = pos
			an.Words = append(slices.Clip(an.Words), w)
		}
	}
	return an, unmatched, nil
}

// Known reports whether the knowledge uses a word (in any entry).
func (ix *Index) Known(word string) bool {
	for _, t := range ix.Light(word) {
		if _, ok := ix.vocab.count(t); !ok {
			return false
		}
	}
	return true // every word, or a stop word
}

const weakWeight = 0.25

// MaxIDF is the IDF of a word no entry uses.
func (ix *Index) MaxIDF() float64 { return ix.idf(0) }

// idf is BM25's inverse document frequency.
func (ix *Index) idf(df int) float64 {
	n := float64(ix.docs)
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// snapshot is what the scorch index reader offers beyond the plain
// IndexReader: fuzzy dictionary lookups.
type snapshot interface {
	bindex.IndexReader
	bindex.IndexReaderFuzzy
}

func (ix *Index) reader() (snapshot, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	s, ok := r.(snapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("index reader %T cannot look up words", r)
	}
	return s, nil
}

// minCorrectable is the shortest word spelling correction touches: shorter
// words are too often other words one letter away.
const minCorrectable = 4

// correct finds the knowledge word nearest to a misspelt one: one edit away
// for short words, two for longer ones, keeping the first letter (people
// rarely get that wrong, and it keeps "mileage" from becoming "village").
func (ix *Index) correct(w string) (string, bool, error) {
	n := utf8.RuneCountInString(w)
	if n < minCorrectable || isNumber(w) {
		return "", false, nil
	}
	r, err := ix.reader()
	if err != nil {
		return "", false, err
	}
	defer r.Close()
	best, bestD := "", 3
	maxD := 1
	prefix := ""
	if n >= 6 {
		maxD = 2
		_, size := utf8.DecodeRuneInString(w)
		prefix = w[:size]
	}
	for d := 1; d <= maxD && best == ""; d++ {
		p := prefix
		if d == 1 {
			p = ""
		}
		fd, fa, err := r.FieldDictFuzzyAutomaton(fieldWords, w, d, p)
		if err != nil || fa == nil {
			break
		}
		var bestCount uint64
		for {
			e, err := fd.Next()
			if err != nil || e == nil {
				break
			}
			ok, dist8 := fa.MatchAndDistance(e.Term)
			dist := int(dist8)
			if !ok || dist > d {
				continue
			}
			n, _ := ix.vocab.count(e.Term)
			count := uint64(n)
			if dist < bestD || (dist == bestD && count > bestCount) {
				best, bestD, bestCount = e.Term, dist, count
			}
		}
		fd.Close()
	}
	return best, best != "", nil
}

// Common reports whether a word is common English ("community", "trinity"
// is not): a capitalised word that is not may be a name.
func (ix *Index) Common(word string) bool { return ix.english[strings.ToLower(word)] }

// otherWord reports whether a correction turns a common word, or one of
// the vocabulary's, into another that is not a form of it: "still" into "skill", "sign" into "sing" are
// different words, not spellings fixed; "days" into "day" and "responded"
// into "response" are the same word.
// A word of the vocabulary is a word Signpost knows, even when no entry
// uses it: "grieving" is not "giving", nor "rent" "Kent".
func (ix *Index) otherWord(raw, typed, fixed string) bool {
	if ix.everydayWords[typed] || ix.everydayWords[raw] {
		// It may lose or gain an ending ("carers" to "care"), no more.
		return !strings.HasPrefix(typed, fixed) && !strings.HasPrefix(fixed, typed)
	}
	if !ix.english[typed] || !ix.english[fixed] {
		return false
	}
	n := 0
	for n < len(typed) && n < len(fixed) && typed[n] == fixed[n] {
		n++
	}
	return n < 4 && n < min(len(typed), len(fixed))-1
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// outermost drops the matches that lie inside a longer one: "low income"
// names money advice, and its "low" is not low mood.
func outermost(ms []Match) []Match {
	var out []Match
	for _, m := range ms {
		inside := slices.ContainsFunc(ms, func(o Match) bool {
			return o.End-o.Start > m.End-m.Start && o.Start <= m.Start && m.End <= o.End
		})
		if !inside {
			out = append(out, m)
		}
	}
	return out
}
