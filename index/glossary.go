package index

import (
	"sort"
	"strings"
)

// Glossary finds the glossary's terms and their other names in text, so
// that "care navigator", "village agent" and "link worker" all stand for the
// one concept wherever they appear: in questions and in every entry.
//
// Bleve's synonym sources cannot do this job alone: they drop any synonym
// that analyses to more than one token, and they score a synonym match
// through a disjunction with coord(matched/total) at half boost, so an entry
// that lists all 23 names of a role outscores every FAQ that names it once.
// Matching phrases here and indexing one concept key per entry avoids both.
type Glossary struct {
	// byFirst maps a form's first token to the forms starting with it.
	byFirst map[string][]form
}

type form struct {
	tokens []string
	key    string
}

// Match is one glossary name found in a run of tokens.
type Match struct {
	Key   string // the term's id
	Start int    // index of the first token
	End   int    // one past the last token
}

func newGlossary() *Glossary {
	return &Glossary{byFirst: map[string][]form{}}
}

// add registers one name (already split into light tokens) for a concept.
func (g *Glossary) add(key string, tokens []string) {
	if len(tokens) == 0 {
		return
	}
	for _, f := range g.byFirst[tokens[0]] {
		if f.key == key && equal(f.tokens, tokens) {
			return
		}
	}
	g.byFirst[tokens[0]] = append(g.byFirst[tokens[0]], form{tokens: tokens, key: key})
	// Longest first, so Find reports the most specific name at a position first.
	fs := g.byFirst[tokens[0]]
	sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].tokens) > len(fs[j].tokens) })
}

// Find returns every glossary name in tokens, in order of position and,
// at one position, longest first.
func (g *Glossary) Find(tokens []string) []Match {
	var out []Match
	for i, t := range tokens {
		for _, f := range g.byFirst[t] {
			if i+len(f.tokens) <= len(tokens) && equal(tokens[i:i+len(f.tokens)], f.tokens) {
				out = append(out, Match{Key: f.key, Start: i, End: i + len(f.tokens)})
			}
		}
	}
	return out
}

// Keys returns the distinct concept keys of matches, in first-seen order.
func Keys(ms []Match) []string {
	var out []string
	for _, m := range ms {
		dup := false
		for _, k := range out {
			if k == m.Key {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, m.Key)
		}
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// String lists the forms, for debugging.
func (g *Glossary) String() string {
	var b strings.Builder
	for _, fs := range g.byFirst {
		for _, f := range fs {
			b.WriteString(f.key + ": " + strings.Join(f.tokens, " ") + "\n")
		}
	}
	return b.String()
}
