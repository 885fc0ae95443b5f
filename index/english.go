package index

import (
	_ "embed"
	"strings"
)

// englishText is common English words, one a line (see english/README.md).
//
//go:embed english/words.txt
var englishText string

// englishWords reads the common English words into a set.
func englishWords() map[string]bool {
	words := make(map[string]bool, 11000)
	for w := range strings.Lines(englishText) {
		if w = strings.TrimSpace(w); w != "" {
			words[w] = true
		}
	}
	return words
}
