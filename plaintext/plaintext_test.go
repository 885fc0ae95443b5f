package plaintext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/answer"
)

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\nline":  "plain\ttext\nline",
		"\x1b[31mred\x1b[0m": "red",
		"\x1b]8;;https://evil.example\x07NHS\x1b]8;;\x07": "NHS",
		"\x1b]0;title\x1b\\after":                         "after",
		"bell\x07 and \x00nul and \u009b2Jc1":             "bell and nul and c1",
		"\x1bcreset":                                      "reset",
		"exe.\u202etxt and \u2066isolate\u2069":           "exe.txt and isolate",
		"lone \x9b31m byte":                               "lone \ufffd31m byte",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadingNeverEmpty(t *testing.T) {
	for _, tc := range []struct {
		r    answer.Reply
		want string
	}{
		{answer.Reply{Categories: []string{"x"}, Labels: []string{""}, Place: "TN34"}, "Services in TN34"},
		{answer.Reply{Categories: []string{"befriending"}, Labels: []string{"befriending"}, Place: "Whitby", Near: true}, "Befriending near Whitby"},
		{answer.Reply{Place: "Whitby"}, "Services in Whitby"},
	} {
		if got := answer.Heading(&tc.r); got != tc.want {
			t.Errorf("Heading(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// FuzzSafe holds Safe to its promise whatever the text: nothing hidden
// survives, and what it returns is left alone by a second pass.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]8;;x\x07y", "a\u202eb", "\u009b2J", "tab\tnew\nline", "lone \x9b31m byte"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Safe(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Safe(%q) = %q, not UTF-8", s, got)
		}
		if i := strings.IndexFunc(got, hidden); i >= 0 {
			t.Fatalf("Safe(%q) = %q keeps a hidden character at %d", s, got, i)
		}
		if again := Safe(got); again != got {
			t.Fatalf("Safe is not stable: %q then %q", got, again)
		}
	})
}
