// Package privacy finds the patient details people paste into Slack by
// mistake — NHS numbers, phone numbers, email addresses, dates of birth,
// names with titles, street addresses — in every common way of writing
// them, and replaces them before the text goes anywhere else: search,
// logs, the store, button values, knowledge files.
package privacy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The kinds of detail, worded for telling the person what was removed.
const (
	NHSNumber = "an NHS number"
	Phone     = "a phone number"
	Email     = "an email address"
	BirthDate = "a date of birth"
	Name      = "a name"
	Address   = "an address"
	Postcode  = "a full postcode"
)

// Placeholders are what redacted details become.
const (
	nhsPlaceholder      = "[NHS number]"
	phonePlaceholder    = "[phone number]"
	emailPlaceholder    = "[email]"
	datePlaceholder     = "[date of birth]"
	namePlaceholder     = "[name]"
	addressPlaceholder  = "[address]"
	postcodePlaceholder = "[postcode]"
)

const (
	months  = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	ordinal = `(?:st|nd|rd|th)?`
	// A date in any common shape: 03/04/1956, 3-4-56, 3.4.1956,
	// 1959-04-03, 03041960, 3 Apr 61, 3rd April 1962, April 3rd 1956.
	anyDate = `(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{8}|\d{6}|` +
		`\d{1,2} \d{1,2} \d{4}|` + // 03 04 1956
		`\d{1,2}` + ordinal + `(?:\s+(?:of\s+)?|\s*[/.-]\s*)` + months + `(?:,?\s+|\s*[/.-]\s*)(?:\d{4}|'?\d{2})|` + // 3 Apr 61, 03-APR-1956
		months + `\s+\d{1,2}` + ordinal + `,?\s+(?:\d{4}|'?\d{2}))`
	streetTypes = `Road|Rd|Street|St|Avenue|Ave|Av|Boulevard|Blvd|Approach|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Terrace|Tce|Place|Pl|Gardens|Gdns|Grove|Gr|Court|Ct|Square|Sq|Parade|Walk|Row|Hill|View|Mews|Park|Rise|Green|Croft|Vale|Fold|Meadows?`
)

const (
	// digitSep is what may stand between the digits of a number: nothing,
	// a space, or a punctuation mark with spaces either side or none.
	digitSep  = `(?: ?[./_,-] ?| )?`
	titles    = `mr|mrs|ms|miss|mx|master|mister|missus|dr|doctor|prof|sir|dame|rev`
	particles = `(?:van|von|de|der|den|del|della|di|da|du|la|le|ter|ten|st\.?)`
)

var (
	// "jo.bloggs@nhs.net", and as people disguise or mistype them:
	// "jo.bloggs @ nhs.net", "jo.bloggs[at]nhs.net".
	emailRE = regexp.MustCompile(`(?i)[A-Za-z0-9._%+'-]+(?:\s?@\s?|\s?[\[({]at[\])}]\s?)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`)
	// "DOB 03041960", "born 3rd April 62", "date of birth: 1959-04-03".
	labelledDateRE = regexp.MustCompile(`(?i)\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday|b'?day)\s*[:\-=]?\s*(` + anyDate + `)`)
	dateRE         = regexp.MustCompile(`(?i)\b` + anyDate + `\b`)
	// An NHS number said to be one, glued to its label or not: "NHS7335265169".
	labelledNHSRE = regexp.MustCompile(`(?i)nhs\s*(?:no\.?|num(?:ber)?|#)?\s*[:#=-]?\s*(\d(?:` + digitSep + `\d){9})`)
	// Ten digits, however they are grouped (3-3-4, 5-5, 3-3-3-1, one by
	// one) and separated, perhaps with a letter typed on the end.
	nhsRE = regexp.MustCompile(`\b\d(?:` + digitSep + `\d){9}[A-Za-z]?\b`)
	// A title and a name: "Mrs Jane Smith", "mr jones".
	// Initials, non-English letters and surname particles are part of the
	// name: "Mrs. J. Smith", "Mr Łukasz Nowak", "Mr Bob van der Berg".
	titledRE = regexp.MustCompile(`(?i)\b(?:` + titles + `)\b(?:\.\s*|\s+)((?:\p{Lu}\.\s*)*\p{L}[\p{L}'’-]*)(?-i:(?:(?:\s+` + particles + `)*\s+(\p{Lu}[\p{L}'’-]*))?)`)
	// "Smith, Jane (Mrs)", as some records write it.
	titleAfterRE = regexp.MustCompile(`\p{Lu}[\p{L}'’-]+,?\s+\p{Lu}[\p{L}'’-]*\s*\((?i:` + titles + `)\.?\)`)
	// A house number and a street: "12 Acacia Avenue", "Flat 3, 14a Park Road".
	streetRE      = regexp.MustCompile(`\b(?:(?i:flat|apartment|apt|unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?:` + streetTypes + `)\b`)
	lowerStreetRE = regexp.MustCompile(`(?i)\b\d{1,4}[a-z]?,?\s+(?:[a-z'’-]+\s+){1,2}(?:road|rd|street|avenue|ave|av|boulevard|approach|close|lane|crescent|terrace|grove|gardens|mews)\b`)
	postcodeRE    = regexp.MustCompile(`(?i)\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b`)
	placeholderRE = regexp.MustCompile(`\[(?:NHS number|phone number|email|date of birth|name|address|postcode)\]`)
)

