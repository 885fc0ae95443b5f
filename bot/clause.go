package bot

import (
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

// askingClause returns the sentence of a message that asks: the last one
// with a question mark; failing that, the last that opens like a question
// or asks for something; failing that, the whole message. A sentence that
// only points back ("What does that mean?") is read with the one before.
func askingClause(text string, seeking [][]string, empty func(string) bool) string {
	sents := sentences(text)
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
		if opensLikeQuestion(sents[i]) || hasPhrase(lowerWords(sents[i]), seeking) {
			at = i
		}
	}
	if at < 0 {
		return text
	}
	clause := sents[at]
	if at > 0 && empty(clause) {
		clause = sents[at-1] + " " + clause
	}
	return clause
}

// sentences splits text after ".", "!" or "?" that ends a sentence (not
// the full stop of "St. Ives" or "e.g."), and before a question after a
// dash or colon ("First week as a dietitian - what's a link worker?").
func sentences(text string) []string {
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
		if opensLikeQuestion(text[i+skip:]) {
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
var questionOpeners = set("how", "what", "whats", "what's", "why", "when", "where", "who", "whos", "who's",
	"which", "is", "are", "can", "could", "should", "would", "does", "do", "did", "will", "any", "anyone",
	"anybody", "has", "have")

func opensLikeQuestion(s string) bool {
	words := lowerWords(s)
	return len(words) > 0 && questionOpeners[words[0]]
}

func lowerWords(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.lower
	}
	return out
}

// hasPhrase reports whether words contain any of the phrases, in order.
func hasPhrase(words []string, phrases [][]string) bool {
	for i := range words {
		for _, p := range phrases {
			if i+len(p) <= len(words) && slices.Equal(words[i:i+len(p)], p) {
				return true
			}
		}
	}
	return false
}

func phrases(list []string) [][]string {
	out := make([][]string, 0, len(list))
	for _, p := range list {
		if ws := lowerWords(p); len(ws) > 0 {
			out = append(out, ws)
		}
	}
	return out
}
