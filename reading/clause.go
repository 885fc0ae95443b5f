package reading

import (
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// People write to Slack the way they talk: a story first, the question at
// the end ("I saw a man in clinic today for his knee … is there any
// bereavement support near him?"). The story says where and who; the
// sentence that asks says what is wanted. Signpost reads both: places from
// the whole message, what kind of answer is wanted from the asking
// sentence, and it weighs entries against each.

// AskingClause returns the sentence of a message that asks: the last one
// with a question mark; failing that, the last that opens like a question
// or asks for something; failing that, the whole message. A sentence that
// only points back ("What does that mean?") is read with the one before.
func AskingClause(text string, seeking PhraseSet, empty func(string) bool) string {
	clause := askingSentence(text, seeking, empty)
	if q := lastQuoted(clause); q != "" && AsksWhatThatIs(LowerWords(clause)) {
		// "pt said a 'village agent' sorted it all - what even is that?"
		return "what is " + q + "?"
	}
	return clause
}

func askingSentence(text string, seeking PhraseSet, empty func(string) bool) string {
	sents := Sentences(text)
	if len(sents) <= 1 {
		return text
	}
	at := -1
	for i := len(sents) - 1; i >= 0 && at < 0; i-- {
		if strings.Contains(sents[i], "?") {
			at = i
		}
	}
	for i := len(sents) - 1; i >= 0 && at < 0; i-- {
		if OpensLikeQuestion(sents[i]) || seeking.In(LowerWords(sents[i])) {
			at = i
		}
	}
	if at < 0 {
		return text
	}
	if at > 0 && strings.Contains(sents[at], "?") && !OpensLikeQuestion(sents[at]) {
		// "what even is that? some kind of carer?": a guess after the
		// question is not what is asked.
		for j := at - 1; j >= 0; j-- {
			if strings.Contains(sents[j], "?") {
				if AsksWhatItIs(LowerWords(sents[j])) {
					at = j
				}
				break
			}
		}
	}
	clause := firstQuestion(sents[at])
	if at > 0 && empty(clause) {
		// "… the practice keeps talking about 'blue prescribing'. What's
		// that?": a quoted phrase before is what "that" means; failing
		// one, the sentence before is.
		if q := lastQuoted(sents[at-1]); q != "" {
			clause = q + " " + clause
		} else {
			clause = sents[at-1] + " " + clause
		}
	}
	return clause
}

// firstQuestion keeps the first of two questions joined by "and"
// ("what's a link worker and how is it different from what I do?"): the
// one the rest depends on.
func firstQuestion(s string) string {
	words := strings.Fields(s)
	for i := 1; i+1 < len(words); i++ {
		w := strings.ToLower(strings.Trim(words[i], ","))
		if (w == "and" || strings.HasSuffix(words[i-1], ",") && w == "but") && questionOpeners[strings.ToLower(words[i+1])] && OpensLikeQuestion(s) {
			return strings.Join(words[:i], " ") + "?"
		}
	}
	return s
}

// maxQuotedWords is the most words a quoted phrase may have to be read as
// the thing asked about ("what does 'village agent' mean?").
const maxQuotedWords = 5

// lastQuoted returns the last phrase in quotes in s ('frequent attender',
// "blue prescribing"), or "".
func lastQuoted(s string) string {
	last := ""
	for _, q := range []byte{'\'', '"'} {
		for i := 0; i < len(s); i++ {
			if s[i] != q || i > 0 && isLetterByte(s[i-1]) {
				continue // an apostrophe inside a word
			}
			j := strings.IndexByte(s[i+1:], q)
			if j <= 0 {
				break
			}
			if end := i + 1 + j; end+1 >= len(s) || !isLetterByte(s[end+1]) {
				if inner := strings.TrimSpace(s[i+1 : end]); len(strings.Fields(inner)) <= maxQuotedWords {
					last = inner
				}
				i = end
			}
		}
	}
	return last
}

func isLetterByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Sentences splits text after ".", "!" or "?" that ends a sentence (not
// the full stop of "St. Ives" or "e.g."), and before a question after a
// dash or colon ("First week as a dietitian - what's a link worker?").
func Sentences(text string) []string {
	var out []string
	for _, part := range splitBeforeQuestions(text) {
		out = append(out, sentencesIn(part)...)
	}
	return out
}

// splitBeforeQuestions splits text at " - " or ": " where what follows
// opens like a question.
func splitBeforeQuestions(text string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(text); i++ {
		var skip int
		switch {
		case text[i] == ' ' && text[i+1] == '-' && text[i+2] == ' ':
			skip = 3
		case text[i] == ':' && text[i+1] == ' ':
			skip = 2
		default:
			continue
		}
		if OpensLikeQuestion(text[i+skip:]) {
			out = append(out, text[start:i+skip-1])
			start = i + skip
		}
	}
	return append(out, text[start:])
}

func sentencesIn(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(text) && (text[end] == '.' || text[end] == '!' || text[end] == '?') {
			end++
		}
		if end < len(text) && text[end] != ' ' {
			i = end - 1
			continue // "3.5", "e.g.x"
		}
		if c == '.' && abbreviation(text[start:i]) {
			i = end - 1
			continue
		}
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start, i = end, end-1
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// abbreviation reports whether the word before a full stop is a short
// abbreviation ("St", "Dr", "e.g", "etc") rather than the end of a
// sentence.
func abbreviation(before string) bool {
	word := before[strings.LastIndexByte(before, ' ')+1:]
	switch strings.ToLower(word) {
	case "e.g", "i.e", "etc", "approx", "vs", "no", "nos", "st", "dr", "mr", "mrs", "ms", "prof", "rd", "ave":
		// "St. Ives" but not "I'm a new OT. What…": only these.
		return true
	}
	return utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) // an initial
}

// questionOpeners are the words a question sentence starts with.
var questionOpeners = set(List("question_openers")...)

// AsksWhatItIs reports whether words ask what something is: "what's a
// PCN", "what even is that", "what exactly is it".
func AsksWhatItIs(words []string) bool {
	return AsksWhatIs(words) || AsksWhatThatIs(words)
}

// AsksWhatThatIs reports whether words ask what something pointed at is:
// "what even is that", "what's this".
func AsksWhatThatIs(words []string) bool {
	for i, w := range words {
		if w == "what's" || w == "whats" {
			return i+1 < len(words) && pointing[words[i+1]]
		}
		if w != "what" {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+2; j++ {
			if words[j] == "is" {
				return j+1 < len(words) && pointing[words[j+1]]
			}
		}
		return false
	}
	return false
}

var pointing = set(List("pointing")...)

// OpensLikeQuestion reports whether a sentence starts as a question does
// ("is there…", "what's…", "can I…").
func OpensLikeQuestion(s string) bool {
	words := LowerWords(s)
	return len(words) > 0 && questionOpeners[words[0]]
}

// LowerWords is the words of s (see Words), in lower case.
func LowerWords(s string) []string {
	out := make([]string, 0, strings.Count(s, " ")+1)
	for w := range Words(s) {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// PhraseSet is a set of phrases of lower-case words, looked up by their
// first word: every word of a message is tried against it.
type PhraseSet map[string][][]string

// Phrases reads a list of phrases ("is there", "who can help") as a set.
func Phrases(list ...string) PhraseSet {
	ps := PhraseSet{}
	for _, p := range list {
		if ws := LowerWords(p); len(ws) > 0 {
			ps[ws[0]] = append(ps[ws[0]], ws)
		}
	}
	return ps
}

// Is reports whether words are one of the phrases, whole.
func (ps PhraseSet) Is(words []string) bool {
	if len(words) == 0 {
		return false
	}
	return slices.ContainsFunc(ps[words[0]], func(p []string) bool { return slices.Equal(words, p) })
}

// In reports whether words contain any of the phrases, in order.
func (ps PhraseSet) In(words []string) bool {
	for i, w := range words {
		for _, p := range ps[w] {
			if i+len(p) <= len(words) && slices.Equal(words[i:i+len(p)], p) {
				return true
			}
		}
	}
	return false
}

// OpensQuestion reports whether a word opens a question ("is", "what",
// "can", …).
func OpensQuestion(w string) bool { return questionOpeners[w] }

// AsksWhatIs reports whether words ask what something is ("what is a
// health walk?", "define MECC"): a question about a term, never about a
// service shown, whatever its name shares with one.
func AsksWhatIs(words []string) bool {
	for len(words) > 0 && openers[words[0]] {
		words = words[1:]
	}
	switch {
	case len(words) < 2:
		return false
	case words[0] == "define" || words[0] == "meaning" && words[1] == "of":
		return true
	case (words[0] == "what's" || words[0] == "whats") && articles[words[1]]:
		return true
	case words[0] == "what" && (words[1] == "are" || words[1] == "is" && len(words) > 2 && articles[words[2]]):
		return true
	case words[0] == "what" && words[1] == "does" && words[len(words)-1] == "mean":
		return true
	}
	return false
}

// OpensWhatIs reports whether words open with "what is", "what's" or
// "what are": with a term named, they ask what it is ("what's blue social
// prescribing?").
func OpensWhatIs(words []string) bool {
	for len(words) > 0 && openers[words[0]] {
		words = words[1:]
	}
	switch {
	case len(words) < 2:
		return false
	case words[0] == "what's" || words[0] == "whats":
		return true
	}
	return words[0] == "what" && (words[1] == "is" || words[1] == "are")
}

var openers = set(List("openers")...)

var articles = set(List("articles")...)

// IsOpener reports whether a word only opens a question ("so", "ok",
// "hi"), before what it asks.
func IsOpener(w string) bool { return openers[w] }

// set is a set of words.
func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Words yields the words of s, each with its first rune: runs of letters
// and digits, keeping apostrophes, hyphens and ampersands inside a word
// (men's, co-production, A&E). Words are slices of s: nothing is copied.
func Words(s string) iter.Seq2[string, rune] {
	return func(yield func(string, rune) bool) {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += n
				continue
			}
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r) {
					if !isJoiner(r) {
						break
					}
					if next, _ := utf8.DecodeRuneInString(s[j+n:]); j+n == len(s) || !isWordRune(next) {
						break
					}
				}
				j += n
			}
			if !yield(s[i:j], r) {
				return
			}
			i = j
		}
	}
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
