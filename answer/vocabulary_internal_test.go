package answer

import (
	"testing"

	"github.com/signpost-ahp/signpost/reading"
)

func TestFocusWord(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"who is the chair of NASP", "chair"},
		{"what's the deadline for the next round", "deadline"},
		{"who is eligible", ""},
		{"what's the difference between an ICB and an ICS", ""},
		{"what is the link between debt and health", ""},
	} {
		if got := focusWord(reading.LowerWords(tc.q)); got != tc.want {
			t.Errorf("focusWord(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
