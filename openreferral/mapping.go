package openreferral

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/knowledge"
)

//go:embed taxonomy.yaml
var defaultMapping []byte

// Mapping maps taxonomy terms to Signpost's categories: exact term names or
// ids first, then keywords at the start of a word in the term's name.
type Mapping struct {
	terms    map[string]string
	keywords []keyword
}

type keyword struct{ word, category string }

type mappingFile struct {
	Terms    map[string]string `yaml:"terms"`
	Keywords map[string]string `yaml:"keywords"`
}

// DefaultMapping is the built-in mapping.
func DefaultMapping() (*Mapping, error) {
	m := &Mapping{terms: map[string]string{}}
	return m, m.Read("taxonomy.yaml (built in)", bytes.NewReader(defaultMapping))
}

// Read adds a mapping file's entries, which win over what is there.
func (m *Mapping) Read(name string, r io.Reader) error {
	var f mappingFile
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && err != io.EOF {
		return fmt.Errorf("%s: %w", name, err)
	}
	for term, cat := range f.Terms {
		if !knowledge.IsCategory(cat) {
			return fmt.Errorf("%s: term %q maps to %q, which is not a category (%s)", name, term, cat, strings.Join(knowledge.Categories(), ", "))
		}
		m.terms[strings.ToLower(strings.TrimSpace(term))] = cat
	}
	var kws []keyword
	for word, cat := range f.Keywords {
		if !knowledge.IsCategory(cat) {
			return fmt.Errorf("%s: keyword %q maps to %q, which is not a category", name, word, cat)
		}
		kws = append(kws, keyword{strings.ToLower(strings.TrimSpace(word)), cat})
	}
	// Longer keywords first, so "peer support" is tried before "support".
	sort.Slice(kws, func(i, j int) bool {
		if len(kws[i].word) != len(kws[j].word) {
			return len(kws[i].word) > len(kws[j].word)
		}
		return kws[i].word < kws[j].word
	})
	m.keywords = append(kws, m.keywords...)
	return nil
}

// Map returns the categories a term maps to.
func (m *Mapping) Map(t Term) []string {
	for _, k := range []string{t.Name, t.ID} {
		if c, ok := m.terms[strings.ToLower(strings.TrimSpace(k))]; ok {
			return []string{c}
		}
	}
	name := " " + strings.ToLower(t.Name)
	var out []string
	for _, kw := range m.keywords {
		if strings.Contains(name, " "+kw.word) && !contains(out, kw.category) {
			out = append(out, kw.category)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
