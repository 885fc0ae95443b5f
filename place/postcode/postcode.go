// Package postcode parses UK postcodes and postcode districts.
//
// It checks shape only (the letters-and-digits pattern Royal Mail uses), not
// whether a postcode exists: Signpost has no network and ships no postcode
// register.
package postcode

import (
	"regexp"
	"strings"
)

// Postcode is a UK postcode split into its outward code (the district, such
// as "HG1") and inward code (such as "2AB"). A district on its own has an
// empty Inward.
type Postcode struct {
	Outward string
	Inward  string
}

// String returns the postcode in its usual written form, "HG1 2AB".
func (p Postcode) String() string {
	if p.Inward == "" {
		return p.Outward
	}
	return p.Outward + " " + p.Inward
}

// District returns the outward code, e.g. "LS6" for "LS6 3HN".
func (p Postcode) District() string { return p.Outward }

// Area returns the letters that start the postcode, e.g. "LS" for "LS6 3HN".
func (p Postcode) Area() string {
	i := strings.IndexAny(p.Outward, "0123456789")
	if i < 0 {
		return p.Outward
	}
	return p.Outward[:i]
}

var (
	// Outward: A9, A99, AA9, AA99, A9A, AA9A. Inward: 9AA.
	fullRE     = regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$`)
	districtRE = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]?$`)
)

// Parse reads a full postcode such as "hg1 2ab" or "HG12AB", ignoring case
// and spacing. It reports false when s does not have a postcode's shape.
func Parse(s string) (Postcode, bool) {
	if !hasDigit(s) {
		return Postcode{}, false // every message's words are tried: most are not one
	}
	s = normal(s)
	m := fullRE.FindStringSubmatch(s)
	if m == nil {
		if s == "GIR0AA" || s == "GIR 0AA" { // Girobank's historic special case.
			return Postcode{Outward: "GIR", Inward: "0AA"}, true
		}
		return Postcode{}, false
	}
	return Postcode{Outward: m[1], Inward: m[2]}, true
}

// ParseDistrict reads an outward code on its own, such as "ls6" or "TN34".
func ParseDistrict(s string) (Postcode, bool) {
	if !hasDigit(s) {
		return Postcode{}, false
	}
	s = normal(s)
	if !districtRE.MatchString(s) {
		return Postcode{}, false
	}
	return Postcode{Outward: s}, true
}

// hasDigit reports whether s holds an ASCII digit, as every postcode and
// district does (Girobank's GIR 0AA too).
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func normal(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.Join(strings.Fields(s), " ")
}
