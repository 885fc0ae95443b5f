package bot

import (
	"regexp"
	"strings"
)

// Personal details people paste by mistake. Signpost never needs them to
// answer, so it replaces them before the text goes anywhere else (search,
// logs, the gaps list) and tells the person.
const (
	PIINHSNumber = "an NHS number"
	PIIPhone     = "a phone number"
	PIIEmail     = "an email address"
	PIIBirthDate = "a date of birth"
)

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`)
	// Ten digits, written together or as 3-3-4.
	nhsRE = regexp.MustCompile(`\b\d{3}[ -]?\d{3}[ -]?\d{4}\b`)
	// UK numbers: 0 or +44, then 9 or 10 more digits with spaces, dots or hyphens.
	phoneRE = regexp.MustCompile(`(?:\+\s?44\s?(?:\(0\)\s?)?|\(?\b0)\d{2,4}\)?(?:[\s.-]?\d){6,8}\b`)
	// A whole date with a year: 03/04/1956, 3-4-56, 3.4.1956, 3 April 1956, April 3rd 1956.
	months      = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	numDateRE   = regexp.MustCompile(`\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b`)
	wordDateRE  = regexp.MustCompile(`(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + months + `,?\s+\d{4}\b|\b` + months + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`)
	placeholder = regexp.MustCompile(`\[(?:NHS number|phone number|email|date of birth)\]`)
)

// Redact replaces NHS numbers (those passing the modulus 11 check), UK
// phone numbers, email addresses and dates that could be dates of birth
// with placeholders such as "[NHS number]", and says which kinds it found.
func Redact(s string) (string, []string) {
	var found []string
	note := func(kind string) {
		for _, k := range found {
			if k == kind {
				return
			}
		}
		found = append(found, kind)
	}
	// "3–4–1956" is a date as much as "3-4-1956".
	s = typographic.Replace(s)
	if !strings.ContainsAny(s, "@0123456789") {
		return s, nil // every pattern needs a digit or an @
	}
	s = emailRE.ReplaceAllStringFunc(s, func(string) string { note(PIIEmail); return "[email]" })
	s = nhsRE.ReplaceAllStringFunc(s, func(m string) string {
		if !ValidNHSNumber(m) {
			return m
		}
		note(PIINHSNumber)
		return "[NHS number]"
	})
	s = numDateRE.ReplaceAllStringFunc(s, func(string) string { note(PIIBirthDate); return "[date of birth]" })
	s = wordDateRE.ReplaceAllStringFunc(s, func(string) string { note(PIIBirthDate); return "[date of birth]" })
	s = phoneRE.ReplaceAllStringFunc(s, func(m string) string {
		if digits(m) < 10 {
			return m
		}
		note(PIIPhone)
		return "[phone number]"
	})
	return s, found
}

// ValidNHSNumber reports whether s holds ten digits whose last is the
// modulus 11 check digit of the first nine.
func ValidNHSNumber(s string) bool {
	var d []int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == d[9]
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// withoutPlaceholders drops redaction placeholders so they are not searched for.
func withoutPlaceholders(s string) string {
	return strings.TrimSpace(placeholder.ReplaceAllString(s, " "))
}
