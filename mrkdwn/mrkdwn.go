// Package mrkdwn reads the links in Slack's mrkdwn, as messages and
// knowledge text write them: <https://x.org|a label>, <mailto:a@b.org>.
// Signpost turns them into plain words in three places (the question it
// searches, the text it indexes, the terminal), each in its own way, from
// this one reading.
package mrkdwn

import "strings"

// Link is one <target> or <target|label>.
type Link struct {
	Target string
	Label  string // "" when the link has none
}

// Readable is how a link reads in words: its label, or else its address
// without the scheme, "www." or the path ("www.nhs.uk/live-well" reads
// "nhs.uk").
func (l Link) Readable() string {
	if l.Label != "" {
		return l.Label
	}
	t := l.Target
	for _, p := range []string{"mailto:", "tel:", "https://", "http://", "www."} {
		t = strings.TrimPrefix(t, p)
	}
	if i := strings.IndexAny(t, "/?#"); i >= 0 {
		t = t[:i]
	}
	return t
}

// ReplaceLinks replaces each link in s whose target starts with one of
// schemes ("https", "mailto"; any target when none are given) with what
// repl returns for it. Anything else in angle brackets is left as it is.
func ReplaceLinks(s string, repl func(Link) string, schemes ...string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		end := strings.IndexByte(s[i+1:], '>')
		if end < 0 {
			break // no link can close after here
		}
		target, label, _ := strings.Cut(s[i+1:i+1+end], "|")
		if !hasScheme(target, schemes) {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl(Link{Target: target, Label: label}))
		last = i + 1 + end + 1
		i = last - 1
	}
	b.WriteString(s[last:])
	return b.String()
}

func hasScheme(target string, schemes []string) bool {
	if len(schemes) == 0 {
		return true
	}
	for _, sc := range schemes {
		if strings.HasPrefix(target, sc+":") {
			return true
		}
	}
	return false
}
