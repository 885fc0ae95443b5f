package bot

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// readingYAML is the vocabulary of reading a message: chat, places,
// definitions, help, the workplace (reading.yaml says what each is).
//
//go:embed reading.yaml
var readingYAML []byte

// readingWords is reading.yaml as read.
type readingWords struct {
	FillerPhrases []string `yaml:"filler_phrases"`
	FillerWords   []string `yaml:"filler_words"`
	PlaceWords    []string `yaml:"place_words"`
	DefineFrames  []string `yaml:"define_frames"`
	DefineTails   []string `yaml:"define_tails"`
	DefineAfter   []string `yaml:"define_after"`
	CompareWords  []string `yaml:"compare_words"`
	HelpPhrases   []string `yaml:"help_phrases"`
	Workplace     []string `yaml:"workplace"`
	StaffTerms    []string `yaml:"staff_terms"`
	StaffSide     []string `yaml:"staff_side"`
}

// parseReading reads the vocabulary, refusing what would make a list
// mean something other than it says: an empty item, capitals, or an item
// listed twice in one list.
func parseReading(data []byte) (*readingWords, error) {
	var w readingWords
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("reading.yaml: %w", err)
	}
	for name, list := range map[string][]string{
		"filler_phrases": w.FillerPhrases, "filler_words": w.FillerWords, "place_words": w.PlaceWords,
		"define_frames": w.DefineFrames, "define_tails": w.DefineTails, "define_after": w.DefineAfter,
		"compare_words": w.CompareWords, "help_phrases": w.HelpPhrases, "workplace": w.Workplace,
		"staff_terms": w.StaffTerms, "staff_side": w.StaffSide,
	} {
		if len(list) == 0 {
			return nil, fmt.Errorf("reading.yaml: %s is empty", name)
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
	return &w, nil
}

// vocabulary is the built-in reading vocabulary; reading.yaml is checked by this
// package's tests, so a failure here is a build that was never tested.
var vocabulary = func() *readingWords {
	w, err := parseReading(readingYAML)
	if err != nil {
		panic(err)
	}
	return w
}()

func splitAll(list []string) [][]string {
	out := make([][]string, len(list))
	for i, s := range list {
		out[i] = strings.Fields(s)
	}
	return out
}

// The vocabulary in the shapes the reader uses.
var (
	fillerPhrases  = splitAll(vocabulary.FillerPhrases)
	fillerWords    = set(vocabulary.FillerWords...)
	placeWords     = set(vocabulary.PlaceWords...)
	definePatterns = splitAll(vocabulary.DefineFrames)
	defineTail     = set(vocabulary.DefineTails...)
	defineAfter    = splitAll(vocabulary.DefineAfter)
	compareWords   = set(vocabulary.CompareWords...)
	helpPhrases    = phrases(vocabulary.HelpPhrases...)
	workplace      = phrases(vocabulary.Workplace...)
	staffTerms     = phrases(vocabulary.StaffTerms...)
	staffSide      = set(vocabulary.StaffSide...)
)
