package reading

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/mrkdwn"
)

// MaxQuestionRunes is how much of a message Signpost reads as the question.
// A pasted document is not a question; its last question sentence, or its
// opening, is.
const MaxQuestionRunes = 500

var (
	// <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1|@team>
	slackRefRE = regexp.MustCompile(`<[@#!][^>]*>`)
	// :emoji:, :+1:, :-1:, :skin-tone-2: (a name must hold a letter or +, so
	// times like 10:30: survive)
	emojiRE = regexp.MustCompile(`:[a-z0-9_+'-]*[a-z+][a-z0-9_+'-]*:|:-1:`)
	// The HTML entities Slack escapes in message text.
	entities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'")
	// Typographic punctuation, which iOS and macOS type for plain quotes
	// and hyphens: "what’s" must read as "what's" everywhere after this.
	typographic = strings.NewReplacer(
		"\u2018", "'", "\u2019", "'", "\u201b", "'", "\u2032", "'", "\u02bc", "'", "\uff07", "'",
		"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2033", `"`, "\uff02", `"`,
		"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2212", "-",
		"\u2026", "...", "\u00a0", " ",
	)
)

// FoldPunctuation replaces typographic quotes, dashes and ellipses with
// their plain forms.
func FoldPunctuation(s string) string { return typographic.Replace(s) }

// Normalise turns a Slack message into plain question text: mentions,
// channel links and emoji go, links keep their labels, entities and
// formatting marks are undone, white space is folded and the length capped.
func Normalise(s string) string { return capLength(NormaliseWhole(s)) }

