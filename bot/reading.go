package bot

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// readingYAML is the vocabulary of reading a message: chat, places,
// definitions, help, the workplace (reading.yaml says what each is).
//
//go:embed reading.yaml
var readingYAML []byte

// readingSections are the lists reading.yaml must have, each read by
// the code that names it.
var readingSections = []string{
	"filler_phrases", "filler_words", "place_words", "define_frames", "define_tails", "define_after",
	"compare_words", "help_phrases", "workplace", "staff_terms", "staff_side",
	"request_words", "generic_asks", "practice_words", "wh_words", "copulas", "determiners", "phrase_ends",
	"question_openers", "pointing", "reset_phrases", "courtesies", "object_prepositions", "people_words",
	"asker_words", "shown_words", "fresh_words", "same_words", "staff_phrases", "when_words", "follow_words",
	"pronouns", "carry_on", "nearby_words", "plural_words", "auxiliaries", "openers", "articles",
	"action_verbs", "time_words", "join_words", "polite_asks", "ask_verbs", "time_context", "relatives",
	"not_years", "place_joiners", "compass", "asks_for",
}

// parseReading reads the vocabulary, refusing what would make a list
// mean something other than it says: a section it does not know or one
// missing, an empty item, capitals, or an item listed twice in one list.
func parseReading(data []byte) (map[string][]string, error) {
	var w map[string][]string
	if err := yaml.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("reading.yaml: %w", err)
	}
	for name := range w {
		if !slices.Contains(readingSections, name) {
			return nil, fmt.Errorf("reading.yaml: no list is called %s", name)
		}
	}
	for _, name := range readingSections {
		list := w[name]
		if len(list) == 0 {
			return nil, fmt.Errorf("reading.yaml: %s is missing or empty", name)
		}
		seen := map[string]bool{}
		for _, item := range list {
			switch {
			case strings.TrimSpace(item) == "":
				return nil, fmt.Errorf("reading.yaml: %s has an empty item", name)
			case item != strings.ToLower(item):
				return nil, fmt.Errorf("reading.yaml: %s item %q has capitals: items are lower case", name, item)
			case seen[item]:
				return nil, fmt.Errorf("reading.yaml: %s lists %q twice", name, item)
			}
			seen[item] = true
		}
	}
	return w, nil
}

// vocabulary is the built-in reading vocabulary; reading.yaml is checked by this
// package's tests, so a failure here is a build that was never tested.
var vocabulary = func() map[string][]string {
	w, err := parseReading(readingYAML)
	if err != nil {
		panic(err)
	}
	return w
}()

// readingList is one list of the reading vocabulary.
func readingList(name string) []string {
	if !slices.Contains(readingSections, name) {
		panic("bot: no reading list is called " + name)
	}
	return vocabulary[name]
}

func splitAll(list []string) [][]string {
	out := make([][]string, len(list))
	for i, s := range list {
		out[i] = strings.Fields(s)
	}
	return out
}

// The vocabulary in the shapes the reader uses.
var (
	fillerPhrases  = splitAll(readingList("filler_phrases"))
	fillerWords    = set(readingList("filler_words")...)
	placeWords     = set(readingList("place_words")...)
	definePatterns = splitAll(readingList("define_frames"))
	defineTail     = set(readingList("define_tails")...)
	defineAfter    = splitAll(readingList("define_after"))
	compareWords   = set(readingList("compare_words")...)
	helpPhrases    = phrases(readingList("help_phrases")...)
	workplace      = phrases(readingList("workplace")...)
	staffTerms     = phrases(readingList("staff_terms")...)
	staffSide      = set(readingList("staff_side")...)
)
