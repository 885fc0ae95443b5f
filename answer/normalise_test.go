package answer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	var got []string
	for _, tk := range tokenize("Men's shed, A&E co-production LS6 3HN -- 'quoted'") {
		got = append(got, tk.text)
	}
	want := "Men's shed A&E co-production LS6 3HN quoted"
	if strings.Join(got, " ") != want {
		t.Errorf("tokenize = %q, want %q", strings.Join(got, " "), want)
	}
}

// FuzzNormalise checks that any message, Slack markup or not, normalises
// without panicking to valid, capped, trimmed text that is stable when
// normalised again.
func TestCapitalise(t *testing.T) {
	for in, want := range map[string]string{
		"link worker": "Link worker",
		"éducation":   "Éducation",
		"’twas":       "’twas",
		"ẞ":           "ẞ",
		"":            "",
		"\xffbroken":  "\xffbroken",
		"ǆungla":      "ǅungla",
	} {
		t.Run(in, func(t *testing.T) {
			got := Capitalise(in)
			if got != want {
				t.Errorf("Capitalise(%q) = %q, want %q", in, got, want)
			}
			if utf8.ValidString(in) && !utf8.ValidString(got) {
				t.Errorf("Capitalise(%q) broke UTF-8: %q", in, got)
			}
		})
	}
}
