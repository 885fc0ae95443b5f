package privacy

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/english"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/gazetteer"
)

// givenNamesText lists given names; its header says where they come from
// and under which licence.
//
//go:embed givennames.txt
var givenNamesText string

// names is what the name finder knows, built once: the given names, and
// the places whose names could be read as a person's ("Milton Keynes",
// "Barry").
type names struct {
	given  map[string]bool // folded name → common enough to read in lower case
	places *gazetteer.Gazetteer
}

// knownNames parses the lists the first time a message could hold a name.
// The result is never changed after, so goroutines share it freely.
var knownNames = sync.OnceValue(func() *names {
	n := &names{given: make(map[string]bool, 12000), places: gazetteer.New()}
	for line := range strings.SplitSeq(givenNamesText, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, common := strings.CutSuffix(line, " +")
		n.given[foldName(name)] = common
	}
	return n
})

// wordNames are given names that are also ordinary words: in lower case
// they are read as words ("will", "hope", "max assistance"), and even
// capitalised they start a name only when a surname follows.
var wordNames = set(nameWords["word_names"])

// notSurnames are capitalised words that follow a given name without
// being a surname: "Dave Can", "Grace Church", "Victoria Road".
var notSurnames = set(nameWords["not_surnames"])

// notPeople are names of things that read as a person's name: charities
// named after their founders, and activities.
var notPeople = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{"marie curie", "sue ryder", "florence nightingale", "tai chi",
		"cicely saunders", "leonard cheshire", "john lewis", "ronald mcdonald", "mary seacole",
		"elizabeth fry", "grace darling", "joseph rowntree", "william booth", "jo cox", "anthony nolan",
		"winston churchill", "robert peel", "alice hospice", "princess alice", "winston wish"} {
		m[p] = true
	}
	return m
}()

// nameCues are words after which a lone given name is a person's: "a pt
// called Sandra", "her son Tom".
var nameCues = set(nameWords["name_cues"])

// surnameWords are common British surnames that are also English words:
// after a common given name in lower case they are a surname ("john
// smith").
var surnameWords = set(nameWords["surname_words"])

// kinWords after a possessive name make it a person's: "Nkechi's husband"
// (but "Andy's Man Club").
var kinWords = set(nameWords["kin_words"])

// particles join a name's parts: "Siobhan Ní Bhriain", "Bob van der Berg".
var nameParticles = set(nameWords["name_particles"])

// placePrepositions before a lower-case name make it a place: "services
// in chester".
var placePrepositions = set(nameWords["place_prepositions"])

// placeOnly are the prepositions before a place and hardly ever before a
// person.
var placeOnly = set(nameWords["place_only"])

// wordLike reports whether a given name is also an everyday word.
func wordLike(key string) bool { return wordNames[key] || english.Is(key) }

// nameToken is a word of a message and where it lies.
type nameToken struct {
	start, end int
	text       string
	key        string // folded, lower case, without a possessive 's
	possessive int    // bytes of a trailing 's or ' kept outside the name
}

// tokens splits s into words of letters (with apostrophes and hyphens
// inside), remembering where each lies.
func tokens(s string) []nameToken {
	var out []nameToken
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += w
			continue
		}
		start := i
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				i += w
				continue
			}
			if (r == '\'' || r == '-') && i+w < len(s) {
				next, _ := utf8.DecodeRuneInString(s[i+w:])
				if unicode.IsLetter(next) {
					i += w
					continue
				}
			}
			break
		}
		end := i
		tok := nameToken{start: start, end: end, text: s[start:end]}
		if strings.HasSuffix(tok.text, "'s") || strings.HasSuffix(tok.text, "'S") {
			tok.possessive = 2
		}
		tok.key = foldName(tok.text[:len(tok.text)-tok.possessive])
		out = append(out, tok)
	}
	return out
}

