package answer

import (
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/reading"
)

// The kinds of personal detail a reply says were removed.
const (
	PIINHSNumber = privacy.NHSNumber
	PIIPhone     = privacy.Phone
	PIIEmail     = privacy.Email
	PIIBirthDate = privacy.BirthDate
)

// Redact replaces patient details in a Slack message before it goes
// anywhere else (search, logs, the journal, the gaps list), and returns
// it as the question is searched (Normalise). It redacts before and after
// normalising, because normalising joins what markup kept apart: an NHS
// number split by emoji (":x: 943 :x: 476 …") is whole once they go.
func Redact(s string) (string, []string) { return redact(privacy.Redactor{}, s) }

// Redact is the package's Redact, knowing the places this knowledge names:
// a neighbourhood such as "Beaumont Leys" is never taken for a person.
func (a *Answerer) Redact(s string) (string, []string) {
	return redact(privacy.Redactor{Known: a.places.knows}, s)
}

func redact(rd privacy.Redactor, s string) (string, []string) {
	first, found := rd.Redact(s)
	text, more := rd.Redact(reading.Normalise(first))
	for _, k := range more {
		if !slices.Contains(found, k) {
			found = append(found, k)
		}
	}
	return text, found
}

// ValidNHSNumber reports whether s passes the NHS number's check digit.
func ValidNHSNumber(s string) bool { return privacy.ValidNHSNumber(s) }

// withoutPlaceholders drops redaction placeholders so they are not searched for.
func withoutPlaceholders(s string) string {
	if !strings.Contains(s, "[") {
		return strings.TrimSpace(s) // nearly every message: no pattern to run
	}
	return privacy.Placeholders(s)
}
