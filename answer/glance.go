package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/reading"
)

// glance is what a message says on its own, for judging whether it
// follows on: its place, the kinds of service and filters it names, its
// telling words and the words that point back.
type glance struct {
	place      string // the first place named, as written
	cats       []string
	filters    []string
	telling    []string // content words that are not filters, places, people or follow-up words
	aboutShown bool     // every telling word asks about a service itself: when, cost, how to refer
	when       bool     // it asks when or where: "when's the walk-in?"
	one        bool     // it says "the … one"
	access     bool     // it asks how to get to a service: refer, self-refer, walk in
	pronoun    bool     // "them", "it", "their"…
	ordinal    int      // "the second one": 1; -1 for none
	marker     bool     // opens as a follow-up: "and…", "what about…", "same but…"
	same       bool     // asks for the last need again: "same for a chap in Penzance"
	fresh      bool     // says it is a new question: "unrelated", "diff q"
	kindAsked  bool     // the last of several sentences only names a kind: "…benefits stopped. money advice?"
	namesKind  bool     // names a kind of service, not social prescribing itself
	seeks      bool     // asks for services: "is there anything for her?", "somewhere she could learn"
	bare       bool     // a clause only follows on: "what about Redruth?", "anything there?"
	days       []int    // days asked about: "any on a saturday?" (Monday = 0)
	// daysOnly: a sentence asks when and names no kind of service ("she
	// works 9-5 so anything in the evening?"): the kinds elsewhere tell
	// the story.
	daysOnly bool
	ones     bool // "one" or "ones" anywhere: "he'd need an evening one"
	age      int  // the age it gives someone: "his mum's 48"
	tells    bool // it asks nothing: "he was a joiner, likes making stuff"
	strange  bool // mostly words the knowledge never uses
	askThem  bool // asks about "they" or "it": "do they do home visits?"
	plural   bool // asks of several: "are any of those free?", "which ones…"
	define   bool // asks what something is: "what is a health walk?"
	action   bool // asks Signpost to act: "can you book him in?"
	there    bool // points back to a place: "there", "round there"
	chatOnly bool
	empty    bool // no words at all
}

// kinds are the kinds of service a message asks for beyond narrowing
// what came before: "is it free for carers?" narrows, and so does "anything
// for young carers?" after carers' services; "and anything for her as a
// carer?" after housing asks for a new kind.
func (g glance) kinds(prev *Context) []string {
	return slices.DeleteFunc(slices.Clone(g.cats), func(c string) bool {
		return slices.Contains(g.filters, c) && (!g.marker || slices.Contains(prev.Categories, c))
	})
}

// peopleWords name who a service is for, not what it is: "can patients
// self refer?", "is it ok for his wife?".
var peopleWords = set(reading.List("people_words")...)

// askerWords say who is asking, not what about: "can I refer her as an
// SLT?" asks how to refer to what was shown.
var askerWords = set(reading.List("asker_words")...)

// shownWords ask about a service already shown: how to reach it, when it
// meets, what it costs.
var shownWords = set(reading.List("shown_words")...)

// freshWords say a message is a new question, not a follow-up.
var freshWords = reading.Phrases(reading.List("fresh_words")...)

// sameWords say a message asks for the last need again.
var sameWords = reading.Phrases(reading.List("same_words")...)

// staffPhrases are work talk whose words a question about a service
// shares ("on call": the rota, not ringing them).
var staffPhrases = reading.Phrases(reading.List("staff_phrases")...)

// whenWords open a question about when or where something is.
var whenWords = set(reading.List("when_words")...)

// followWords carry no topic in a follow-up: "and in Hastings", "same but
// for carers", "any there too?".
var followWords = set(reading.List("follow_words")...)

var pronouns = set(reading.List("pronouns")...)

