package index

import (
	"maps"
	"slices"
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
	// root starts a trie of the names' tokens: building and finding take
	// time in proportion to the tokens, however many names share a first
	// word (a term with 100,000 aliases "alias 1 …", "alias 2 …").
	root node
}

type node struct {
	next map[string]*node
	keys []string // the concepts whose name ends here, in the order added
}

// Match is one glossary name found in a run of tokens.
type Match struct {
	Key   string // the term's id
	Start int    // index of the first token
	End   int    // one past the last token
}

func newGlossary() *Glossary {
	return &Glossary{}
}

// add registers one name (already split into light tokens) for a concept.
func (g *Glossary) add(key string, tokens []string) {
	if len(tokens) == 0 {
		return
	}
	n := &g.root
	for _, t := range tokens {
		child := n.next[t]
		if child == nil {
			if n.next == nil {
				n.next = map[string]*node{}
			}
			child = &node{}
			n.next[t] = child
		}
		n = child
	}
	if !slices.Contains(n.keys, key) {
		n.keys = append(n.keys, key)
	}
}

// Find returns every glossary name in tokens, in order of position and,
// at one position, longest first (names of one length in the order they
// were added).
func (g *Glossary) Find(tokens []string) []Match {
	var out, here []Match
	for i := range tokens {
		here = here[:0]
		n := &g.root
		for j := i; j < len(tokens); j++ {
			if n = n.next[tokens[j]]; n == nil {
				break
			}
			for _, k := range n.keys {
				here = append(here, Match{Key: k, Start: i, End: j + 1})
			}
		}
		// here runs shortest first: take its lengths from the longest.
		for end := len(here); end > 0; {
			start := end - 1
			for start > 0 && here[start-1].End == here[end-1].End {
				start--
			}
			out = append(out, here[start:end]...)
			end = start
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

// String lists the names, for debugging.
func (g *Glossary) String() string {
	var b strings.Builder
	var walk func(n *node, path []string)
	walk = func(n *node, path []string) {
		for _, k := range n.keys {
			b.WriteString(k + ": " + strings.Join(path, " ") + "\n")
		}
		for _, t := range slices.Sorted(maps.Keys(n.next)) {
			walk(n.next[t], append(path, t))
		}
	}
	walk(&g.root, nil)
	return b.String()
}
