package mrkdwn

import (
	"strings"
	"testing"
)

func TestReplaceLinks(t *testing.T) {
	readable := func(l Link) string { return "[" + l.Readable() + "]" }
	tests := []struct {
		name, in string
		schemes  []string
		want     string
	}{
		{"labelled", "see <https://www.nhs.uk/a|NHS> now", nil, "see [NHS] now"},
		{"bare address", "see <https://www.nhs.uk/live-well?x=1>", nil, "see [nhs.uk]"},
		{"email", "<mailto:team@x.org>", nil, "[team@x.org]"},
		{"empty label reads the address", "<https://x.org|>", nil, "[x.org]"},
		{"scheme not asked for stays", "<@U123> and <https://x.org|x>", []string{"https"}, "<@U123> and [x]"},
		{"unclosed", "a < b <https://x.org", nil, "a < b <https://x.org"},
		{"two links", "<https://a.org|a><https://b.org|b>", nil, "[a][b]"},
		{"angle inside a label", "<https://x.org|a <b> c", []string{"https"}, "[a <b] c"},
		{"no links", "plain text", nil, "plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReplaceLinks(tt.in, readable, tt.schemes...); got != tt.want {
				t.Errorf("ReplaceLinks(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzReplaceLinks(f *testing.F) {
	for _, s := range []string{"<https://x|y>", "<<>>", "a<b", "<mailto:a@b.org>", "<!channel>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := ReplaceLinks(s, func(l Link) string { return strings.Repeat("x", len(l.Target)) }, "https")
		if !strings.Contains(s, "<https:") && out != s {
			t.Fatalf("changed text with no https link: %q → %q", s, out)
		}
	})
}
