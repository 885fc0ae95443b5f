package answer

import (
	"strings"
	"unicode"

	"github.com/signpost-ahp/signpost/reading"
)

// token is one word of a question with where it came from.
type token struct {
	text  string // as written
	lower string
	cap   bool // starts with a capital letter
	upper bool // all letters are capitals (a postcode district, an acronym)
}

// tokenize splits text into words: runs of letters and digits, keeping
// apostrophes, hyphens and ampersands inside a word (men's, co-production, A&E).
func tokenize(s string) []token {
	// Every message is read this way, and a follow-up more than once:
	// words are slices of s, and only a word with capitals is copied.
	out := make([]token, 0, strings.Count(s, " ")+1)
	for w, first := range reading.Words(s) {
		t := token{text: w, lower: strings.ToLower(w), cap: unicode.IsUpper(first)}
		t.upper = t.lower != w && allUpper(w)
		out = append(out, t)
	}
	return out
}

// allUpper reports whether no letter of w has a capital it is not.
func allUpper(w string) bool {
	for _, r := range w {
		if unicode.ToUpper(r) != r {
			return false
		}
	}
	return true
}