var ordinals = map[string]int{"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}

// carryOn words carry a conversation on wherever they stand: "she wants to
// learn english too".
var carryOn = set(reading.List("carry_on")...)

// nearbyWords point at the place already talked about, like "there".
var nearbyWords = set(reading.List("nearby_words")...)

// pluralWords ask of several services, not the one shown.
var pluralWords = set(reading.List("plural_words")...)

var auxiliaries = set(reading.List("auxiliaries")...)

// asksToAct reports whether a clause asks Signpost to do something it
// cannot: "book him in", "can you email them…", "could you cover my
// clinic?"; not "can you tell me…".
func asksToAct(c []string) bool {
	if len(c) > 0 && (c[0] == "pls" || c[0] == "please") {
		c = c[1:]
	}
	if len(c) > 2 && politeAsks[c[0]] && (c[1] == "you" || c[1] == "u") {
		c = c[2:]
		if len(c) > 1 && (c[0] == "please" || c[0] == "pls") {
			c = c[1:]
		}
		return !askVerbs[c[0]]
	}
	return len(c) > 1 && actionVerbs[c[0]]
}

// actionVerbs are what Signpost cannot do, said as a request: "book him
// in", "send me the form".
var actionVerbs = set(reading.List("action_verbs")...)

// timeWords follow "this" or "that" when they point at a time.
var timeWords = set(reading.List("time_words")...)

// joinWords ask whether someone can go to a service.
var joinWords = set(reading.List("join_words")...)

// politeAsks open a request: "can you…", "could you…".
var politeAsks = set(reading.List("polite_asks")...)

// askVerbs after "can you" ask Signpost for what it does: find and tell.
var askVerbs = set(reading.List("ask_verbs")...)

func rawWords(ws []index.Word) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Raw
	}
	return strings.Join(out, " ")
}

// lowerWords is the message's words in lower case, redaction placeholders
// included (a follow-up's glance reads them too).
func (m readText) lowerWords() []string {
	if strings.Contains(m.text, "[") {
		return reading.LowerWords(m.text)
	}
	words := make([]string, len(m.toks))
	for i, t := range m.toks {
		words[i] = t.lower
	}
	return words
}

// part is a clause of a message, a run of lower-case words between its
// punctuation (where a follow-up may open after a story), with the
// sentence it is in and whether a question mark ends it.
type part struct {
	words    []string
	sentence int
	asks     bool
}

// parts splits a message into clauses at , ; : . ! ? ( ) and dashes (not
// a hyphen inside a word), numbering sentences: a full stop, question or
// exclamation mark, semicolon or dash ends one; a comma does not ("any on
// a saturday, or a sunday?" is one question).
func parts(text string) []part {
	var out []part
	sentence, start := 0, 0
	flush := func(end int, sep rune) {
		if w := reading.LowerWords(text[start:end]); len(w) > 0 {
			out = append(out, part{words: w, sentence: sentence, asks: sep == '?'})
		}
		if strings.ContainsRune(".!?;-–—", sep) {
			sentence++
		}
	}
	for i, r := range text {
		if strings.ContainsRune(",;:.!?-–—()", r) {
			if r == '-' && inWord(text, i) {
				continue // a hyphen inside a word ("co-production"; "9-5" is a span)
			}
			flush(i, r)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(text), 0)
	return out
}

// inWord reports whether the hyphen at text[i] joins two letters
// ("co-production", "café-bar"), not numbers or clauses ("9-5", "pt - any").
func inWord(text string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+1:])
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}

// askingPart is the clause that asks: the last a question mark ends, else
// the last.
func askingPart(ps []part) []string {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].asks {
			return ps[i].words
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps[len(ps)-1].words
}

// followMarkers open a follow-up.
var followMarkers = [][]string{{"and"}, {"what", "about"}, {"how", "about"}, {"same"}, {"also"}, {"any"}, {"anything"}, {"what", "else"}, {"or"}}

