package privacy

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
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

// parseWords reads words.yaml, refusing a list missing or unknown, an
// empty item, capitals, or an item listed twice in one list.
func parseWords(data []byte) (map[string][]string, error) {
	var w map[string][]string
	if err := yaml.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("privacy words.yaml: %w", err)
	}
	known := set(wordLists)
	for name := range w {
		if !known[name] {
			return nil, fmt.Errorf("privacy words.yaml: no list is called %s", name)
		}
	}
	for _, name := range wordLists {
		if len(w[name]) == 0 {
			return nil, fmt.Errorf("privacy words.yaml: %s is missing or empty", name)
		}
		seen := map[string]bool{}
		for _, item := range w[name] {
			switch {
			case strings.TrimSpace(item) == "":
				return nil, fmt.Errorf("privacy words.yaml: %s has an empty item", name)
			case item != strings.ToLower(item):
				return nil, fmt.Errorf("privacy words.yaml: %s item %q has capitals: items are lower case", name, item)
			case seen[item]:
				return nil, fmt.Errorf("privacy words.yaml: %s lists %q twice", name, item)
			}
			seen[item] = true
		}
	}
	return w, nil
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
