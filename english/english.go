// Package english knows the common words of English, so that other
// packages can tell an everyday word from a misspelling or a name: "still"
// is not a misspelt "skill", and "will" in lower case is not a person.
// README.md says where the list comes from and its licence.
package english

import (
	_ "embed"
	"strings"
	"sync"
)

// wordsText is common English words, one a line.
//
//go:embed words.txt
var wordsText string

// Words returns the common English words, lower case, as a set shared by
// every caller: it must not be changed.
var Words = sync.OnceValue(func() map[string]bool {
	words := make(map[string]bool, 11000)
	for w := range strings.Lines(wordsText) {
		if w = strings.TrimSpace(w); w != "" {
			words[w] = true
		}
	}
	return words
})

// Is reports whether a lower-case word is a common English word.
func Is(word string) bool { return Words()[word] }
