package answer

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
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
	for w, first := range words(s) {
		t := token{text: w, lower: strings.ToLower(w), cap: unicode.IsUpper(first)}
		t.upper = t.lower != w && allUpper(w)
		out = append(out, t)
	}
	return out
}

// words yields the words of s as tokenize reads them, with each word's
// first rune.
func words(s string) iter.Seq2[string, rune] {
	return func(yield func(string, rune) bool) {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += n
				continue
			}
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r) {
					if !isJoiner(r) {
						break
					}
					if next, _ := utf8.DecodeRuneInString(s[j+n:]); j+n == len(s) || !isWordRune(next) {
						break
					}
				}
				j += n
			}
			if !yield(s[i:j], r) {
				return
			}
			i = j
		}
	}
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

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isJoiner(r rune) bool { return r == '\'' || r == '-' || r == '&' }
