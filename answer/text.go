package answer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HelpText is what Signpost can do, for `help` in the console and Slack.
// Three examples, each answered by the built-in knowledge (TestHelpExamples).
const HelpText = `I answer questions about social prescribing for AHPs, and find local services. Try:
  • what does a link worker do?
  • how do I refer someone to a link worker?
  • befriending in <town or postcode district>`

// ResetText answers "start again".
const ResetText = "OK, starting again: what would you like to know?"

// PossibleRiskIntro leads the help shown beside an answer to a message
// with a sign of risk.
const PossibleRiskIntro = "If someone may be at risk:"

// Capitalise upper-cases the first letter of s, whatever its encoding
// length ("éducation", "’twas" stay valid UTF-8).
func Capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToTitle(r)) + s[size:] // title case: "ǆ" starts "ǅ"
}

// UnknownHint closes a reply that has no answer.
const UnknownHint = "Try other words, or ask your social prescribing champions."

// NearMissIntro leads the entries offered when Signpost does not know.
func NearMissIntro(r *Reply) string {
	if r.Kind == ReplyUnknown && len(r.Categories) > 0 {
		return "You could try:"
	}
	return "Did you mean:"
}

// Heading names what a services reply lists: "Befriending in Whitby".
func Heading(r *Reply) string {
	if len(r.Categories) == 0 && r.Place == "" {
		return ""
	}
	what := "Services"
	var labels []string
	for _, l := range r.Labels {
		if strings.TrimSpace(l) != "" {
			labels = append(labels, l)
		}
	}
	if len(labels) > 0 {
		// (A kind with no label names nothing: "Services in TN34", not
		// " in TN34".)
		what = Capitalise(strings.Join(labels, " or "))
	}
	if f := FilterText(r.Filters); f != "" {
		what += " (" + f + ")"
	}
	switch {
	case r.Place != "" && r.Near:
		return what + " near " + r.Place
	case r.Place != "":
		return what + " in " + r.Place
	}
	return what
}

// Distance says how far in words: "400 m", "1.2 km", "16 km".
func Distance(km float64) string {
	switch {
	case km < 0.95: // (0.95 and over rounds to 1,000 m: "1.0 km")
		return fmt.Sprintf("%d m", max(1, int(km*10+0.5))*100)
	case km < 9.95:
		return fmt.Sprintf("%.1f km", km)
	}
	return fmt.Sprintf("%.0f km", km)
}

// ReferralText says in words how people reach a service.
func ReferralText(routes []string) string {
	var out []string
	for _, r := range routes {
		switch r {
		case "self":
			out = append(out, "people can go themselves")
		case "link-worker":
			out = append(out, "through a link worker")
		case "professional":
			out = append(out, "an AHP, GP or nurse can refer")
		}
	}
	return strings.Join(out, "; ")
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}
