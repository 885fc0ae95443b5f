package reading

import (
	_ "embed"
	"slices"

	"github.com/signpost-ahp/signpost/wordlists"
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

// parseReading reads the vocabulary (see wordlists.Parse for what it
// refuses).
func parseReading(data []byte) (map[string][]string, error) {
	return wordlists.Parse("reading.yaml", data, readingSections)
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

// List is one list of the reading vocabulary, by its name in
// reading.yaml. Asking for a list reading.yaml does not have is a
// programming error, and panics.
func List(name string) []string {
	if !slices.Contains(readingSections, name) {
		panic("reading: no list is called " + name)
	}
	return vocabulary[name]
}
