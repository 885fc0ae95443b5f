package privacy

import (
	_ "embed"

	"github.com/signpost-ahp/signpost/wordlists"
)

// wordsYAML is the privacy guard's vocabulary: given names that are also
// words, words that are never surnames, cues before a name, the verbs
// before a website.
//
//go:embed words.yaml
var wordsYAML []byte

// wordLists are the lists words.yaml must have.
var wordLists = []string{"word_names", "not_surnames", "name_cues", "function_words", "everyday",
	"surname_words", "kin_words", "name_particles", "place_prepositions", "place_only", "name_labels", "name_markers", "not_names", "web_verbs"}

// parseWords reads words.yaml (see wordlists.Parse for what it refuses).
func parseWords(data []byte) (map[string][]string, error) {
	return wordlists.Parse("privacy words.yaml", data, wordLists)
}

// nameWords is words.yaml as read; the package's tests read it, so a
// failure here is a build that was never tested.
var nameWords = func() map[string][]string {
	w, err := parseWords(wordsYAML)
	if err != nil {
		panic(err)
	}
	return w
}()

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
