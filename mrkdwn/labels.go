package mrkdwn

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pretends reports whether any word of a link's label reads as a web or
// email address on another site than host: a label such as
// "www․nhs․uk/login" (one-dot leaders) over an address elsewhere. The label
// is read as a person sees it (Readable) before it is compared.
func Pretends(label, host string) bool {
	for _, word := range strings.Fields(Readable(label)) {
		if h, ok := AddressIn(word); ok && !SameSite(h, host) {
			return true
		}
		// "www.nhs.uk@evil.example" reads as nhs.uk, whatever follows the @.
		if before, _, found := strings.Cut(word, "@"); found && (strings.HasPrefix(strings.ToLower(before), "www.") || strings.Contains(strings.ToLower(before), "://")) {
			if h, ok := AddressIn(before); ok && !SameSite(h, host) {
				return true
			}
		}
	}
	return false
}

// Deceptive reports whether a link's label names another site than the
// one it goes to.
func (l Link) Deceptive() bool {
	if l.Label == "" {
		return false
	}
	host := ""
	if addr, ok := strings.CutPrefix(l.Target, "mailto:"); ok {
		host = strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
	} else if u, err := url.Parse(l.Target); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	return Pretends(l.Label, host)
}

// Readable is a label as a person reads it: every mark drawn as a full
// stop a full stop (one-dot leaders, small and full-width stops, the
// ideographic one), full-width letters ASCII, Cyrillic and Greek letters
// drawn like Latin ones Latin, and invisible characters gone.
func Readable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < utf8.RuneSelf:
			return r
		case dots[r]:
			return '.'
		case slashes[r]:
			return '/'
		case unicode.Is(unicode.Pd, r):
			return '-'
		case r >= '\uff01' && r <= '\uff5e': // full-width ASCII
			return r - 0xfee0
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r), r == '\u00ad':
			return -1 // joiners, direction marks, soft hyphens, combining marks
		}
		if l, ok := latin[r]; ok {
			return l
		}
		return r
	}, s)
}

// dots are the characters drawn as a full stop.
var dots = map[rune]bool{'\u2024': true, '\ufe52': true, '\u3002': true, '\uff61': true, '\uff0e': true,
	'\u2e31': true, '\u00b7': true, '\u0701': true, '\u0702': true, '\u06d4': true, '\u2027': true, '\u2219': true, '\u22c5': true,
	'\ua4f8': true, '\u0660': true, '\u06f0': true, '\ua78f': true, '\u30fb': true, '\uff65': true, '\ua60e': true, '\u0589': true,
	'\u1362': true, '\u2e3c': true, '\u16eb': true, '\u05c3': true}

// slashes are the characters drawn as a slash.
var slashes = map[rune]bool{'\u2215': true, '\u2044': true, '\uff0f': true, '\u29f8': true, '\u2571': true}

// latin are Cyrillic and Greek letters drawn like Latin ones.
var latin = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's',
	'ԁ': 'd', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'к': 'k', 'м': 'm', 'н': 'h', 'т': 't', 'в': 'b',
	'α': 'a', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'τ': 't', 'υ': 'u',
}

// AddressIn reports the host a word of a label names when it looks like
// a web or email address ("https://www.nhs.uk:443/login", "*www.nhs.uk*",
// "nhs.uk.", "enquiries@nhs.net").
func AddressIn(word string) (string, bool) {
	// Quotes, brackets, arrows and marks round an address are not part of
	// it: "(see www.nhs.uk).", "“www.nhs.uk”", "→www.nhs.uk".
	l := strings.ToLower(strings.TrimFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	for _, p := range []string{"https://", "http://", "mailto:"} {
		l = strings.TrimPrefix(l, p)
	}
	if i := strings.LastIndexByte(l, '@'); i >= 0 {
		l = l[i+1:]
	}
	if i := strings.IndexAny(l, "/?#:"); i >= 0 {
		l = l[:i] // path, query or port
	}
	l = strings.TrimRight(l, ".")
	if !strings.Contains(l, ".") {
		return "", false
	}
	for _, r := range l {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-') {
			return "", false
		}
	}
	tld := l[strings.LastIndexByte(l, '.')+1:]
	if utf8.RuneCountInString(tld) < 2 || strings.IndexFunc(tld, unicode.IsLetter) < 0 {
		return "", false // "3.5", "e.g"
	}
	return l, true
}

// SameSite reports whether two hosts are one site: equal, or one a
// subdomain of the other ("www.nhs.uk" and "nhs.uk").
func SameSite(a, b string) bool {
	a, b = strings.TrimPrefix(a, "www."), strings.TrimPrefix(b, "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}
