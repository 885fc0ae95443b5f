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
	houseTypes = `House|Court|Lodge|Mansions|Tower|Point|Heights|Building|Block|Hall|Cottage|Cottages|Farm|Farmhouse|Barn|Bungalow|Villa|Mill`
	// A flat, perhaps in a named block: "Flat 3", "apartment 12, Millennium House".
	// "Apartment 12, The Maltings, Mill Lane", "Pitch 7 on the Elm Tree
	// caravan park".
	flat = `(?i:` + flatWords + `)\s+\d+[A-Za-z]?` +
		`(?:,?\s+(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + houseTypes + `)\b|,\s*The(?:\s+\p{Lu}[\p{L}'’-]+){1,2}|\s+on\s+the(?:\s+\p{Lu}[\p{L}'’-]+){1,2}\s+(?i:caravan|mobile\s+home|residential|holiday)?\s*(?i:park|site|estate))?` +
		`(?:,\s*(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + streetTypes + `)\b)?`
	flatWords   = `flat|apartment|apt|unit|pitch|plot|berth`
	streetTypes = `Road|Rd|Street|St|Avenue|Ave|Av|Boulevard|Blvd|Approach|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Terrace|Tce|Place|Pl|Gardens|Gdns|Grove|Gr|Court|Ct|Square|Sq|Parade|Walk|Row|Hill|View|Mews|Park|Rise|Green|Croft|Vale|Fold|Meadows?|Cottages?|Buildings|Yard|Wharf|Bank|Brow|Garth|Nook`
)

const (
	// digitSep is what may stand between the digits of a number: nothing,
	// a space, or a punctuation mark with spaces either side or none.
	digitSep = `(?: ?[./_,:|()-] ?| )?`
	titles   = `mr|mrs|ms|miss|mx|master|mister|missus|dr|doctor|prof|sir|dame|rev|professor|revd|reverend|cllr|councillor|fr|pastor|imam|rabbi|sister`
	// emailDot is a dot as people write it in an address: ".", " . ",
	// "(dot)", "[dot]", " dot ".
	emailDot   = `(?:\s?\.\s?|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)`
	topDomains = `com|net|org|uk|gov|nhs|ac|edu|io|me|info|biz|co|scot|wales|cymru|eu|online|email|mail`
	spokenDot  = `(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)`
	wordDot    = `(?:\.|` + spokenDot + `)`
	particles  = `(?:van|von|de|der|den|del|della|di|da|du|la|le|ter|ten|st\.?)`
)

var (
	// "jo.bloggs@nhs.net", and as people disguise or mistype them:
	// "jo.bloggs @ nhs.net", "jo.bloggs[at]nhs.net".
	emailRE = regexp.MustCompile(`(?i)[A-Za-z0-9._%+'-]+(?:\s?@\s?|\s?[\[({]at[\])}]\s?)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`)
	// An address written out so that machines miss it: "jane.smith(at)nhs(dot)net",
	// "dave.jones at nhs dot net", "jane dot smith at gmail dot com",
	// "bigdave1954 @ btinternet . com". Without a bracket or an @ it must
	// end in a known domain ending, so "meet at the hub" is not one.
	spelledEmailRE = regexp.MustCompile(`(?i)[a-z0-9_%+'-]+(?:` + emailDot + `[a-z0-9_%+'-]+)*` +
		`(?:\s*@\s*|\s*[\[({<]\s*at\s*[\])}>]\s*)` +
		`[a-z0-9-]+(?:` + emailDot + `[a-z0-9-]+)*` + emailDot + `(?:` + topDomains + `|[a-z]{2})\b`)
	// With a plain " at ", a dot is "dot" or a full stop inside a word
	// (not one that ends a sentence: "is at work. Is there…"), and a
	// two-letter country ending only after a written "dot".
	spelledAtRE = regexp.MustCompile(`(?i)[a-z0-9_%+'-]+(?:` + wordDot + `[a-z0-9_%+'-]+)*\s+at\s+` +
		`[a-z0-9-]+(?:` + wordDot + `[a-z0-9-]+)*(?:` + wordDot + `(?:` + topDomains + `)|` + spokenDot + `[a-z]{2})\b`)
	// "DOB 03041960", "born 3rd April 62", "date of birth: 1959-04-03".
	labelledDateRE = regexp.MustCompile(`(?i)\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?|birthday|b'?day|b\.)\s*(?:[:\-=]|is|was|'s)?\s*(` + anyDate +
		// "dob 3 3 48", "born in March 1948", "born 1948"
		`|\d{1,2} \d{1,2} \d{2}|(?:the\s+)?[a-z-]+(?:st|nd|rd|th)\s+(?:of\s+)?` + months + `(?:,?\s+(?:\d{4}|'?\d{2}))?` +
		// "birthday is 3rd March": a day and month say it without a year
		`|` + months + `,?\s+(?:of\s+)?(?:\d{4}|'?\d{2})|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + months + `|` + months + `\s+\d{1,2}(?:st|nd|rd|th)?\b|(?:19|20)\d{2})\b`)
	dateRE = regexp.MustCompile(`(?i)\b` + anyDate + `\b`)
	// An NHS number said to be one, glued to its label or not: "NHS7335265169".
	labelledNHSRE = regexp.MustCompile(`(?i)nhs\s*(?:no\.?|num(?:ber)?|#)?\s*[:#=-]?\s*(\d(?:` + digitSep + `\d){9})`)
	// Ten digits, however they are grouped (3-3-4, 5-5, 3-3-3-1, one by
	// one) and separated, perhaps with a letter typed on the end.
	nhsRE = regexp.MustCompile(`\(?\b\d(?:` + digitSep + `\d){9}[A-Za-z]?\b`)
	// A title and a name: "Mrs Jane Smith", "mr jones".
	// Initials, non-English letters and surname particles are part of the
	// name: "Mrs. J. Smith", "Mr Łukasz Nowak", "Mr Bob van der Berg".
	titledRE = regexp.MustCompile(`(?i)\b(?:` + titles + `)\b(?:\.\s*|\s+)((?:\p{Lu}\.\s*)*\p{L}[\p{L}'’-]*)(?-i:(?:(?:\s+` + particles + `)*\s+(\p{Lu}[\p{L}'’-]*))?)`)
	// "Smith, Jane (Mrs)", as some records write it.
	titleAfterRE = regexp.MustCompile(`\p{Lu}[\p{L}'’-]+,?\s+\p{Lu}[\p{L}'’-]*\s*\((?i:` + titles + `)\.?\)`)
	// A house number and a street: "12 Acacia Avenue", "Flat 3, 14a Park Road".
	// A second line naming the road a terrace or block is on is part of
	// the address: "2 Rose Cottages, Back Lane".
	streetRE = regexp.MustCompile(`\b(?:` + flat + `,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:\p{Lu}[\p{L}'’-]+\s+){1,3}(?:` + streetTypes + `)\b` +
		`(?:,\s*(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + streetTypes + `)\b)?`)
	// A flat in a named block, with no street: "Flat 9, Nightingale House".
	flatRE = regexp.MustCompile(`\b` + flat)
	// A house with a name on a named road: "Rose Cottage, Back Lane".
	// A house called "The …" on a named road, where someone lives: "Mr
	// Pennington, The Old Forge, Back Lane".
	theHouseRE = regexp.MustCompile(`\bThe(?:\s+\p{Lu}[\p{L}'’-]+){1,3},\s*(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + streetTypes + `)\b`)
	houseRE    = regexp.MustCompile(`\b(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + houseTypes + `),\s*(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:` + streetTypes + `)\b`)
	// One word streets: "221 Kingsway", "14 Eastgate", "3 Parkside".
	oneWordStreetRE = regexp.MustCompile(`\b\d{1,4}[A-Za-z]?,?\s+\p{Lu}\p{Ll}+(?:way|gate|side|field|fields|croft|bank|hurst)\b`)
	lowerStreetRE   = regexp.MustCompile(`(?i)\b\d{1,4}[a-z]?,?\s+(?:[a-z'’-]+\s+){1,2}(?:` + lowerStreetTypes + `)\b`)
	postcodeRE      = regexp.MustCompile(`(?i)\b([A-Z]{1,2}\d[A-Z\d]?)(?:\s*|\s?[-.]\s?)(\d[A-Z]{2})\b`)
	placeholderRE   = regexp.MustCompile(`\[(?:NHS number|phone number|email|date of birth|name|address|postcode)\]`)
)

// namesAThing reports whether the words after a name make it part of a
// thing's name: one of the next two words is capitalised and names a
// kind of place or organisation ("… Community Hospital", "… Centre").
func namesAThing(after string) bool {
	// Two words are all it reads: a long message must not be split into
	// words again for every title in it.
	if len(after) > 64 {
		after = after[:64]
	}
	toks := tokens(after)
	for k := 0; k < len(toks) && k < 2; k++ {
		if strings.TrimSpace(after[:toks[k].start]) != "" && k == 0 || !isCapitalised(toks[k]) {
			return false
		}
		if thingWord(toks[k].key) && !functionWord[toks[k].key] {
			return true
		}
	}
	return false
}

// wordTitles are titles that are also everyday words.
var wordTitles = map[string]bool{"miss": true, "master": true, "sir": true, "dame": true, "doctor": true, "prof": true, "rev": true,
	"professor": true, "reverend": true, "councillor": true, "fr": true, "pastor": true, "imam": true, "rabbi": true, "sister": true}

// lowerStreetTypes are the street words lowerStreetRE knows, in any case.
const lowerStreetTypes = `road|rd|street|st|avenue|ave|av|boulevard|approach|close|lane|ln|crescent|terrace|grove|gardens|mews|cottages|drive|way`

// wordGate is a cheap test run before a costly pattern: whether the text
// holds one of the words every match of the pattern must contain, as a
// whole word. A word is a run of ASCII letters, so a word a pattern
// bounds with \b or spaces is always one of them; Redact folds the long s
// and the Kelvin sign to ASCII first. A closed gate means the pattern
// cannot match; an open one, that it may.
type wordGate struct {
	words map[string]bool
	fold  bool // the pattern ignores case: words are compared lower case
}

// gate makes the wordGate of a pattern's alternation of words ("Road|Rd|
// Meadows?"; a last letter may be optional).
func gate(alternation string, fold bool) wordGate {
	g := wordGate{words: map[string]bool{}, fold: fold}
	for _, w := range strings.Split(alternation, "|") {
		if fold {
			w = strings.ToLower(w)
		}
		if base, ok := strings.CutSuffix(w, "?"); ok {
			g.words[base[:len(base)-1]] = true
			w = base
		}
		g.words[w] = true
	}
	return g
}

func (g wordGate) open(s string) bool {
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if g.fold {
			w = strings.ToLower(w)
		}
		if g.words[w] {
			return true
		}
	}
	return false
}

// The gates of the address patterns: streetRE, houseRE and theHouseRE
// all end in a street word.
var (
	streetGate      = gate(streetTypes, false)
	lowerStreetGate = gate(lowerStreetTypes, true)
	flatGate        = gate(flatWords, true)
)

// livesRE says a message is about where someone lives.
var livesRE = regexp.MustCompile(`(?i)\b(?:lives|living|address|home is|staying)\b`)

// Words after a lower-case title that are not a name ("the dr said…").
var notNames = set(nameWords["not_names"])

// Redactor redacts text. Its zero value is ready to use.
type Redactor struct {
	// Now tells the time, for judging whether a date could be a date of
	// birth (tests fix it); time.Now when nil.
	Now func() time.Time
	// Known reports whether words name a place or thing the caller knows
	// ("Beaumont Leys", a neighbourhood in the knowledge): they are never
	// read as a person's name. Nil knows only the built-in gazetteer.
	Known func(words string) bool
}

// Redact replaces the patient details in s with placeholders such as
// "[NHS number]", and says which kinds it found. A full postcode stays,
// for finding services near it, unless the message also names someone or
// their street: then it is part of an address.
func Redact(s string) (string, []string) { return Redactor{}.Redact(s) }

// Redact is the package's Redact with this Redactor's clock.
func (rd Redactor) Redact(s string) (string, []string) {
	r := &redaction{s: fold(s)}
	// Emails first: an underscore is part of one, and a formatting mark
	// everywhere else.
	if mayHoldEmail(r.s) {
		r.emails()
	}
	r.s = plain(r.s)
	digits := r.numerals(rd)
	if strings.IndexByte(r.s, '(') >= 0 {
		r.s = titleAfterRE.ReplaceAllStringFunc(r.s, func(string) string { r.personal = true; r.note(Name); return namePlaceholder })
	}
	// Most messages name no one with a title: the costliest pattern of
	// all runs only where one could.
	if hasTitle(r.s) {
		r.titledNames()
	}
	if strings.Contains(r.s, ",") {
		r.houses()
	}
	if digits {
		r.streets() // a street address has a house number
	}
	if spans := untitledNames(r.s, rd.Known); len(spans) > 0 {
		r.untitled(spans)
	}
	if r.personal {
		r.s = postcodeRE.ReplaceAllStringFunc(r.s, func(string) string { r.note(Postcode); return postcodePlaceholder })
	}
	return r.s, r.found
}

// redaction is one message being redacted: the text so far, the kinds of
// detail found, and whether it names a person or their home (which makes
// a full postcode part of an address).
type redaction struct {
	s        string
	found    []string
	personal bool
}

// note records that a kind of detail was found, once.
func (r *redaction) note(kind string) {
	if !slices.Contains(r.found, kind) {
		r.found = append(r.found, kind)
	}
}

// emails replaces email addresses, written plainly or spelt out, but not
// a website after a word ("look at ageuk.org.uk").
func (r *redaction) emails() {
	r.s = emailRE.ReplaceAllStringFunc(r.s, func(string) string { r.note(Email); return emailPlaceholder })
	for _, re := range []*regexp.Regexp{spelledEmailRE, spelledAtRE} {
		r.s = re.ReplaceAllStringFunc(r.s, func(m string) string {
			if isWebAddress(m) {
				return m
			}
			r.note(Email)
			return emailPlaceholder
		})
	}
}

// numerals replaces numbers spelt out in words and those written in
// digits, and reports whether the text held any digit.
func (r *redaction) numerals(rd Redactor) (digits bool) {
	// Most questions hold no digit, and then no number, date or street
	// can be in them: skip those patterns (they were a quarter of the
	// time it takes to answer). The shortest date ("3 Apr 61") has three
	// digits, a phone number nine: "his 12 year old" holds none of them.
	r.s = spelledDigits(r.s, r.note)
	n := countDigits(r.s)
	if n >= 2 {
		r.s = zeroes(r.s)
	}
	if n >= minNumberDigits {
		r.s = rd.numbers(r.s, r.note)
	}
	return n > 0
}

// titledNames replaces a title and the name after it ("Mrs Jane Smith"),
// unless the match is no one's name (see titledName).
func (r *redaction) titledNames() {
	s := r.s
	// Each match's groups come from the same search: matching a match
	// again on its own can fail (a \b that depended on the letter
	// before it) and there is then nothing to read.
	var b strings.Builder
	last := 0
	for _, m := range titledRE.FindAllStringSubmatchIndex(s, -1) {
		if !titledName(s, m) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(namePlaceholder)
		last = m[1]
		r.personal = true
		r.note(Name)
	}
	if last > 0 {
		b.WriteString(s[last:])
		r.s = b.String()
	}
}

// titledName reports whether a match m of titledRE in s is a person's
// name, not a word, a condition or the name of a place.
func titledName(s string, m []int) bool {
	if notNames[strings.ToLower(s[m[2]:m[3]])] {
		return false
	}
	// "Yoga for MS near Kendal": MS in capitals before a word in
	// lower case is multiple sclerosis, not a title.
	first, _ := utf8.DecodeRuneInString(s[m[2]:])
	if s[m[0]:m[0]+2] == "MS" && unicode.IsLower(first) {
		return false
	}
	// "Sir Robert Peel Community Hospital", "Dr Gray's Hospital": a
	// titled name that names a place or an organisation.
	if namesAThing(s[m[1]:]) {
		return false
	}
	// "if i miss prom", "a master class": a title that is also a
	// word names someone in lower case only when it is "mr",
	// "mrs" and the like.
	if title := s[m[0]:m[2]]; unicode.IsLower(first) && wordTitles[strings.ToLower(strings.TrimRight(title, ". "))] && title == strings.ToLower(title) {
		return false
	}
	// "written to her sister. She's gone home", "mum with MS. School
	// know": a full stop after a title that is also a word (or MS
	// in capitals) ends a sentence, not an abbreviation.
	if title := strings.TrimRight(s[m[0]:m[2]], " "); strings.HasSuffix(title, ".") {
		word := strings.TrimSuffix(title, ".")
		if wordTitles[strings.ToLower(word)] && word == strings.ToLower(word) || word == "MS" {
			return false
		}
	}
	return true
}

// houses replaces a named house on a named road ("Rose Cottage, Back
// Lane"), and one called "The …" where the message is about a person.
func (r *redaction) houses() {
	if !streetGate.open(r.s) {
		return // both patterns end in a street word
	}
	r.s = houseRE.ReplaceAllStringFunc(r.s, func(string) string {
		r.personal = true
		r.note(Address)
		return addressPlaceholder
	})
	// A venue is often "The Maltings, Mill Lane" too: only beside a
	// person is it a home.
	if r.personal || strings.Contains(r.s, namePlaceholder) || livesRE.MatchString(r.s) {
		r.s = theHouseRE.ReplaceAllStringFunc(r.s, func(string) string {
			r.personal = true
			r.note(Address)
			return addressPlaceholder
		})
	}
}

// streets replaces a house number and a street, and a numbered flat,
// unless it measures a journey.
func (r *redaction) streets() {
	for _, p := range []struct {
		re   *regexp.Regexp
		gate *wordGate // nil: always run
	}{{streetRE, &streetGate}, {lowerStreetRE, &lowerStreetGate}, {oneWordStreetRE, nil}, {flatRE, &flatGate}} {
		if p.gate != nil && !p.gate.open(r.s) {
			continue
		}
		r.s = p.re.ReplaceAllStringFunc(r.s, func(m string) string {
			if distance(m) {
				return m // "a 10 minute drive", "2 mile walk"
			}
			r.personal = true
			r.note(Address)
			return addressPlaceholder
		})
	}
}

// untitled replaces the names untitledNames found, spans in order.
func (r *redaction) untitled(spans []nameSpan) {
	s := r.s
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(namePlaceholder)
		last = sp.end
	}
	b.WriteString(s[last:])
	r.s = b.String()
	r.personal = true
	r.note(Name)
}

// distance reports whether a would-be address measures a journey: "10
// minute drive", "a 2 mile way".
func distance(m string) bool {
	for _, w := range strings.Fields(strings.ToLower(m)) {
		switch strings.TrimSuffix(w, "s") {
		case "minute", "min", "hour", "hr", "mile", "km", "metre", "meter", "yard", "second", "sec":
			return true
		}
	}
	return false
}

// zeroes reads a letter O typed for a zero inside a number ("999 O16
// 6137", "56O7"): a run of digits and Os with at least two digits and
// three characters. "O2" and "LOL" are left alone.
func zeroes(s string) string {
	b := []byte(s)
	changed := false
	for i := 0; i < len(b); {
		if !isDigitByte(b[i]) && b[i] != 'O' && b[i] != 'o' {
			i++
			continue
		}
		j, digits := i, 0
		for j < len(b) && (isDigitByte(b[j]) || b[j] == 'O' || b[j] == 'o') {
			if isDigitByte(b[j]) {
				digits++
			}
			j++
		}
		whole := (i == 0 || !isAlnumByte(b[i-1])) && (j == len(b) || !isAlnumByte(b[j]))
		// "O3O" beside "999" and "8241": a group of a number.
		besideDigits := i >= 2 && (b[i-1] == ' ' || b[i-1] == '-') && isDigitByte(b[i-2]) ||
			j+1 < len(b) && (b[j] == ' ' || b[j] == '-') && isDigitByte(b[j+1])
		if whole && (digits >= 2 || digits >= 1 && besideDigits) && j-i >= 3 && digits < j-i {
			for k := i; k < j; k++ {
				if b[k] == 'O' || b[k] == 'o' {
					b[k] = '0'
					changed = true
				}
			}
		}
		i = j
	}
	if !changed {
		return s
	}
	return string(b)
}

func isAlnumByte(c byte) bool {
	return isDigitByte(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// spelledRE is a number read out digit by digit: "nine nine nine eight
// two one nine nine three zero", "oh seven seven double oh…".
var spelledRE = func() *regexp.Regexp {
	digit := strings.Join(spelledWords[:len(spelledWords)-3], "|")
	return regexp.MustCompile(`(?i)\b(?:(?:` + digit + `|double|treble|triple)[\s,-]+){8,}(?:` + digit + `)\b`)
}()

// spelledDigits redacts a number read out in words: ten digits are an NHS
// number, others a phone number.
func spelledDigits(s string, note func(string)) string {
	if !mayHoldSpelledNumber(s) {
		return s
	}
	return spelledRE.ReplaceAllStringFunc(s, func(m string) string {
		n, repeat := 0, 1
		for _, w := range strings.FieldsFunc(strings.ToLower(m), func(r rune) bool { return r == ' ' || r == ',' || r == '-' }) {
			switch w {
			case "double":
				repeat = 2
			case "treble", "triple":
				repeat = 3
			default:
				n += repeat
				repeat = 1
			}
		}
		if n == 10 {
			note(NHSNumber)
			return nhsPlaceholder
		}
		note(Phone)
		return phonePlaceholder
	})
}

// spelledWords are the words spelledRE reads as digits, then the three
// that repeat the next digit.
var spelledWords = []string{"zero", "oh", "nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "treble", "triple"}

// mayHoldSpelledNumber reports whether s has nine of spelledWords in a
// row, which any match of spelledRE needs. Splitting at every character
// that cannot be in one of its words (all but ASCII letters and the long
// s, which (?i) reads as s) finds every run spelledRE would and more, so
// a false answer is safe, and it spares long stories a costly pattern.
func mayHoldSpelledNumber(s string) bool {
	run := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == 'ſ') }) {
		if !slices.ContainsFunc(spelledWords, func(d string) bool { return strings.EqualFold(d, w) }) {
			run = 0
			continue
		}
		if run++; run >= 9 {
			return true
		}
	}
	return false
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
		if end > start && end-start <= len("councillor") && titleWords[strings.ToLower(s[start:end])] {
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

// isWebAddress reports whether a written-out address is a website
// after a word ("look at ageuk.org.uk", "info at www.mind.org.uk"), not an
// email address.
func isWebAddress(m string) bool {
	l := strings.ToLower(m)
	local, domain, ok := strings.Cut(l, " at ")
	if !ok || strings.ContainsAny(local, "@[({<") {
		return false
	}
	domain = strings.TrimSpace(domain)
	return strings.HasPrefix(domain, "www") || strings.HasPrefix(domain, "http") || webVerbs[strings.TrimSpace(local)]
}

// webVerbs come before " at " and a website: "look at", "online at".
var webVerbs = set(nameWords["web_verbs"])

// mayHoldEmail reports whether s has an @ or a disguised one ("[at]").
func mayHoldEmail(s string) bool {
	if strings.IndexByte(s, '@') >= 0 {
		return true
	}
	l := strings.ToLower(s)
	if strings.Contains(l, "at]") || strings.Contains(l, "at)") || strings.Contains(l, "at}") || strings.Contains(l, "at>") {
		return true
	}
	// "name at nhs.net", "jane dot smith at gmail dot com": the word "at"
	// with a dot after it.
	i := strings.Index(l, " at ")
	return i >= 0 && (strings.Contains(l[i:], ".") || strings.Contains(l[i:], " dot "))
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
	if isASCII(s) {
		return s // nearly every message
	}
	s = unconfuse(s)
	var b strings.Builder
	b.Grow(len(s))
	prev := ' '
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Pd, r) || r == '\u2212': // every dash and the minus sign
			r = '-'
		case unicode.IsDigit(r): // digits of any script: "٩٤٣", "９４３"
			if d := digitValue(r); d >= 0 {
				r = '0' + rune(d)
			}
		case r >= '\uff01' && r <= '\uff5e': // full-width ASCII
			r -= 0xfee0
		case unicode.Is(unicode.Cf, r) || r == '\u200b':
			// Invisible marks: inside a word they go ("Sm\u00adith"); where
			// a capital follows they were a space ("Mrs\u2060Smith").
			next, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s[i+utf8.RuneLen(r):], func(r rune) bool { return unicode.Is(unicode.Cf, r) }))
			if unicode.IsLower(prev) && unicode.IsUpper(next) || r == '\u200b' && !(unicode.IsLetter(prev) && unicode.IsLower(next)) {
				r = ' '
			} else {
				continue
			}
		case unicode.Is(unicode.Zs, r): // every kind of space
			r = ' '
		case r == '\u2024' || r == '\u3002' || r == '\ufe52': // other full stops
			r = '.'
		case r == '\ufe6b': // small commercial at
			r = '@'
		case r == 'ſ': // the long s, which patterns would read as an s only in places
			r = 's'
		case r == '\u212a': // the Kelvin sign, a K
			r = 'K'
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isASCII reports whether s is all ASCII, as nearly every message and
// word is.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unconfuse writes Latin letters for the Cyrillic and Greek ones that look
// the same, in words that mix them with Latin letters ("Smіth" with a
// Cyrillic і): a word wholly in another script is left as it is.
func unconfuse(s string) string {
	mixed := false
	latin, other := false, false
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r):
			latin, other = false, false
			continue
		case r < utf8.RuneSelf:
			latin = true
		case confusables[r] != 0:
			other = true
		}
		if latin && other {
			mixed = true
		}
	}
	if !mixed {
		return s
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		hasLatin := strings.IndexFunc(w, func(r rune) bool { return r < utf8.RuneSelf }) >= 0
		if !hasLatin {
			continue
		}
		fixed := strings.Map(func(r rune) rune {
			if c := confusables[r]; c != 0 {
				return c
			}
			return r
		}, w)
		s = strings.Replace(s, w, fixed, 1)
	}
	return s
}