// Words after a lower-case title that are not a name ("the dr said…").
var notNames = map[string]bool{
	"said": true, "says": true, "told": true, "is": true, "was": true, "has": true, "had": true, "and": true,
	"or": true, "the": true, "a": true, "an": true, "to": true, "at": true, "in": true, "on": true, "for": true,
	"of": true, "with": true, "who": true, "will": true, "can": true, "would": true, "thinks": true, "wants": true,
	"referred": true, "asked": true, "appointment": true, "letter": true, "surgery": true, "practice": true,
}

// Redactor redacts text. Its zero value is ready to use.
type Redactor struct {
	// Now tells the time, for judging whether a date could be a date of
	// birth (tests fix it); time.Now when nil.
	Now func() time.Time
}

// Redact replaces the patient details in s with placeholders such as
// "[NHS number]", and says which kinds it found. A full postcode stays,
// for finding services near it, unless the message also names someone or
// their street: then it is part of an address.
func Redact(s string) (string, []string) { return Redactor{}.Redact(s) }

// Redact is the package's Redact with this Redactor's clock.
func (rd Redactor) Redact(s string) (string, []string) {
	var found []string
	note := func(kind string) {
		if !slices.Contains(found, kind) {
			found = append(found, kind)
		}
	}
	s = fold(s)
	// Emails first: an underscore is part of one, and a formatting mark
	// everywhere else.
	if mayHoldEmail(s) {
		s = emailRE.ReplaceAllStringFunc(s, func(string) string { note(Email); return emailPlaceholder })
	}
	s = plain(s)
	// Most questions hold no digit, and then no number, date or street
	// can be in them: skip those patterns (they were a quarter of the
	// time it takes to answer). The shortest date ("3 Apr 61") has three
	// digits, a phone number nine: "his 12 year old" holds none of them.
	n := countDigits(s)
	digits := n > 0
	if n >= minNumberDigits {
		s = rd.numbers(s, note)
	}
	personal := false
	if strings.IndexByte(s, '(') >= 0 {
		s = titleAfterRE.ReplaceAllStringFunc(s, func(string) string { personal = true; note(Name); return namePlaceholder })
	}
	// Most messages name no one with a title: the costliest pattern of
	// all runs only where one could.
	if hasTitle(s) {
		// Each match's groups come from the same search: matching a match
		// again on its own can fail (a \b that depended on the letter
		// before it) and there is then nothing to read.
		var b strings.Builder
		last := 0
		for _, m := range titledRE.FindAllStringSubmatchIndex(s, -1) {
			if notNames[strings.ToLower(s[m[2]:m[3]])] {
				continue
			}
			b.WriteString(s[last:m[0]])
			b.WriteString(namePlaceholder)
			last = m[1]
			personal = true
			note(Name)
		}
		if last > 0 {
			b.WriteString(s[last:])
			s = b.String()
		}
	}
	for _, re := range []*regexp.Regexp{streetRE, lowerStreetRE} {
		if !digits {
			break // a street address has a house number
		}
		s = re.ReplaceAllStringFunc(s, func(string) string {
			personal = true
			note(Address)
			return addressPlaceholder
		})
	}
	if personal {
		s = postcodeRE.ReplaceAllStringFunc(s, func(string) string { note(Postcode); return postcodePlaceholder })
	}
	return s, found
}

// titleWords are the titles titledRE knows, for finding whether a message
// has one before running it.
var titleWords = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Split(titles, "|") {
		m[t] = true
	}
	return m
}()

