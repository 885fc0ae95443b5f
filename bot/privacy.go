package bot

import "github.com/signpost-ahp/signpost/privacy"

// The kinds of personal detail a reply says were removed.
const (
	PIINHSNumber = privacy.NHSNumber
	PIIPhone     = privacy.Phone
	PIIEmail     = privacy.Email
	PIIBirthDate = privacy.BirthDate
)

// Redact replaces patient details in a message before it goes anywhere
// else (search, logs, the gaps list): see privacy.Redact.
func Redact(s string) (string, []string) { return privacy.Redact(s) }

// ValidNHSNumber reports whether s passes the NHS number's check digit.
func ValidNHSNumber(s string) bool { return privacy.ValidNHSNumber(s) }

// withoutPlaceholders drops redaction placeholders so they are not searched for.
func withoutPlaceholders(s string) string { return privacy.Placeholders(s) }