// confusables are Cyrillic and Greek letters drawn like Latin ones.
var confusables = map[rune]rune{
	'а': 'a', 'в': 'B', 'е': 'e', 'к': 'k', 'м': 'M', 'н': 'H', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 'T',
	'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'У': 'Y', 'Х': 'X', 'І': 'I', 'Ј': 'J', 'Ѕ': 'S',
	'α': 'a', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'τ': 't', 'υ': 'u',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
}

// digitValue is the value of a decimal digit of any script, or -1: the
// Unicode decimal digits come in runs of ten from zero.
func digitValue(r rune) int {
	for _, rt := range unicode.Nd.R16 {
		if uint16(r) >= rt.Lo && uint16(r) <= rt.Hi && r <= 0xffff {
			return int(r-rune(rt.Lo)) % 10
		}
	}
	for _, rt := range unicode.Nd.R32 {
		if uint32(r) >= rt.Lo && uint32(r) <= rt.Hi {
			return int(r-rune(rt.Lo)) % 10
		}
	}
	return -1
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
		case isPhoneSep(c):
			// "07700 900123", "0113 - 496 - 0999", "(0113) 496": up to
			// three marks between digit groups.
			k := j
			for k < len(s) && k-j < 3 && isPhoneSep(s[k]) {
				k++
			}
			if k < len(s) && isDigitByte(s[k]) {
				j = k
			} else {
				j = len(s) // stop
			}
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

func isPhoneSep(c byte) bool {
	return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || c == '|' || c == ':'
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
