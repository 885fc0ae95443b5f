// Package plaintext renders Signpost's replies as plain text, for the
// terminal (console, ask) and for the fallback text Slack shows where
// blocks cannot be: it says what the Slack renderer shows, in words.
package plaintext

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/mrkdwn"
)

const consoleHelp = `Commands: define <term> · services <what> [in <where>] · start again · help · quit
Follow up as you would in a thread: "and in Kendal?", "is it free?", "how do I refer to them?"`

var (
	emphasis = strings.NewReplacer("*", "", "_", "")
)

// Markup turns Slack mrkdwn into text for a terminal: links become
// "label (url)" and emphasis marks go.
func Markup(s string) string {
	s = mrkdwn.ReplaceLinks(s, func(l mrkdwn.Link) string {
		if l.Label == "" {
			return l.Target
		}
		return l.Label + " (" + l.Target + ")"
	}, "http", "https")
	s = emphasis.Replace(s)
	return strings.TrimRight(s, "\n")
}

// Render renders a reply for the terminal. It says the same things the
// Slack renderer shows, in plain text.
func Render(r *answer.Reply) string {
	s := render(r)
	if r.Safety != "" {
		// A reply that does not answer ends with urgent help.
		s = strings.TrimRight(s, "\n") + "\n\n" + Markup(r.Safety)
	}
	return s
}

func render(r *answer.Reply) string {
	var b strings.Builder
	if len(r.Redacted) > 0 {
		fmt.Fprintf(&b, "Please don't post patient details here: your message looked like it held %s. I've removed it and kept no copy.\n\n", strings.Join(r.Redacted, ", "))
	}
	if r.Urgent != nil {
		for _, h := range r.Urgent.Help {
			b.WriteString(Markup(h) + "\n")
		}
		b.WriteString("\n")
	}
	if r.Possible != nil {
		b.WriteString(answer.PossibleRiskIntro + "\n")
		for _, h := range r.Possible.Help {
			b.WriteString("  " + Markup(h) + "\n")
		}
		b.WriteString("\n")
	}

	if f := r.Followed; f != nil {
		fmt.Fprintf(&b, "(Reading this as: %s — from the conversation so far; say \"start again\" for a new question.)\n\n", f.AsRead)
	}
	switch r.Kind {
	case answer.ReplyReset:
		b.WriteString(answer.ResetText)
		return b.String()
	case answer.ReplyEmpty, answer.ReplyGreeting:
		b.WriteString("Hello! " + answer.HelpText)
		return b.String()
	case answer.ReplyHelp:
		b.WriteString(answer.HelpText + "\n" + consoleHelp)
		return b.String()
	}
	if r.Notice != "" {
		b.WriteString(r.Notice + "\n")
	}
	if r.OffersServices() {
		writeAlternatives(&b, r)
		b.WriteString(answer.UnknownHint)
		return b.String()
	}
	if !r.Answered && r.Urgent != nil {
		// Never "I don't know" to a person at risk: the help above is the answer.
		if len(r.Results) > 0 {
			b.WriteString("Also in Signpost:\n")
			for _, res := range r.Results {
				fmt.Fprintf(&b, "  • %s\n", res.Title)
			}
		}
		return strings.TrimRight(b.String(), "\n")
	}
	if !r.Answered {
		if r.Notice == "" {
			b.WriteString("Sorry, I don't know the answer to that.\n")
		}
		if len(r.Results) > 0 {
			b.WriteString(answer.NearMissIntro(r) + "\n")
			for _, res := range r.Results {
				fmt.Fprintf(&b, "  • %s%s\n", res.Title, furtherNote(res))
			}
		}
		b.WriteString(answer.UnknownHint)
		return b.String()
	}
	if r.Kind == answer.ReplyServices {
		if h := answer.Heading(r); h != "" {
			b.WriteString(h + "\n\n")
		}
		for i, res := range r.Results {
			if i > 0 {
				b.WriteString("\n")
			}
			writeService(&b, res)
		}
		if r.More > 0 {
			fmt.Fprintf(&b, "\n…and %d more. Add a postcode district or more words to narrow the list.\n", r.More)
		}
		return strings.TrimRight(b.String(), "\n")
	}
	top := r.Results[0]
	fmt.Fprintf(&b, "%s\n\n%s\n", answer.Capitalise(top.Title), Markup(top.Text))
	writeProvenance(&b, top)
	if len(r.Related) > 0 {
		names := make([]string, len(r.Related))
		for i, rel := range r.Related {
			names[i] = rel.Term
		}
		fmt.Fprintf(&b, "Related: %s\n", strings.Join(names, ", "))
	}
	if more := r.SeeAlso(); len(more) > 0 {
		b.WriteString("See also:\n")
		for _, res := range more {
			fmt.Fprintf(&b, "  • %s\n", res.Title)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// Safe removes what a terminal would act on rather than show:
// escape sequences (colours, cursor moves, OSC 8 links, window titles) and
// other control characters, which knowledge or an import may carry. New
// lines and tabs stay.
func Safe(s string) string {
	// Nearly all text has nothing to remove, and every escape starts with
	// a character that hidden drops, so one scan settles it without the
	// regular expression, which was a sixth of a batch's time. A byte that
	// is not UTF-8 (a lone 0x9b is an escape to some terminals) goes the
	// long way, which writes it as U+FFFD.
	if utf8.ValidString(s) && strings.IndexFunc(s, hidden) < 0 {
		return s
	}
	s = terminalEscapeRE.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if hidden(r) {
			return -1
		}
		return r
	}, s)
}

// hidden reports a character a terminal acts on rather than shows: control
// characters other than new line and tab, and the bidirectional controls
// that reorder what the reader sees.
func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	}
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f'
}

