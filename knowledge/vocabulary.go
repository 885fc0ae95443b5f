package knowledge

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed vocabulary.yaml
var defaultVocabulary []byte

// Vocabulary is the everyday language of services: the words people use
// for each category, and the words that ask for a service at all.
type Vocabulary struct {
	Categories   []CategoryWords
	ServiceWords []string
	// Same are groups of words and phrases that mean the same in questions
	// about social prescribing ("proof" and "evidence").
	Same [][]string
	// Filters are the words that narrow a service search, by filter:
	// FilterSelfReferral, FilterFree, FilterCarers, FilterChildren.
	Filters map[string][]string
	// Seeking are phrases that ask for services ("is there", "where can").
	Seeking []string
	// PlaceReferences point back to a place named earlier ("there").
	PlaceReferences []string
	// NationalAreas are area names that mean a service is open to anyone
	// in England rather than to one place ("England", "online").
	NationalAreas []string
	// StreetWords end the name of a street or a building, not of a place
	// ("Road", "Library"), when reading places from addresses.
	StreetWords []string
	// WeakWords carry little of a question's meaning however rare they
	// are in the knowledge ("say", "thing"): they still search, but count
	// for little when judging whether an entry answers.
	WeakWords []string
}

// The filters a question can ask for.
const (
	FilterSelfReferral = "self-referral"
	FilterFree         = "free"
	FilterCarers       = "carers"
	FilterChildren     = "children"
)

var filterNames = []string{FilterSelfReferral, FilterFree, FilterCarers, FilterChildren}

// CategoryWords is one category's everyday words.
type CategoryWords struct {
	Category string
	Label    string   // how replies name the category
	Head     string   // a single word services in the category usually contain
	Words    []string // words and phrases that mean the category
}

// SynonymDefinition is one synonym rule in the shape Bleve's synonym index
// takes: with Input, the input words also find the Synonyms; without, all
// the Synonyms find each other.
type SynonymDefinition struct {
	ID       string
	Input    []string
	Synonyms []string
}

type vocabularyFile struct {
	Categories map[string]struct {
		Label string   `yaml:"label"`
		Head  string   `yaml:"head"`
		Words []string `yaml:"words"`
	} `yaml:"categories"`
	ServiceWords    []string            `yaml:"service_words"`
	Same            [][]string          `yaml:"same"`
	Filters         map[string][]string `yaml:"filters"`
	Seeking         []string            `yaml:"seeking"`
	PlaceReferences []string            `yaml:"place_references"`
	NationalAreas   []string            `yaml:"national_areas"`
	StreetWords     []string            `yaml:"street_words"`
	WeakWords       []string            `yaml:"weak_words"`
}

// DefaultVocabularyID identifies the built-in vocabulary's contents, so an
// index built with other words is not reused.
func DefaultVocabularyID() string {
	sum := sha256.Sum256(defaultVocabulary)
	return hex.EncodeToString(sum[:8])
}

// DefaultVocabulary returns the built-in everyday words.
func DefaultVocabulary() (*Vocabulary, error) {
	return ParseVocabulary(defaultVocabulary)
}

// ParseVocabulary reads a vocabulary file.
func ParseVocabulary(data []byte) (*Vocabulary, error) {
	var f vocabularyFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	v := &Vocabulary{ServiceWords: f.ServiceWords, Same: f.Same, Filters: f.Filters, Seeking: f.Seeking, PlaceReferences: f.PlaceReferences,
		NationalAreas: f.NationalAreas, StreetWords: f.StreetWords, WeakWords: f.WeakWords}
	for name := range f.Filters {
		known := false
		for _, n := range filterNames {
			known = known || n == name
		}
		if !known {
			return nil, fmt.Errorf("vocabulary: unknown filter %q", name)
		}
	}
	for _, c := range categories { // contract order, whatever the file's order
		cw, ok := f.Categories[c]
		if !ok {
			v.Categories = append(v.Categories, CategoryWords{Category: c, Label: c})
			continue
		}
		v.Categories = append(v.Categories, CategoryWords{Category: c, Label: cw.Label, Head: cw.Head, Words: cw.Words})
	}
	for c := range f.Categories {
		if !IsCategory(c) {
			return nil, fmt.Errorf("vocabulary: unknown category %q", c)
		}
	}
	return v, nil
}

// With returns a copy of the vocabulary with a knowledge directory's own
// category words added.
func (v *Vocabulary) With(extra []CategoryWord) *Vocabulary {
	if len(extra) == 0 {
		return v
	}
	out := *v
	out.Categories = make([]CategoryWords, len(v.Categories))
	for i, c := range v.Categories {
		c.Words = append([]string(nil), c.Words...)
		for _, e := range extra {
			if e.Category == c.Category {
				c.Words = append(c.Words, e.Words...)
			}
		}
		out.Categories[i] = c
	}
	return &out
}

// Label returns how replies name a category ("physical activity").
func (v *Vocabulary) Label(category string) string {
	for _, c := range v.Categories {
		if c.Category == category && c.Label != "" {
			return c.Label
		}
	}
	return category
}

// Labels returns the label and head word of each category, for indexing a
// service's categories as text.
func (v *Vocabulary) Labels(cats []string) []string {
	out := make([]string, 0, 2*len(cats))
	for _, c := range cats {
		for _, cw := range v.Categories {
			if cw.Category == c {
				out = append(out, cw.Label)
				if cw.Head != "" && !strings.Contains(cw.Label, cw.Head) {
					out = append(out, cw.Head)
				}
			}
		}
	}
	return out
}

// Synonyms returns the synonym rules for Bleve: per category, the single
// everyday words that also find the category's head word (lonely →
// befriending). Phrases are left to phrase matching: Bleve drops synonyms
// of more than one token.
func (v *Vocabulary) Synonyms() []SynonymDefinition {
	var out []SynonymDefinition
	for _, c := range v.Categories {
		if c.Head == "" {
			continue
		}
		var in []string
		for _, w := range c.Words {
			if !strings.ContainsAny(w, " -'") && w != c.Head {
				in = append(in, w)
			}
		}
		if len(in) > 0 {
			out = append(out, SynonymDefinition{ID: "category-" + c.Category, Input: in, Synonyms: []string{c.Head}})
		}
	}
	return out
}