// hasTitle reports whether s has a title as a word of its own, as titledRE
// reads words (ASCII letters, digits and underscores), in any case.
func hasTitle(s string) bool {
	for start := 0; start < len(s); {
		end := start
		for end < len(s) && isASCIIWord(s[end]) {
			end++
		}
		if end > start && end-start <= len("missus") && titleWords[strings.ToLower(s[start:end])] {
			return true
		}
		start = end + 1
	}
	return false
}

func isASCIIWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// minNumberDigits is the fewest digits a date, NHS number or phone number
// is written with.
const minNumberDigits = 3

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			n++
		}
	}
	return n
}

// mayHoldEmail reports whether s has an @ or a disguised one ("[at]").
func mayHoldEmail(s string) bool {
	if strings.IndexByte(s, '@') >= 0 {
		return true
	}
	l := strings.ToLower(s)
	return strings.Contains(l, "at]") || strings.Contains(l, "at)") || strings.Contains(l, "at}")
}

// numbers redacts what is written with digits: dates of birth, NHS and
// phone numbers.
func (rd Redactor) numbers(s string, note func(string)) string {
	year := time.Now().Year()
	if rd.Now != nil {
		year = rd.Now().Year()
	}
	s = replaceGroup(s, labelledDateRE, 1, func(string) string { note(BirthDate); return datePlaceholder })
	s = replaceGroup(s, labelledNHSRE, 1, func(string) string { note(NHSNumber); return nhsPlaceholder })
	s = replacePhones(s, func() string { note(Phone); return phonePlaceholder })
	s = nhsRE.ReplaceAllStringFunc(s, func(string) string { note(NHSNumber); return nhsPlaceholder })
	s = dateRE.ReplaceAllStringFunc(s, func(m string) string {
		if !birthYear(m, year) {
			return m
		}
		note(BirthDate)
		return datePlaceholder
	})
	return s
}

// Shareable returns text that may be logged or kept: a full postcode is
// cut to its district ("LS6 3HN" becomes "LS6"), which still says where
// but not which street.
func Shareable(s string) string {
	return postcodeRE.ReplaceAllString(s, "$1")
}

// Placeholders removes redaction placeholders, so they are not searched for.
func Placeholders(s string) string {
	return strings.TrimSpace(placeholderRE.ReplaceAllString(s, " "))
}

// fold makes text look as it reads, so that a detail cannot hide behind
// how it is written: typographic punctuation becomes plain ("3–4–1956"
// is a date as much as "3-4-1956"), full-width digits and letters become
// ASCII ("９４３"), and invisible characters go ("Mrs\u200bSmith").
func fold(s string) string {
	s = typographic.Replace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '\uff01' && r <= '\uff5e': // full-width ASCII
			return r - 0xfee0
		case r == '\u3000' || r == '\u200b': // ideographic and zero-width spaces
			return ' '
		case r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			return -1
		case r == 'ſ': // the long s, which patterns would read as an s only in places
			return 's'
		case r == '\u212a': // the Kelvin sign, a K
			return 'K'
		}
		return r
	}, s)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// plain drops Slack's formatting marks (which split "*943* *476* *5919*"