func (a *Answerer) glance(m readText) glance {
	g := glance{ordinal: -1, empty: m.empty, chatOnly: m.chat, age: m.age}
	if m.empty || m.chat {
		return g
	}
	text, an := m.text, m.an
	g.place = m.q.place
	in := glanceInput{an: an, words: m.lowerWords(), ps: parts(text)}
	in.inFilter = g.readFilters(an)
	var access []index.Match
	for _, f := range an.Filters {
		if f.Key == knowledge.FilterSelfReferral && !slices.ContainsFunc(an.Words[f.Start:f.End], func(w index.Word) bool { return pronouns[w.Raw] }) {
			access = append(access, f)
		}
	}
	// How people get in names no kind of service: "the walk-in" is not a
	// walk. (Carers and children are both a filter and a kind.)
	g.cats = categoryKeys(a.ix.Without(an, access...).Categories)
	g.readTelling(in)
	g.readPointing(in.words)
	// What each word is, to tell a clause that only follows on ("what
	// about Redruth?") from one that asks something of its own.
	in.telling, in.kindWord = map[string]bool{}, map[string]bool{}
	for i, w := range an.Words {
		if w.Light != "" && !w.Weak && !in.inFilter[i] && !followWords[w.Raw] && !peopleWords[w.Raw] && !askerWords[w.Raw] {
			in.telling[w.Raw] = true
		}
	}
	for _, c := range an.Categories {
		for _, w := range an.Words[c.Start:c.End] {
			in.kindWord[w.Raw] = true
		}
	}
	// It asks nothing: no question mark, and no sentence opens like a
	// question.
	g.tells = !strings.Contains(text, "?")
	for i, p := range in.ps {
		if (i == 0 || in.ps[i-1].sentence != p.sentence) && reading.OpensQuestion(p.words[0]) {
			g.tells = false
		}
	}
	in.cs = make([][]string, len(in.ps))
	for i, p := range in.ps {
		in.cs[i] = p.words
	}
	if len(in.ps) > 1 && !reading.SaysAge(text) && slices.Contains(g.filters, knowledge.FilterChildren) {
		// "she's isolated since her kids moved away, any groups for
		// women?": children only in the story are the household.
		asking := askingPart(in.ps)
		inAsking := slices.ContainsFunc(an.Filters, func(m index.Match) bool {
			return m.Key == knowledge.FilterChildren && slices.ContainsFunc(an.Words[m.Start:m.End], func(w index.Word) bool { return slices.Contains(asking, w.Raw) })
		})
		if !inAsking {
			g.filters = slices.DeleteFunc(g.filters, func(f string) bool { return f == knowledge.FilterChildren })
		}
	}
	g.readClauses(in)
	g.readAsksThem(in.words)
	g.days = lastDaysAsked(in.ps)
	if len(g.days) > 0 {
		g.strange = false // "is it in the daytime? he won't drive in the dark"
	}
	// "same question for a chap in St Leonards", "a similar family in
	// Hollington": the last need, somewhere else.
	g.same = sameWords.In(in.words)
	// A kind of service named in its own words: "social prescribing" in
	// "where can I get training in social prescribing?" names the practice.
	for _, m := range an.Categories {
		if m.Key != "link-worker" || !umbrella(rawWords(an.Words[m.Start:m.End])) {
			g.namesKind = true
		}
	}
	g.seeks = a.seeking.In(in.words)
	g.plural = slices.ContainsFunc(in.words, func(w string) bool { return pluralWords[w] }) || slices.Contains(in.words, "there")
	g.define = g.readDefine(in)
	// "unrelated – can paramedics issue fit notes?": the person says it
	// stands on its own.
	g.fresh = freshWords.In(in.words)
	return g
}

// glanceInput is a message as glance reads it.
type glanceInput struct {
	an       index.Analysis
	words    []string        // the message's words, lower case
	inFilter []bool          // which of an.Words are in a filter phrase
	telling  map[string]bool // raw words that say something of their own
	kindWord map[string]bool // raw words that name a kind of service
	ps       []part          // its clauses
	cs       [][]string      // each clause's words
}

// readFilters notes the filters a message names, and returns which of
// its words are in one.
func (g *glance) readFilters(an index.Analysis) []bool {
	inFilter := make([]bool, len(an.Words))
	for _, m := range an.Filters {
		// "refer to them" is not "refer themselves": a filter phrase with
		// a pointing word in it points at what was shown.
		if slices.ContainsFunc(an.Words[m.Start:m.End], func(w index.Word) bool { return pronouns[w.Raw] }) {
			continue
		}
		if !slices.Contains(g.filters, m.Key) {
			g.filters = append(g.filters, m.Key)
		}
		for i := m.Start; i < m.End; i++ {
			inFilter[i] = true
		}
	}
	return inFilter
}