// foldName lowers a name and drops its accents, so "Ayşe" is found as
// "ayse" and "Siân" as "sian".
func foldName(s string) string {
	// Nearly every word is plain ASCII: lowering it is all there is to
	// do, and without capitals it is the word itself (no copy).
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := accents[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accents = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăą", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"},
		{"ĥħ", "h"}, {"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
		{"òóôõöøōŏő", "o"}, {"ŕŗř", "r"}, {"śŝşšș", "s"}, {"ţťŧț", "t"}, {"ùúûüũūŭůűų", "u"},
		{"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"}, {"’", "'"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	m['æ'], m['œ'], m['ß'] = "ae", "oe", "ss"
	return m
}()

func isCapitalised(t nameToken) bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

func isLower(t nameToken) bool {
	for _, r := range t.text {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// allCaps reports whether a word is written in capitals ("GARETH").
func allCaps(t nameToken) bool {
	for _, r := range t.text {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// adjacent reports whether exactly one space lies between two words: a
// comma or a full stop ends a name, and so does a line break or a gap.
func adjacent(s string, a, b nameToken) bool {
	gap := s[a.end:b.start]
	return gap == " "
}

// nameSpan is a name found in a message.
type nameSpan struct{ start, end int }

// untitledNames finds names written without a title: a given name and a
// surname ("Dave Jones", "Siobhan Ní Bhriain", "Gurpreet Kaur Sandhu",
// "dave jones"), a surname written first ("Okoro Sam", "KOWALCZYK,
// Bartosz"), and a lone given name where the words round it say it is one
// ("a pt called Sandra", "her son Tom", "the lady, Rukhsana, wants",
// "Babs (Barbara)").
func untitledNames(s string, known func(string) bool) []nameSpan {
	toks := tokens(s)
	if len(toks) == 0 {
		return nil
	}
	f := &nameFinder{s: s, toks: toks, kn: knownNames(), known: known}
	for i := 0; i < len(toks); i++ {
		i = f.nameAt(i)
	}
	return f.spans
}

// nameFinder is untitledNames at work on one message: its words, what
// names and places it knows, and the names found so far.
type nameFinder struct {
	s     string
	toks  []nameToken
	kn    *names
	known func(string) bool
	spans []nameSpan
}

// givenAt is a given name at word i, and how it is written.
type givenAt struct {
	i              int
	t              nameToken
	common         bool // common enough to read in lower case
	capital, lower bool
}

// add records a name, joining it to the one before when they touch.
func (f *nameFinder) add(start, end int) {
	if n := len(f.spans); n > 0 && start <= f.spans[n-1].end {
		f.spans[n-1].end = max(f.spans[n-1].end, end)
		return
	}
	f.spans = append(f.spans, nameSpan{start, end})
}

// nameAt reads the name, if any, that starts at word i, and returns the
// last word it has read: untitledNames goes on after it.
func (f *nameFinder) nameAt(i int) int {
	if last, ok := f.writtenName(i); ok {
		return last
	}
	t := f.toks[i]
	common, ok := f.kn.givenName(t.key)
	if !ok {
		return i
	}
	g := givenAt{i: i, t: t, common: common, capital: isCapitalised(t), lower: isLower(t)}
	if allCaps(t) && wordLike(t.key) {
		return i // "NO ONE WILL BELIEVE ME"
	}
	if !g.capital && !g.lower {
		return i // "iPad"
	}
	if j, parts := f.surnameEnd(g); parts > 0 {
		return f.fullName(g, j)
	}
	if f.kn.isPlace(f.toks[i:i+1], 1, f.known) {
		return i
	}
	f.loneName(g)
	return i
}

// writtenName reads a name whose form says it is one, from word i: as a
// record writes it, after a label, or round a marker word. It returns the
// last word of the name.
func (f *nameFinder) writtenName(i int) (int, bool) {
	s, toks, t := f.s, f.toks, f.toks[i]
	if j, ok := f.kn.recordName(s, toks, i); ok {
		f.add(t.start, toks[j-1].end-toks[j-1].possessive)
		return j - 1, true
	}
	if j, ok := labelledName(s, toks, i); ok {
		f.add(t.start, toks[j-1].end-toks[j-1].possessive)
		return j - 1, true
	}
	if j, from, ok := f.kn.markedName(s, toks, i); ok {
		f.add(toks[from].start, toks[j-1].end-toks[j-1].possessive)
		return j - 1, true
	}
	return 0, false
}

// surnameEnd reads the surname after a given name, returning the word
// after it and how many words of surname it has (0 for none).
func (f *nameFinder) surnameEnd(g givenAt) (j, parts int) {
	s, toks, t, capital, lower, common := f.s, f.toks, g.t, g.capital, g.lower, g.common
	// The surname: one or two capitalised words (particles between),
	// or, in lower case, one word that is not an everyday one. A
	// possessive ends a name: "Grey's Monument" is not Grey Monument.
	j = g.i + 1
	for t.possessive == 0 && j < len(toks) && (adjacent(s, toks[j-1], toks[j]) || isInitial(toks[j-1]) && nearInitial(s, toks[j-1], toks[j])) && parts < 2 {
		u := toks[j]
		if capital && parts == 0 && isInitial(u) && j+1 < len(toks) && nearInitial(s, u, toks[j+1]) && isCapitalised(toks[j+1]) {
			j++ // a middle initial: "David J Smith", "Jane Q. Smith"
			continue
		}
		if capital && nameParticles[u.key] {
			// "Ní", "van der": part of the name when a surname follows.
			k := j
			for k < len(toks) && nameParticles[toks[k].key] && adjacent(s, toks[k-1], toks[k]) {
				k++
			}
			if k < len(toks) && adjacent(s, toks[k-1], toks[k]) && isCapitalised(toks[k]) {
				j = k
				continue
			}
			break
		}
		if capital && (surnameLike(u, allCaps(t)) || allCaps(t) && allCaps(u) && !wordLike(t.key) && !notSurnames[u.key] && utf8.RuneCountInString(u.key) > 2) {
			parts++
			j++
			if u.possessive > 0 {
				break
			}
			continue
		}
		if lower && parts == 0 && common && !wordLike(t.key) && isLower(u) &&
			utf8.RuneCountInString(u.key) >= 3 && (!english.Is(u.key) || surnameWords[u.key]) && !everyday[u.key] && !notSurnames[u.key] {
			parts++
			j++
		}
		break
	}
	return j, parts
}

// fullName records a given name and the surname that ends before word j,
// unless together they name a thing or a place, and returns the last
// word read.
func (f *nameFinder) fullName(g givenAt, j int) int {
	s, toks, kn, i, t := f.s, f.toks, f.kn, g.i, g.t
	last := toks[j-1]
	// "Florence Nightingale Hospice", "Grace Darling Road": a name
	// that names a thing is not a person's.
	// (Up to two words on: "King Edward VII Hospital".)
	if thingAfter(s, toks, j) {
		return j
	}
	// "a carers group in Beaumont Leys": after "in" or "near", two
	// capitalised words are a place the gazetteer may not know.
	inPlace := i > 0 && placeOnly[toks[i-1].key] && g.capital
	if inPlace || thingBefore(toks, i) || notPeople[t.key+" "+toks[i+1].key] || kn.isPlace(toks[i:j], 2, f.known) {
		return j - 1
	}
	start := t.start
	// A surname written first ("Nguyen Thi Lan") joins the name.
	for k := i - 1; k >= max(0, i-2) && adjacent(s, toks[k], toks[k+1]) && kn.surnameFirst(toks[k]); k-- {
		start = toks[k].start
	}
	f.add(start, last.end-last.possessive)
	if end, ok := nickname(s, toks, j); ok {
		f.add(toks[j].start, end)
		return j
	}
	return j - 1
}

// loneName records a given name with no surname, but only where the
// words round it say it is a person's, or a common name written in lower
// case.
func (f *nameFinder) loneName(g givenAt) {
	s, toks, kn, i, t, capital, lower, common := f.s, f.toks, f.kn, g.i, g.t, g.capital, g.lower, g.common
	cued := i > 0 && nameCues[toks[i-1].key] && adjacent(s, toks[i-1], t) && (capital || common && !wordLike(t.key))
	if !cued && i > 1 && capital {
		switch toks[i-2].key + " " + toks[i-1].key {
		case "name is", "goes by", "known as", "name was", "calls herself", "calls himself", "calls themself":
			cued = true
		}
	}
	start := t.start
	switch {
	case cued:
	case capital && t.possessive > 0 && i+1 < len(toks) && kinWords[toks[i+1].key] && adjacent(s, t, toks[i+1]):
		// "Nkechi's husband", "Dave's daughter"
	case capital && !wordLike(t.key) && between(s, t, ',', ','):
		// "the lady I mentioned, Rukhsana, wants…"
	case capital && !allCaps(t) && between(s, t, '(', ')'):
		// "Big Del (Delroy)", "'Babs' (Barbara)": the name in brackets,
		// and the nickname before it.
		start = kn.nicknameBefore(s, toks, i)
	case capital && !allCaps(t) && !wordLike(t.key) && kn.surnamesBefore(s, toks, i) < i:
		start = toks[kn.surnamesBefore(s, toks, i)].start // "Okoro Sam", "Chan Siu Ming"
	case lower && common && !wordLike(t.key) && utf8.RuneCountInString(t.key) >= 3 &&
		(i == 0 || !placePrepositions[toks[i-1].key]):
	default:
		return
	}
	f.add(start, t.end-t.possessive)
}

// thingAfter reports whether one of the two words from j, close after
// the name, names a kind of thing ("… Hospice", "… VII Hospital").
func thingAfter(s string, toks []nameToken, j int) bool {
	for k := j; k < len(toks) && k < j+2 && adjacent(s, toks[k-1], toks[k]); k++ {
		u := toks[k]
		if thingWord(u.key) && !functionWord[u.key] && !allCaps(u) {
			return true
		}
		if !isCapitalised(u) {
			return false
		}
	}
	return false
}

// thingWord reports whether a word (or its singular) names a kind of
// thing, place or organisation: "Hospices", "Centre", "Road".
func thingWord(key string) bool {
	return notSurnames[key] || notSurnames[strings.TrimSuffix(key, "s")]
}

// surnameFirst reports whether a word before a given name could be a
// surname written first: capitalised, not an everyday word, not itself a
// given name, not a word that starts a sentence ("Thanks Sam").
func (kn *names) surnameFirst(t nameToken) bool {
	return isCapitalised(t) && !allCaps(t) && !notSurnames[t.key] && !english.Is(t.key) && !kn.isGiven(t) &&
		!initialism(t.text) && utf8.RuneCountInString(t.key) >= 2
}

// surnamesBefore is where a surname written first starts before the
// given name at i ("Okoro Sam", "Chan Siu Ming"): up to two words, which
// start the sentence or follow a word such as "and"; i when there is none.
// After "in" or "near" they are a place ("in Kirkby Stephen").
func (kn *names) surnamesBefore(s string, toks []nameToken, i int) int {
	k := i
	for k > max(0, i-2) && adjacent(s, toks[k-1], toks[k]) && kn.surnameFirst(toks[k-1]) {
		k--
	}
	if k == i {
		return i
	}
	if k > 0 && adjacent(s, toks[k-1], toks[k]) && (!functionWord[toks[k-1].key] || placeOnly[toks[k-1].key]) {
		return i
	}
	if k > 0 && placeOnly[toks[k-1].key] {
		return i
	}
	return k
}

// isInitial reports whether a word is a single capital letter.
func isInitial(t nameToken) bool {
	r, n := utf8.DecodeRuneInString(t.text)
	return n == len(t.text) && unicode.IsUpper(r)
}

// nearInitial reports whether only a space or a full stop and a space
// stand between an initial and the next word.
func nearInitial(s string, a, b nameToken) bool {
	gap := s[a.end:b.start]
	return gap == " " || gap == ". " || gap == "."
}

// between reports whether a word stands alone between two marks: ", X,"
// or "(X)".
func between(s string, t nameToken, open, close byte) bool {
	before := strings.TrimRight(s[:t.start], " '")
	after := strings.TrimLeft(s[t.end:], " '")
	return before != "" && after != "" && before[len(before)-1] == open && after[0] == close
}

// nicknameBefore is where a name in brackets starts, taking in the
// nickname before it ("Big Del (Delroy)", "'Babs' (Barbara)"): one or two
// capitalised words, or a quoted word.
func (kn *names) nicknameBefore(s string, toks []nameToken, i int) int {
	start := toks[i].start
	open := strings.LastIndexByte(s[:start], '(')
	if open < 0 || i == 0 {
		return start
	}
	gap := strings.TrimSpace(s[toks[i-1].end:open])
	if gap != "" && gap != "'" {
		return start
	}
	from := -1
	for k := i - 1; k >= max(0, i-2); k-- {
		u := toks[k]
		if !isCapitalised(u) || allCaps(u) || notSurnames[u.key] || functionWord[u.key] {
			break
		}
		if k < i-1 && !adjacent(s, u, toks[k+1]) {
			break
		}
		from = u.start
	}
	if from < 0 {
		return start
	}
	if from > 0 && s[from-1] == '\'' {
		from--
	}
	return from
}

// nickname reads a name in brackets straight after a name ("Tomasz
// Lewandowski (Tomek)"), returning where it ends.
func nickname(s string, toks []nameToken, j int) (int, bool) {
	if j >= len(toks) || !between(s, toks[j], '(', ')') || !isCapitalised(toks[j]) || allCaps(toks[j]) || notSurnames[toks[j].key] {
		return 0, false
	}
	if strings.TrimSpace(s[toks[j-1].end:toks[j].start]) != "(" {
		return 0, false
	}
	return toks[j].end - toks[j].possessive, true
}

// recordName reads a name as records write it, surname in capitals and a
// comma: "KOWALCZYK, Bartosz", "O'BRIEN, PATRICK JOSEPH". It returns the
// end of the name.
func (kn *names) recordName(s string, toks []nameToken, i int) (int, bool) {
	t := toks[i]
	caps := allCaps(t) && utf8.RuneCountInString(t.key) >= 3
	// "Jones, David" as well as "JONES, David": a surname that is no
	// everyday word, no given name and no place.
	plain := !caps && isCapitalised(t) && !initialism(t.text) && !kn.isGiven(t) && !kn.isPlace(toks[i:i+1], 1, nil)
	if !caps && !plain || english.Is(t.key) || notSurnames[t.key] || i+1 >= len(toks) {
		return 0, false
	}
	if strings.TrimSpace(s[t.end:toks[i+1].start]) != "," {
		return 0, false
	}
	j := i + 1
	for j < len(toks) && j-i <= 3 && (j == i+1 || adjacent(s, toks[j-1], toks[j])) && isCapitalised(toks[j]) &&
		!notSurnames[toks[j].key] && (kn.isGiven(toks[j]) || j > i+1) {
		j++
	}
	return j, j > i+1
}

// nameLabels, before a colon, say that a name follows: "Patient: Smith",
// "pt name: Jones", "Surname: Okafor".
var nameLabels = set(nameWords["name_labels"])

// labelledName reads a name after a label and a colon: up to three
// capitalised words. It returns the end of the name.
func labelledName(s string, toks []nameToken, i int) (int, bool) {
	t := toks[i]
	if i == 0 || !isCapitalised(t) || !nameLabels[toks[i-1].key] || strings.TrimSpace(s[toks[i-1].end:t.start]) != ":" {
		return 0, false
	}
	j := i
	for j < len(toks) && j-i < 3 && (j == i || adjacent(s, toks[j-1], toks[j])) && isCapitalised(toks[j]) &&
		!notSurnames[toks[j].key] && !functionWord[toks[j].key] {
		j++
	}
	return j, j > i
}

// nameMarkers are words found only inside names: "Harjinder Kaur Sandhu",
// "Rokeya Begum", "Ranjit Singh".
var nameMarkers = set(nameWords["name_markers"])

// markedName reads the name round a marker word: up to two capitalised
// words before it and one after. It returns the name's end and start.
func (kn *names) markedName(s string, toks []nameToken, i int) (end, from int, ok bool) {
	t := toks[i]
	if !nameMarkers[t.key] || !isCapitalised(t) {
		return 0, 0, false
	}
	from = i
	for k := i - 1; k >= max(0, i-2) && adjacent(s, toks[k], toks[k+1]) && isCapitalised(toks[k]) &&
		!notSurnames[toks[k].key] && !functionWord[toks[k].key]; k-- {
		from = k
	}
	end = i + 1
	if t.possessive == 0 && end < len(toks) && adjacent(s, t, toks[end]) && surnameLike(toks[end], false) {
		end++
	}
	return end, from, from < i || end > i+1
}

// surnameLike reports whether a word could be a surname after a given
// name: capitalised (or in capitals, when the given name is), not an
// everyday word, not an initialism.
func surnameLike(u nameToken, caps bool) bool {
	if notSurnames[u.key] || utf8.RuneCountInString(u.key) < 2 {
		return false
	}
	if allCaps(u) {
		return caps && utf8.RuneCountInString(u.key) > 2 && !english.Is(u.key)
	}
	return isCapitalised(u) && !initialism(u.text)
}

// initialism reports whether a word is capitals with a plural or other
// ending ("PCNs", "GPs"), not a name ("McDonald", "O'Brien", "DeSouza").
func initialism(w string) bool {
	upper := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper < 2 || strings.ContainsAny(w, "'-") {
		return false
	}
	for _, p := range []string{"Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von", "Fitz"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) && unicode.IsUpper(rune(w[len(p)])) {
			return false
		}
	}
	return true
}

func (kn *names) isGiven(t nameToken) bool {
	_, ok := kn.givenName(t.key)
	return ok
}

// givenName looks a name up, and a double name by its parts too
// ("Kerry-Ann", "Mary-Jane"): it is common if its first part is.
func (kn *names) givenName(key string) (common, ok bool) {
	if common, ok := kn.given[key]; ok {
		return common, true
	}
	first, rest, double := strings.Cut(key, "-")
	if !double {
		return false, false
	}
	c1, ok1 := kn.given[first]
	_, ok2 := kn.given[rest]
	return c1, ok1 && ok2
}

// isPlace reports whether words name a place ("Milton Keynes", "Barry"),
// whole or their first few: no fewer than least of them ("Winston Clarke"
// is a person though Winston is a village).
func (kn *names) isPlace(toks []nameToken, least int, known func(string) bool) bool {
	words := make([]string, len(toks))
	bare := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.text
		bare[i] = t.text[:len(t.text)-t.possessive]
	}
	for n := len(words); n >= min(least, len(words)); n-- {
		// "King's Lynn" is a place, and so is "Barry" in "Barry's".
		for _, w := range [][]string{words, bare} {
			name := strings.Join(w[:n], " ")
			if len(kn.places.Lookup(place.KeyOf(name))) > 0 || known != nil && known(name) {
				return true
			}
		}
	}
	return false
}

// thingBefore reports whether the word before a name makes it the name of
// a thing: "the Silver Line", "St John Ambulance".
func thingBefore(toks []nameToken, i int) bool {
	if i == 0 {
		return false
	}
	switch toks[i-1].key {
	case "the", "st", "saint":
		return true
	}
	return false
}

// functionWord lists the words that may follow a name in a sentence; the
// rest of notSurnames after a name make it the name of a thing.
var functionWord = set(nameWords["function_words"])

// everyday are lower-case words that follow a lower-case given name in a
// sentence ("sandra wants", "dave from the walk"): not surnames.
var everyday = set(nameWords["everyday"])