// into pieces) and folds runs of white space, newlines included, into
// one space, as the question is searched.
func plain(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	prev := ' '
	for i, r := range s {
		// An underscore inside a word ("thinking_face", "943_476") is
		// kept; at a word's edge it is italics.
		inWord := false
		if r == '_' {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			inWord = isAlnum(prev) && isAlnum(next)
		}
		prev = r
		if r == '*' || r == '_' && !inWord || r == '~' || r == '`' || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var typographic = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-",
	"\u2212", "-", "\u2018", "'", "\u2019", "'", "\u00a0", " ", "\u2009", " ", "\u202f", " ")

// replaceGroup replaces submatch n of each match of re.
func replaceGroup(s string, re *regexp.Regexp, n int, repl func(string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2*n], m[2*n+1]
		if start < 0 {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(repl(s[start:end]))
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// replacePhones replaces UK phone numbers: +44, 0044 or a leading 0, then
// digits in any grouping with single spaces, dots, hyphens or brackets,
// up to the ten digits a UK number has after its 0 (so a number that
// follows is not taken as part of it).
func replacePhones(s string, repl func() string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if i > 0 && isDigitByte(s[i-1]) {
			continue
		}
		end, ok := phoneAt(s, i)
		if !ok {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl())
		last, i = end, end-1
	}
	b.WriteString(s[last:])
	return b.String()
}

// phoneAt reads a phone number starting at i, returning where it ends.
func phoneAt(s string, i int) (int, bool) {
	j := i
	switch {
	case strings.HasPrefix(s[j:], "+44"):
		j += 3
	case strings.HasPrefix(s[j:], "0044"):
		j += 4
	case strings.HasPrefix(s[j:], "44 ") && j+3 < len(s) && s[j+3] >= '1' && s[j+3] <= '9':
		// "44 7700 900123", the + left off; only a full number counts.
		j += 2
	case strings.HasPrefix(s[j:], "(0"), s[j] == '0':
	default:
		return 0, false
	}
	international := j > i
	if international {
		j = skipSpace(s, j)
		if strings.HasPrefix(s[j:], "(0)") {
			j = skipSpace(s, j+3)
		}
	}
	digits, want := 0, 11 // 0 and ten more
	if international {
		want = 10
	}
	end := 0
	for j < len(s) && digits < want {
		c := s[j]
		switch {
		case isDigitByte(c):
			digits++
			j++
			end = j
		case (c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')') && j+1 < len(s) && (isDigitByte(s[j+1]) || s[j+1] == '(' || c == ')'):
			j++
		default:
			j = len(s) // stop
		}
	}
	if end < len(s) && isDigitByte(s[end]) {
		return 0, false // more digits than a phone number has
	}
	if international {
		if !strings.HasPrefix(s[i:], "+") && !strings.HasPrefix(s[i:], "00") && digits < 10 {
			return 0, false
		}
		return end, digits >= 9
	}
	return end, digits >= 10
}

func skipSpace(s string, j int) int {
	for j < len(s) && s[j] == ' ' {
		j++
	}
	return j
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// birthYear reports whether a date is a plausible date of birth: a real
// day and month, and a year between 115 and 3 years ago. A recent or
// coming date ("meeting on 10/12/24") is a date, not a birthday; a young
// child's date of birth is caught when it is labelled ("DOB …").
func birthYear(m string, now int) bool {
	y, mo, d, ok := parseDate(m, now)
	if !ok || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return false
	}
	return y >= now-115 && y <= now-3
}

// parseDate reads the shapes anyDate matches; two-digit years are taken
// as the most recent year they could be.
func parseDate(m string, now int) (year, month, day int, ok bool) {
	fullYear := func(y string) int {
		y = strings.TrimPrefix(y, "'")
		n, _ := strconv.Atoi(y)
		if len(y) == 2 {
			n += 2000
			if n > now {
				n -= 100
			}
		}
		return n
	}
	var nums []string
	for _, f := range strings.FieldsFunc(strings.ToLower(m), func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == ',' || unicode.IsSpace(r)
	}) {
		if f == "of" {
			continue
		}
		if i := slices.IndexFunc(monthNames, func(mon string) bool { return len(f) >= 3 && strings.HasPrefix(mon, f) }); i >= 0 {
			month = i + 1
			continue
		}
		if t := strings.TrimRight(f, "stndrh"); isDigits(strings.TrimPrefix(t, "'")) {
			nums = append(nums, t)
		}
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	switch {
	case month != 0 && len(nums) == 2: // 3 Apr 61, 03-APR-1956, April 3rd 1956
		return fullYear(nums[1]), month, atoi(nums[0]), true
	case month == 0 && len(nums) == 3 && len(nums[0]) == 4: // 1959-04-03
		return atoi(nums[0]), atoi(nums[1]), atoi(nums[2]), true
	case month == 0 && len(nums) == 3: // 03/04/1956, 03 04 1956
		return fullYear(nums[2]), atoi(nums[1]), atoi(nums[0]), true
	case month == 0 && len(nums) == 1 && (len(nums[0]) == 8 || len(nums[0]) == 6):
		d := nums[0]
		y, mo, dd := fullYear(d[4:]), atoi(d[2:4]), atoi(d[:2]) // 03041960
		if len(d) == 8 && (mo < 1 || mo > 12) {
			y, mo, dd = atoi(d[:4]), atoi(d[4:6]), atoi(d[6:]) // 19560403
		}
		return y, mo, dd, true
	}
	return 0, 0, 0, false
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ValidNHSNumber reports whether s holds ten digits whose last is the
// modulus 11 check digit of the first nine. Redact does not need it (a
// mistyped NHS number is still about a patient); it tells how likely a
// number is to be one.
func ValidNHSNumber(s string) bool {
	d := digitsOf(s)
	if len(d) != 10 || strings.ContainsFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '.') }) {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}