// readTelling notes the message's telling words, whether they ask only
// about a service shown, and whether they are mostly strange.
func (g *glance) readTelling(in glanceInput) {
	an := in.an
	for i, w := range an.Words {
		if w.Light == "" || w.Weak || in.inFilter[i] || followWords[w.Raw] || followWords[w.Light] || peopleWords[w.Raw] || peopleWords[w.Light] || askerWords[w.Raw] {
			continue
		}
		g.telling = append(g.telling, w.Light)
	}
	g.aboutShown = len(g.telling) > 0 && !slices.ContainsFunc(g.telling, func(w string) bool { return !shownWords[w] })
	if g.aboutShown && staffPhrases.In(in.words) {
		g.aboutShown = false // "who's on call this weekend?" asks about the rota, not them
	}
	// Mostly words the knowledge never uses ("my SystmOne has frozen"):
	// not about anything Signpost showed.
	unknown := 0
	for i, w := range an.Words {
		if w.Light != "" && !w.Weak && !in.inFilter[i] && w.DF == 0 && !w.Corrected && !followWords[w.Raw] && !peopleWords[w.Raw] && !askerWords[w.Raw] {
			unknown++
		}
	}
	// (Naming a kind of service is not strange: "she used to love growing veg".)
	g.strange = len(g.telling) >= 3 && 3*unknown >= 2*len(g.telling) && len(g.cats) == 0
	g.access = slices.Contains(g.filters, knowledge.FilterSelfReferral) ||
		slices.ContainsFunc(an.Words, func(w index.Word) bool { return strings.HasPrefix(w.Light, "refer") })
}

// readPointing notes the words that point back: "the … one", "them",
// "the second", "there", and a question of when or where.
func (g *glance) readPointing(words []string) {
	g.ones = slices.Contains(words, "one") || slices.Contains(words, "ones")
	g.one = g.ones && slices.Contains(words, "the")
	if len(words) > 0 {
		g.when = whenWords[words[0]] || len(words) > 1 && words[0] == "what" && (words[1] == "time" || words[1] == "day" || words[1] == "days")
	}
	for i, w := range words {
		// "this weekend", "that morning" point at a time, not at anything
		// shown.
		if pronouns[w] && !(i+1 < len(words) && (timeWords[words[i+1]] || reading.DayIndex(words[i+1]) >= 0)) {
			g.pronoun = true
		}
		if o, ok := ordinals[w]; ok && g.ordinal < 0 {
			g.ordinal = o
		}
		if w == "there" && !(i > 0 && copulas[words[i-1]]) {
			g.there = true
		}
	}
	for i, w := range words {
		switch {
		case carryOn[w] && i > 0, w == "well" && i > 0 && words[i-1] == "as":
			g.marker = true
		case nearbyWords[w], i > 0 && (w == "me" || w == "here") && (words[i-1] == "near" || words[i-1] == "round" || words[i-1] == "around"):
			g.there = true // "near me": where the conversation is
		}
	}
}

// readClauses reads each clause: whether one opens as a follow-up, only
// follows on, asks Signpost to act, asks only about what was shown, asks
// when without a kind, or (the last) only names a kind.
//
// A follow-up may open after a story ("she'd rather sing tbh - any
// choirs?") or carry on anywhere ("she wants to learn english too"); it
// may ask Signpost to act in any clause ("thanks, could you email them
// the referral?").
func (g *glance) readClauses(in glanceInput) {
	cs := in.cs
	if n := len(cs); n > 1 {
		// "no income at all, benefits stopped. money advice?": a last
		// sentence that only names a kind of service asks for it.
		last := cs[n-1]
		g.kindAsked = slices.ContainsFunc(last, func(w string) bool { return in.kindWord[w] }) &&
			!slices.ContainsFunc(last, func(w string) bool { return in.telling[w] && !in.kindWord[w] })
	}
	// "how long's the wait usually? her supplier's threatening…": one
	// sentence asks only about the service shown.
	isTelling := set(g.tellingRaw(in)...)
	shownClause := func(c []string) bool {
		n := 0
		for _, w := range c {
			switch {
			case shownWords[w] || shownWords[strings.TrimSuffix(w, "'s")]:
				n++
			case isTelling[w]:
				return false
			}
		}
		return n > 0
	}
	if len(cs) > 1 && slices.ContainsFunc(cs, shownClause) {
		g.aboutShown = true
	}
	for _, c := range cs {
		if !g.daysOnly && len(reading.DaysAsked(c)) > 0 {
			g.daysOnly = !slices.ContainsFunc(c, func(w string) bool { return in.kindWord[w] })
		}
		// "her husband wants to go in with her - can he?"
		if len(c) == 2 && politeAsks[c[0]] && (peopleWords[c[1]] || c[1] == "they") {
			g.askThem = true
		}
		for len(c) > 1 && reading.IsOpener(c[0]) {
			c = c[1:] // "ok and are there…"
		}
		opens := false
		for _, m := range followMarkers {
			if len(c) >= len(m) && slices.Equal(c[:len(m)], m) {
				opens = true
			}
		}
		g.marker = g.marker || opens
		// "what about Redruth? I do visits there too": the story beside
		// it does not make it a new question; "any tips for a good
		// pasty in st ives" asks its own.
		g.bare = g.bare || opens && !slices.ContainsFunc(c, func(w string) bool { return in.telling[w] })
		g.action = g.action || asksToAct(c)
	}
}

