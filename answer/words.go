package answer

import (
	"slices"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/place"
)

// fillerByFirst are the filler phrases by their first word, in the
// order of fillerPhrases: every word of every message is looked up.
var fillerByFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range fillerPhrases {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}()

// keys is set for place names, by their keys.
func keys(names ...string) map[place.Key]bool {
	m := make(map[place.Key]bool, len(names))
	for _, n := range names {
		m[place.KeyOf(n)] = true
	}
	return m
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// staffTalk reports whether a message is about the workplace and no one
// in it, nor any kind of service but the computer help its words name:
// "is anyone else's Teams crashing?", "ta, off for lunch".
func staffTalk(toks []token, an index.Analysis) bool {
	words := make([]string, len(toks))
	for i, t := range toks {
		if peopleWords[t.lower] && !staffSide[t.lower] {
			return false // "her NHS login", "a password for his tablet"
		}
		words[i] = t.lower
	}
	if staffTerms.In(words) {
		return true
	}
	if slices.ContainsFunc(an.Categories, func(m index.Match) bool { return m.Key != "digital-skills" }) {
		return false // "carer can't get a lunch break, any sitting service?"
	}
	return workplace.In(words)
}
