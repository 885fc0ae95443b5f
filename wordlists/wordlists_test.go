package wordlists

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	lists := []string{"openers", "people"}
	good := "openers: [hi, \"good morning\"]\npeople: [patient, pt]\n"
	w, err := Parse("x.yaml", []byte(good), lists)
	if err != nil || len(w["openers"]) != 2 || w["openers"][1] != "good morning" {
		t.Fatalf("Parse(good) = %v, %v", w, err)
	}
	for _, tc := range []struct{ name, data, want string }{
		{"unknown list", good + "chit_chat: [hey]\n", "x.yaml: no list is called chit_chat"},
		{"missing list", "openers: [hi]\n", "x.yaml: people is missing or empty"},
		{"empty list", good + "people: []\n", "people"},
		{"empty item", "openers: [\" \"]\npeople: [pt]\n", "openers has an empty item"},
		{"padded item", "openers: [\"hi \"]\npeople: [pt]\n", `openers item "hi " has spaces around it`},
		{"capitals", "openers: [Hi]\npeople: [pt]\n", `openers item "Hi" has capitals`},
		{"twice", "openers: [hi, hi]\npeople: [pt]\n", `openers lists "hi" twice`},
		{"not yaml", "openers: [", "x.yaml:"},
	} {
		if _, err := Parse("x.yaml", []byte(tc.data), lists); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
	// Every problem, not only the first.
	_, err = Parse("x.yaml", []byte("openers: [Hi, hi, hi]\n"), lists)
	for _, want := range []string{"capitals", "twice", "people is missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("a file with several problems: %v, want it to say %q", err, want)
		}
	}
}