// tellingRaw are the raw words behind the telling words.
func (g *glance) tellingRaw(in glanceInput) []string {
	var out []string
	for i, w := range in.an.Words {
		if w.Light == "" || w.Weak || in.inFilter[i] || followWords[w.Raw] || followWords[w.Light] || peopleWords[w.Raw] || peopleWords[w.Light] || askerWords[w.Raw] {
			continue
		}
		out = append(out, w.Raw)
	}
	return out
}

// readAsksThem notes a question about what someone can do at the service
// shown: "do they do home visits?", "would he have to read music?", "can
// she still go?".
func (g *glance) readAsksThem(words []string) {
	if len(words) > 1 && auxiliaries[words[0]] && (words[1] == "they" || words[1] == "it" || words[1] == "theyre") {
		g.askThem = true // "do they do home visits?"
	}
	for i := 0; i+3 < len(words); i++ {
		if auxiliaries[words[i]] || politeAsks[words[i]] {
			if (peopleWords[words[i+1]] || words[i+1] == "they") && (words[i+2] == "have" || words[i+2] == "need" || words[i+2] == "needs") {
				g.askThem = true
			}
		}
	}
	for i := 0; i+2 < len(words); i++ {
		if politeAsks[words[i]] && peopleWords[words[i+1]] {
			for _, w := range words[i+2 : min(i+4, len(words))] {
				if joinWords[w] {
					g.askThem = true
				}
			}
		}
	}
}

// lastDaysAsked are the days the last clause that names any asks for:
// "he's on a zero hours contract weekdays - anything outdoorsy at the
// weekend?" asks for weekends, "any on a saturday, or a sunday?" for both.
func lastDaysAsked(ps []part) []int {
	var days []int
	for i := len(ps) - 1; i >= 0; i-- {
		if len(reading.DaysAsked(ps[i].words)) == 0 {
			continue
		}
		// With the clauses before it that it carries on ("or a
		// sunday?"), not a story before a comma ("she works weekdays,
		// anything on a saturday?").
		j := i
		for j > 0 && ps[j-1].sentence == ps[i].sentence && (ps[j].words[0] == "or" || ps[j].words[0] == "and") {
			j--
		}
		for _, p := range ps[j : i+1] {
			for _, d := range reading.DaysAsked(p.words) {
				if !slices.Contains(days, d) {
					days = append(days, d)
				}
			}
		}
		break
	}
	return days
}

// readDefine reports whether a clause asks what something is. A term the
// message names is what "what is that?" means there: "he asked about a
// carer's assessment, what is that exactly?", "what's blue social
// prescribing? it was on the flyer".
func (g *glance) readDefine(in glanceInput) bool {
	named := len(in.an.Concepts) > 0
	return slices.ContainsFunc(in.cs, func(c []string) bool {
		// ("what is the link worker there like, can they refer?" asks
		// about one near, not what a link worker is.)
		pointsOut := slices.ContainsFunc(c, func(w string) bool { return w == "there" || w == "here" || pronouns[w] })
		return reading.AsksWhatIs(c) && (!g.pronoun || named) || named && (reading.OpensWhatIs(c) && !pointsOut || reading.AsksWhatThatIs(c))
	})
}
