package reading

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReadingVocabularyIsChecked: the built-in reading.yaml loads, and the
// loader refuses a list item that is empty, in capitals or listed twice,
// and a section it does not know, naming each.
func TestReadingVocabularyIsChecked(t *testing.T) {
	if _, err := parseReading(readingYAML); err != nil {
		t.Fatalf("reading.yaml: %v", err)
	}
	good := string(readingYAML)
	for _, c := range []struct{ name, data, want string }{
		{"twice", strings.Replace(good, "help_phrases:\n", "help_phrases:\n  - \"help\"\n", 1), `help_phrases lists "help" twice`},
		{"capitals", strings.Replace(good, "help_phrases:\n", "help_phrases:\n  - \"What Now\"\n", 1), "has capitals"},
		{"empty item", strings.Replace(good, "help_phrases:\n", "help_phrases:\n  - \" \"\n", 1), "empty item"},
		{"unknown section", good + "\nchit_chat:\n  - \"hey\"\n", "no list is called chit_chat"},
		{"renamed section", strings.Replace(good, "staff_side:", "staff_sides:", 1), "no list is called staff_sides"},
		{"missing section", without(t, readingYAML, "staff_side"), "staff_side is missing or empty"},
	} {
		if _, err := parseReading([]byte(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

// without is a YAML file of lists with one list taken out.
func without(t *testing.T, data []byte, list string) string {
	t.Helper()
	var m map[string][]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, list)
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