// NormaliseWhole is Normalise without keeping a long message to one
// question: what a person at risk said may be anywhere in a story, so risk
// is read in all of it.
func NormaliseWhole(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = slackRefRE.ReplaceAllString(s, " ")
	s = mrkdwn.ReplaceLinks(s, func(l mrkdwn.Link) string { return " " + l.Readable() + " " }, "http", "https", "mailto", "tel")
	s = emojiRE.ReplaceAllString(s, " ")
	s = entities.Replace(s)
	s = typographic.Replace(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r == '*' || r == '_' || r == '~' || r == '`' || r == '>':
			r = ' ' // mrkdwn marks and quote markers
		case unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.Is(unicode.Cs, r) ||
			unicode.Is(unicode.Co, r) || r == '\u200d' || r == '\ufe0f' || unicode.In(r, unicode.Variation_Selector):
			r = ' ' // emoji and their joiners
		case unicode.IsControl(r) || unicode.IsSpace(r):
			r = ' '
		}
		if r == ' ' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// ageRE finds ages written the way clinicians write them: "15yo", "14
// y/o", "a 9 year old", "16-year-old", "aged 12".
var ageRE = regexp.MustCompile(`(?i)\b(?:aged\s+(\d{1,2})\b|(\d{1,2})\s*-?\s*(?:yo|y/o|yrs?\s*old|years?\s*-?\s*old|yrs?|yr)\b)`)

// reflexiveRE finds referring oneself: "can he refer himself?".
var reflexiveRE = regexp.MustCompile(`(?i)\brefer (?:him|her|them|my|your|our|one)sel(?:f|ves)\b`)

// SelfReferral says referring oneself as the knowledge does: the
// reflexive is a stop word, and without it "can they refer themselves?"
// reads as "can they refer?".
func SelfReferral(s string) string {
	return reflexiveRE.ReplaceAllString(s, "self-refer")
}

// wellbeingRE finds "well-being" and "well being", whose "being" is a
// stop word: left apart, "well" alone would read as wellbeing, and so
// would "as well".
var wellbeingRE = regexp.MustCompile(`(?i)\b(w)ell[- ]being\b`)

// wellbeing writes "well-being" as one word.
func Wellbeing(s string) string {
	if !strings.Contains(s, "eing") && !strings.Contains(s, "EING") {
		return s
	}
	return wellbeingRE.ReplaceAllString(s, "${1}ellbeing")
}

// What ages reads an age under 18 as.
const (
	childAge = "child under 16"
	youngAge = "young person under 18"
)

// SaysAge reports whether text (read by ages) gives someone's age under 18.
func SaysAge(text string) bool {
	return strings.Contains(text, childAge) || strings.Contains(text, youngAge)
}

// durationRE finds a number of years that is a time, not an age: "a
// joiner for 40 yrs", "in 2 years", "over the last 3 years".
var durationRE = regexp.MustCompile(`(?i)\b(?:for|in|over|past|last|within|after|every|than)\s+(?:the\s+)?(?:last\s+|past\s+)?$`)

// isDuration reports whether the age pattern matched at s[i:end] is a time
// ("for 40 yrs", "worked there 40 yrs"), not an age ("widower 45 yrs"):
// years said without "old" after a word that counts time.
func isDuration(s string, i, end int) bool {
	m := strings.ToLower(s[i:end])
	if strings.Contains(m, "old") || strings.Contains(m, "yo") || strings.Contains(m, "y/o") || strings.HasPrefix(m, "aged") {
		return false
	}
	before := s[max(0, i-24):i]
	if durationRE.MatchString(before) {
		return true
	}
	words := strings.Fields(before)
	return len(words) > 0 && timeContext[strings.ToLower(strings.Trim(words[len(words)-1], ",.;:"))]
}

// timeContext are words after which years are how long: "worked there 40
// yrs", "married 50 years".
var timeContext = set(List("time_context")...)

// ofAnother reports whether the age at s[i:] is someone's the person has
// rather than theirs: "mum of a 3 yo", "he'd bring his 12 year old".
var ofAnotherRE = regexp.MustCompile(`(?i)\b(?:of an?|with an?|has an?|have an?|his|her|their)\s+$`)

// relatives are people the patient may speak for, whose age the
// question is about only when it asks for them ("his mum's 48 - anything
// for her?"), not when it tells of them ("her son is 16 and she is lonely").
var relatives = set(List("relatives")...)

// asksFor are how a question turns to someone it told of.
var asksFor = List("asks_for")

// ages says a child's or young person's age in the words the knowledge
// uses ("under 16", "child"), since no entry says "15yo".
func Ages(s string) string {
	if !hasDigit(s) {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range ageRE.FindAllStringSubmatchIndex(s, -1) {
		if isDuration(s, loc[0], loc[1]) {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(ageWords(s[loc[0]:loc[1]]))
		last = loc[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// ageWords is how ages writes an age it found (m).
func ageWords(m string) string {
	sub := ageRE.FindStringSubmatch(m)
	switch n := atoi(sub[1] + sub[2]); {
	case n < 16:
		return childAge
	case n < 18:
		return youngAge
	}
	return m
}

// ageSaidRE finds an age said of someone without a unit: "his mum's 48",
// "pt is 84", "her son's 16".
var ageSaidRE = regexp.MustCompile(`(?i)\b([a-z]+)(?:'s|\s+is)\s+(\d{1,2})\b(\s*\S*)`)

// notYears are what a number after "is" or "'s" may count instead of
// years: "it's 20 minutes away", "she's 5 foot".
var notYears = set(List("not_years")...)

// peopleWords name a person ("mum", "patient", "he"): whose age a number is.
var peopleWords = set(List("people_words")...)

// StatedAge is the age a message gives someone ("84yo", "aged 19", "his
// mum's 48"), the last one said; 0 for none.
func StatedAge(s string) int {
	if !hasDigit(s) {
		return 0
	}
	lower := strings.ToLower(s)
	asked := slices.ContainsFunc(asksFor, func(p string) bool { return strings.Contains(lower, p) })
	age, at := 0, -1
	for _, m := range ageRE.FindAllStringSubmatchIndex(s, -1) {
		if isDuration(s, m[0], m[1]) || !asked && ofAnotherRE.MatchString(s[max(0, m[0]-10):m[0]]) {
			continue
		}
		for g := 2; g+1 < len(m); g += 2 {
			if m[g] >= 0 {
				age, at = atoi(s[m[g]:m[g+1]]), m[0]
			}
		}
	}
	for _, m := range ageSaidRE.FindAllStringSubmatchIndex(s, -1) {
		who := strings.ToLower(s[m[2]:m[3]])
		next := strings.ToLower(strings.Trim(s[m[6]:m[7]], " ,.;:!?)"))
		if m[0] < at || !(peopleWords[who] || who == "who") || relatives[who] && !asked || notYears[next] ||
			strings.HasPrefix(next, "%") || next == "of" {
			continue
		}
		if j := m[5]; j < len(s) && (s[j] == '/' || s[j] == '\'' || s[j] == '.' || s[j] == '-' && j+1 < len(s) && isDigitByte(s[j+1])) {
			continue // "10/10 pain", "5'2", "1.5", "2-4pm"
		}
		age, at = atoi(s[m[4]:m[5]]), m[0]
	}
	return age
}

func atoi(digits string) int {
	n := 0
	for _, d := range digits {
		n = n*10 + int(d-'0')
	}
	return n
}

// capLength keeps long messages to one question: the last sentence with a
// question mark if there is one within reach, otherwise the opening.
func capLength(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuestionRunes {
		return s
	}
	if q := strings.LastIndex(s, "?"); q > 0 {
		start := strings.LastIndexAny(s[:q], ".!?\n")
		cand := strings.TrimSpace(s[start+1 : q+1])
		if cand != "" && utf8.RuneCountInString(cand) <= MaxQuestionRunes {
			return cand
		}
	}
	n := 0
	for i := range s {
		if n == MaxQuestionRunes {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > MaxQuestionRunes/2 {
				cut = cut[:j]
			}
			return cut
		}
		n++
	}
	return s
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isJoiner(r rune) bool { return r == '\'' || r == '-' || r == '&' }

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