// terminalEscapeRE matches ESC sequences: CSI (ESC [ … final), OSC (ESC ]
// … BEL or ESC \), and two-character escapes.
var terminalEscapeRE = regexp.MustCompile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[0-~]|\u009b[0-?]*[ -/]*[@-~]")

// writeAlternatives lists what there is when nothing of the kind is
// listed for the place asked about, under headings that say what it is.
func writeAlternatives(b *strings.Builder, r *answer.Reply) {
	for _, group := range []struct {
		heading  string
		national bool
	}{{"Open to anyone in England:", true}, {"The nearest listed elsewhere:", false}} {
		first := true
		for _, res := range r.Results {
			if res.National != group.national {
				continue
			}
			if first {
				b.WriteString("\n" + group.heading + "\n\n")
				first = false
			} else {
				b.WriteString("\n")
			}
			writeService(b, res)
		}
	}
	b.WriteString("\n")
}

func writeProvenance(b *strings.Builder, res answer.Result) {
	c := res.Citation()
	var parts []string
	if c.Source != "" {
		s := "Source: " + c.Source
		if c.URL != "" && c.URL != c.Source {
			s += " (" + c.URL + ")"
		}
		parts = append(parts, s)
	}
	if !c.Reviewed.IsZero() {
		parts = append(parts, "Checked "+c.Reviewed.String())
	}
	if len(parts) > 0 {
		b.WriteString("— " + strings.Join(parts, " · ") + "\n")
	}
}

func writeService(b *strings.Builder, res answer.Result) {
	s := res.Service
	if s == nil {
		return
	}
	fmt.Fprintf(b, "%s — %s%s\n", s.Name, s.Area, furtherNote(res))
	fmt.Fprintf(b, "  %s\n", strings.TrimSpace(Markup(s.Description)))
	if len(s.Referral) > 0 {
		fmt.Fprintf(b, "  How to refer: %s\n", answer.ReferralText(s.Referral))
	}
	if s.Cost != "" {
		fmt.Fprintf(b, "  Cost: %s\n", s.Cost)
	}
	if s.Hours != "" {
		fmt.Fprintf(b, "  When: %s\n", s.Hours)
	}
	if c := s.Contact; c != nil {
		var cs []string
		for _, v := range []string{c.Website, c.Phone, c.Email} {
			if v != "" {
				cs = append(cs, v)
			}
		}
		if len(cs) > 0 {
			fmt.Fprintf(b, "  Contact: %s\n", strings.Join(cs, " · "))
		}
	}
	if !s.Reviewed.IsZero() {
		fmt.Fprintf(b, "  Checked %s\n", s.Reviewed)
	}
}

func furtherNote(res answer.Result) string {
	if words, _ := res.Nearness(); words != "" {
		return " (" + words + ")"
	}
	return ""
}
