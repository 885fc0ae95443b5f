package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/privacy"
)

// Context is what a conversation remembers between messages: only what
// the next reply may need. It never holds the message as written, and
// holds nothing the privacy guard removed: the topic is the question's
// content words after redaction, the place is cut to a postcode district.
type Context struct {
	Categories []string // service categories last asked for
	Filters    []string // what they were narrowed to
	Place      string   // the place last asked about, as written
	Topic      []string // the last question's telling words
	Subject    string   // the glossary term the conversation is about ("link worker")
	// Practice is set while the conversation is about social prescribing
	// itself: what "it" means when nothing narrower was named.
	Practice bool
	// Kinds are the kinds of service the subject means ("green social
	// prescribing": gardening, walks…), for "anything like that round
	// Hastings?".
	Kinds    []string
	Shown    []string // ids of the services last shown, best first
	Services bool     // Shown are services
	// Focus is the one of them the person last picked out ("the money
	// advice one"): what "their number" means next.
	Focus string
	// Seen are the services shown in the conversation, latest first (at
	// most maxSeen), for "the Penzance one" or a service named again.
	Seen []string
}

// maxSeen is how many services a conversation remembers having shown.
const maxSeen = 20

func (c *Context) empty() bool {
	return c == nil || len(c.Categories) == 0 && c.Place == "" && len(c.Topic) == 0 && c.Subject == "" && !c.Practice && len(c.Shown) == 0
}

// Followed says what a reply took from the conversation, so that a person
// can see how Signpost read a follow-up, and a wrong reading shows.
type Followed struct {
	// How is the kind of follow-up: FollowPlace, FollowTopic,
	// FollowFilter, FollowReference or FollowSubject.
	How string `json:"how,omitempty"`
	// AsRead is the question as Signpost read it with the conversation
	// ("befriending in Hastings").
	AsRead  string   `json:"as_read,omitempty"`
	Topic   string   `json:"topic,omitempty"`
	Place   string   `json:"place,omitempty"`
	Filters []string `json:"filters,omitempty"`
	Entry   string   `json:"entry,omitempty"` // the entry "them" or "it" meant

	pointed bool // the message pointed at the subject ("it", "their")
}

// The kinds of follow-up.
const (
	FollowPlace     = "place"     // "and in Hastings?": the last topic, a new place
	FollowTopic     = "topic"     // "what about debt?": a new topic, the last place
	FollowFilter    = "filter"    // "is it free?": the last request, narrowed
	FollowReference = "reference" // "how do I refer to them?": what was shown
	FollowSubject   = "subject"   // "is there evidence it works?": the last subject
)

// Continue answers a message in a conversation: on its own when it stands
// on its own, and read with what came before (prev, nil for none) when it
// is a follow-up. It returns the reply and what the conversation
// remembers next; a "start again" forgets.
func (a *Answerer) Continue(ctx context.Context, prev *Context, c Command) (*Reply, *Context, error) {
	if c.Name == "reset" {
		return &Reply{Kind: ReplyReset}, nil, nil
	}
	if c.Name != "ask" || prev.empty() {
		r, err := a.Do(ctx, c)
		if err != nil {
			return nil, prev, err
		}
		return r, a.remember(ctx, prev, r), nil
	}
	r, err := a.follow(ctx, prev, c.Arg)
	if err != nil {
		return nil, prev, err
	}
	return r, a.remember(ctx, prev, r), nil
}

// remember is what the conversation holds after r (see the function
// remember), and, when r defines a glossary term, the kinds of service
// the term means.
func (a *Answerer) remember(ctx context.Context, prev *Context, r *Reply) *Context {
	next := remember(prev, r)
	if next == nil || next == prev || !r.Answered || r.Kind != ReplyAnswer || len(r.Results) == 0 || r.Results[0].Term == nil {
		return next
	}
	next.Kinds = a.kindsOf(ctx, r.Results[0].Term)
	return next
}

// maxKinds is how many kinds of service a term is taken to mean: its
// definition names its core kind first, and a search for several ranks
// a side mention ("food growing": cookery) as high as the core.
const maxKinds = 1

// kindsOf is the kinds of service a glossary term means: itself when it
// names one (link worker), else those its definition names.
func (a *Answerer) kindsOf(ctx context.Context, t *knowledge.Term) []string {
	if knowledge.IsCategory(t.ID) {
		return []string{t.ID}
	}
	// Terms, like services, do not change in an Answerer's life (WithFAQ
	// changes FAQs only), so what one means is worked out once.
	key := "term:" + t.ID
	if k, ok := a.nameCache.Load(key); ok {
		return k.([]string)
	}
	kinds := a.termKinds(ctx, t)
	a.nameCache.Store(key, kinds)
	return kinds
}

func (a *Answerer) termKinds(ctx context.Context, t *knowledge.Term) []string {
	// The term's own name first ("men's shed" is peer support), then
	// what its definition names.
	if an, err := a.ix.Analyse(ctx, lowerWords(t.Term)); err == nil {
		if kinds := categoryKeys(an.Categories); len(kinds) > 0 && !slices.Contains(kinds, "link-worker") {
			return kinds[:min(len(kinds), maxKinds)]
		}
	}
	an, err := a.ix.Analyse(ctx, lowerWords(t.Definition))
	if err != nil {
		return nil
	}
	// "Social prescribing to …" names the practice, not a kind of service.
	kinds := slices.DeleteFunc(categoryKeys(an.Categories), func(c string) bool { return c == "link-worker" })
	return kinds[:min(len(kinds), maxKinds)]
}

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
	fresh      bool     // says it is a new question: "unrelated", "diff q"
	kindAsked  bool     // the last of several sentences only names a kind: "…benefits stopped. money advice?"
	namesKind  bool     // names a kind of service, not social prescribing itself
	seeks      bool     // asks for services: "is there anything for her?", "somewhere she could learn"
	bare       bool     // a clause only follows on: "what about Redruth?", "anything there?"
	days       []int    // days asked about: "any on a saturday?" (Monday = 0)
	strange    bool     // mostly words the knowledge never uses
	askThem    bool     // asks about "they" or "it": "do they do home visits?"
	plural     bool     // asks of several: "are any of those free?", "which ones…"
	define     bool     // asks what something is: "what is a health walk?"
	action     bool     // asks Signpost to act: "can you book him in?"
	there      bool     // points back to a place: "there", "round there"
	chatOnly   bool
	empty      bool // no words at all
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
var peopleWords = set("patient", "patients", "pt", "pts", "ppl", "sister", "brother", "aunt", "uncle", "niece",
	"nephew", "nan", "nana", "gran", "granny", "grandma", "grandad", "grandmother", "grandfather", "grandson",
	"granddaughter", "grandchild", "grandchildren", "grandkids", "friend", "friends", "neighbour", "neighbours", "client", "clients", "person", "people", "he", "she", "him", "her",
	"his", "hers", "mum", "mother", "dad", "father", "wife", "husband", "partner", "son", "daughter", "lady",
	"man", "woman", "gentleman", "chap", "guy", "bloke", "someone", "somebody", "family", "they", "we", "i", "me")

// askerWords say who is asking, not what about: "can I refer her as an
// SLT?" asks how to refer to what was shown.
var askerWords = set("ahp", "ahps", "slt", "salt", "ot", "ots", "physio", "physios", "physiotherapist",
	"dietitian", "dietician", "paramedic", "podiatrist", "therapist", "radiographer", "orthoptist",
	"myself", "colleague", "team", "professional", "clinician", "gp", "gps", "doctor", "nurse", "consultant")

// shownWords ask about a service already shown: how to reach it, when it
// meets, what it costs.
var shownWords = set("refer", "referral", "referring", "referred", "contact", "number", "phone", "ring", "call",
	"email", "meet", "meets", "meeting", "day", "days", "time", "times", "when", "open", "opening", "hour", "hours",
	"cost", "costs", "price", "pay", "charge", "address", "where", "location", "located", "book", "booking",
	"website", "web", "site", "run", "runs", "direct", "directly", "start", "starts", "need", "get", "join", "sign", "long", "wait",
	"waiting", "list", "detail", "details", "info", "information", "turn", "drop", "come", "along", "go", "bring",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "morning",
	"afternoon", "evening", "session", "sessions", "happen", "happens", "running")

// freshWords say a message is a new question, not a follow-up.
var freshWords = set("unrelated", "separate", "different question", "different q", "diff q", "random question",
	"random q", "new question", "change of subject", "nvm", "never mind", "another question")

// staffPhrases are work talk whose words a question about a service
// shares ("on call": the rota, not ringing them).
var staffPhrases = set("on call", "on shift", "annual leave", "day off", "rota")

// phrasesIn are the words and the two-word phrases of words.
func phrasesIn(words []string) []string {
	out := slices.Clone(words)
	for i := 0; i+1 < len(words); i++ {
		out = append(out, words[i]+" "+words[i+1])
	}
	return out
}

// whenWords open a question about when or where something is.
var whenWords = set("when", "whens", "when's", "where", "wheres", "where's", "whereabouts")

// followWords carry no topic in a follow-up: "and in Hastings", "same but
// for carers", "any there too?".
var followWords = set("and", "same", "but", "also", "too", "else", "instead", "what", "about", "how", "any",
	"anything", "anyone", "one", "ones", "else", "there", "here", "then", "ok", "okay", "thanks", "please",
	"again", "other", "another", "similar", "like", "that", "this", "those", "these", "them", "it", "its",
	"they", "their", "theirs", "service", "services", "group", "groups", "place", "option", "options", "is",
	"are", "do", "does", "near", "nearer", "closer", "somewhere", "around", "round", "available", "first",
	"second", "third", "last", "more", "still", "ask", "1st", "2nd", "3rd", "fourth", "fifth", "tell", "anywhere", "know", "though", "ok", "okay", "right",
	"problem", "problems", "issue", "issues", "thing", "things", "situation", "usually", "normally",
	"typically", "generally", "roughly", "currently",
	"move", "moves", "moving", "moved", "next", "month", "week", "soon",
	"great", "cool", "cheers", "sure", "just", "maybe", "possibly", "perhaps", "really", "actually",
	// modal verbs, and the compass words that qualify a place ("north Leeds")
	"can", "could", "would", "will", "should", "may", "might", "must", "shall",
	"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "centre", "center",
	// how people say where someone is ("she lives in Heamoor"), and typed shortcuts
	"live", "lives", "living", "lived", "based", "stays", "staying", "home", "wat", "wot", "abt", "bout")

var pronouns = set("them", "they", "their", "theirs", "it", "its", "it's", "this", "that", "these", "those")

var ordinals = map[string]int{"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}

// carryOn words carry a conversation on wherever they stand: "she wants to
// learn english too".
var carryOn = set("too", "either", "also", "aswell", "instead")

// nearbyWords point at the place already talked about, like "there".
var nearbyWords = set("nearby", "locally", "local", "closeby")

// pluralWords ask of several services, not the one shown.
var pluralWords = set("any", "anything", "anywhere", "which", "those", "these", "ones", "they", "them", "all", "some", "others", "other")

var auxiliaries = set("do", "does", "did", "is", "are", "can", "could", "will", "would", "should", "have", "has")

// asksWhatIs reports whether words ask what something is ("what is a
// health walk?", "define MECC"): a question about a term, never about a
// service shown, whatever its name shares with one.
func asksWhatIs(words []string) bool {
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

var openers = set("so", "sorry", "hi", "ok", "okay", "right", "thanks", "cheers", "cool", "great", "oh", "ah", "nvm")

var articles = set("a", "an")

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
var actionVerbs = set("book", "send", "email", "e-mail", "ring", "phone", "call", "text", "remind", "invite",
	"register", "enrol", "enroll", "arrange", "schedule", "forward", "print", "fax", "sign")

// timeWords follow "this" or "that" when they point at a time.
var timeWords = set("weekend", "week", "morning", "afternoon", "evening", "month", "year", "time", "day", "year's", "term")

// joinWords ask whether someone can go to a service.
var joinWords = set("go", "join", "attend", "come", "use", "access", "qualify", "eligible", "apply")

// politeAsks open a request: "can you…", "could you…".
var politeAsks = set("can", "could", "would", "will", "may")

// askVerbs after "can you" ask Signpost for what it does: find and tell.
var askVerbs = set("tell", "find", "show", "give", "explain", "help", "recommend", "suggest", "list", "point",
	"signpost", "say", "check", "search", "look", "advise", "share", "clarify", "confirm", "describe", "define")

func rawWords(ws []index.Word) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Raw
	}
	return strings.Join(out, " ")
}

// clauses splits a message at its punctuation into runs of lower-case
// words: where a follow-up may open after a story.
func clauses(text string) [][]string {
	var out [][]string
	for _, c := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(",;:.!?-–—()", r) }) {
		if w := lowerWords(c); len(w) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// followMarkers open a follow-up.
var followMarkers = [][]string{{"and"}, {"what", "about"}, {"how", "about"}, {"same"}, {"also"}, {"any"}, {"anything"}, {"what", "else"}, {"or"}}

func (a *Answerer) glance(m readText) glance {
	g := glance{ordinal: -1, empty: m.empty, chatOnly: m.chat}
	if m.empty || m.chat {
		return g
	}
	text, q, an := m.text, m.q, m.an
	g.place = q.place
	inFilter := make([]bool, len(an.Words))
	var access []index.Match
	for _, m := range an.Filters {
		// "refer to them" is not "refer themselves": a filter phrase with
		// a pointing word in it points at what was shown.
		if slices.ContainsFunc(an.Words[m.Start:m.End], func(w index.Word) bool { return pronouns[w.Raw] }) {
			continue
		}
		if !slices.Contains(g.filters, m.Key) {
			g.filters = append(g.filters, m.Key)
		}
		if m.Key == knowledge.FilterSelfReferral {
			access = append(access, m)
		}
		for i := m.Start; i < m.End; i++ {
			inFilter[i] = true
		}
	}
	// How people get in names no kind of service: "the walk-in" is not a
	// walk. (Carers and children are both a filter and a kind.)
	g.cats = categoryKeys(a.ix.Without(an, access...).Categories)
	isTelling := map[string]bool{}
	for i, w := range an.Words {
		if w.Light == "" || w.Weak || inFilter[i] || followWords[w.Raw] || followWords[w.Light] || peopleWords[w.Raw] || peopleWords[w.Light] || askerWords[w.Raw] {
			continue
		}
		g.telling = append(g.telling, w.Light)
		isTelling[w.Raw] = true
	}
	g.aboutShown = len(g.telling) > 0 && !slices.ContainsFunc(g.telling, func(w string) bool { return !shownWords[w] })
	if ws := lowerWords(text); g.aboutShown && slices.ContainsFunc(phrasesIn(ws), func(p string) bool { return staffPhrases[p] }) {
		g.aboutShown = false // "who's on call this weekend?" asks about the rota, not them
	}
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
	// Mostly words the knowledge never uses ("my SystmOne has frozen"):
	// not about anything Signpost showed.
	unknown := 0
	for i, w := range an.Words {
		if w.Light != "" && !w.Weak && !inFilter[i] && w.DF == 0 && !w.Corrected && !followWords[w.Raw] && !peopleWords[w.Raw] && !askerWords[w.Raw] {
			unknown++
		}
	}
	g.strange = len(g.telling) >= 3 && 3*unknown >= 2*len(g.telling)
	words := lowerWords(text)
	g.one = slices.Contains(words, "one") && slices.Contains(words, "the")
	g.access = slices.Contains(g.filters, knowledge.FilterSelfReferral) ||
		slices.ContainsFunc(an.Words, func(w index.Word) bool { return strings.HasPrefix(w.Light, "refer") })
	if len(words) > 0 {
		g.when = whenWords[words[0]] || len(words) > 1 && words[0] == "what" && (words[1] == "time" || words[1] == "day" || words[1] == "days")
	}
	for i, w := range words {
		// "this weekend", "that morning" point at a time, not at anything
		// shown.
		if pronouns[w] && !(i+1 < len(words) && (timeWords[words[i+1]] || dayIndex(words[i+1]) >= 0)) {
			g.pronoun = true
		}
		if o, ok := ordinals[w]; ok && g.ordinal < 0 {
			g.ordinal = o
		}
		if w == "there" && !(i > 0 && copulas[words[i-1]]) {
			g.there = true
		}
	}
	// A follow-up may open after a story ("she'd rather sing tbh - any
	// choirs?") or carry on anywhere ("she wants to learn english too");
	// it may ask Signpost to act in any clause ("thanks, could you email
	// them the referral?").
	// What each word is, to tell a clause that only follows on ("what
	// about Redruth?") from one that asks something of its own.
	telling := map[string]bool{}
	for i, w := range an.Words {
		if w.Light != "" && !w.Weak && !inFilter[i] && !followWords[w.Raw] && !peopleWords[w.Raw] && !askerWords[w.Raw] {
			telling[w.Raw] = true
		}
	}
	kindWord := map[string]bool{}
	for _, m := range an.Categories {
		for _, w := range an.Words[m.Start:m.End] {
			kindWord[w.Raw] = true
		}
	}
	cs := clauses(text)
	if n := len(cs); n > 1 {
		// "no income at all, benefits stopped. money advice?": a last
		// sentence that only names a kind of service asks for it.
		last := cs[n-1]
		g.kindAsked = slices.ContainsFunc(last, func(w string) bool { return kindWord[w] }) &&
			!slices.ContainsFunc(last, func(w string) bool { return telling[w] && !kindWord[w] })
	}
	// "how long's the wait usually? her supplier's threatening…": one
	// sentence asks only about the service shown.
	if len(cs) > 1 && slices.ContainsFunc(cs, shownClause) {
		g.aboutShown = true
	}
	for _, c := range cs {
		// "her husband wants to go in with her - can he?"
		if len(c) == 2 && politeAsks[c[0]] && (peopleWords[c[1]] || c[1] == "they") {
			g.askThem = true
		}
		for len(c) > 1 && openers[c[0]] {
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
		g.bare = g.bare || opens && !slices.ContainsFunc(c, func(w string) bool { return telling[w] })
		g.action = g.action || asksToAct(c)
	}
	for i, w := range words {
		switch {
		case carryOn[w] && i > 0, w == "well" && i > 0 && words[i-1] == "as":
			g.marker = true
		case nearbyWords[w], i > 0 && (w == "me" || w == "here") && (words[i-1] == "near" || words[i-1] == "round" || words[i-1] == "around"):
			g.there = true // "near me": where the conversation is
		}
	}
	if len(words) > 1 && auxiliaries[words[0]] && (words[1] == "they" || words[1] == "it" || words[1] == "theyre") {
		g.askThem = true // "do they do home visits?"
	}
	// "would he have to read music?", "does she need to bring anything?"
	for i := 0; i+3 < len(words); i++ {
		if auxiliaries[words[i]] || politeAsks[words[i]] {
			if (peopleWords[words[i+1]] || words[i+1] == "they") && (words[i+2] == "have" || words[i+2] == "need" || words[i+2] == "needs") {
				g.askThem = true
			}
		}
	}
	// "can she still go?", "could he join?": whether someone can go to
	// the service shown.
	for i := 0; i+2 < len(words); i++ {
		if politeAsks[words[i]] && peopleWords[words[i+1]] {
			for _, w := range words[i+2 : min(i+4, len(words))] {
				if joinWords[w] {
					g.askThem = true
				}
			}
		}
	}
	// "is there one for families?" asks whether any exists.
	g.days = daysAsked(words)
	// A kind of service named in its own words: "social prescribing" in
	// "where can I get training in social prescribing?" names the practice.
	for _, m := range an.Categories {
		if m.Key != "link-worker" || !umbrella(rawWords(an.Words[m.Start:m.End])) {
			g.namesKind = true
		}
	}
	g.seeks = hasPhrase(words, a.seeking)
	g.plural = slices.ContainsFunc(words, func(w string) bool { return pluralWords[w] }) || slices.Contains(words, "there")
	// "what are its opening hours?" asks about what was shown.
	g.define = !g.pronoun && slices.ContainsFunc(cs, asksWhatIs)
	// "unrelated – can paramedics issue fit notes?": the person says it
	// stands on its own.
	g.fresh = slices.ContainsFunc(phrasesIn(words), func(p string) bool { return freshWords[p] })
	return g
}

// follow reads a message that may follow on from prev. A message that
// stands on its own is answered on its own: context never turns a clear
// question into a wrong one.
func (a *Answerer) follow(ctx context.Context, prev *Context, message string) (*Reply, error) {
	// The message on its own is worked out only when a rule needs it:
	// most follow-ups are read at a glance, and answering twice would
	// double their cost.
	text, pii := Redact(message)
	m, err := a.readText(ctx, text)
	if err != nil {
		return nil, err
	}
	var alone *Reply
	answerAlone := func() (*Reply, error) {
		if alone == nil {
			var err error
			alone, err = a.answerText(ctx, text, pii, false, 0, &m)
			return alone, err
		}
		return alone, nil
	}
	if a.risk.Detect(text) != nil {
		return answerAlone() // a person at risk: urgent help, nothing inferred
	}
	m.safe = true // answering it alone need not look again
	g := a.glance(m)
	if g.chatOnly || g.empty || g.define || g.fresh || g.strange && g.place == "" {
		// A greeting, "what is a health walk?" or "my SystmOne has
		// frozen": never about what was shown, whatever words they share.
		return answerAlone()
	}
	// What a follow-up's reply says it read: the message as redacted.
	said := &Reply{Question: privacy.Shareable(text), Redacted: pii}
	if g.action {
		// "can you book him in?": Signpost finds things; it cannot act.
		said.Kind = ReplyUnknown
		said.Notice = "I can't book, send or arrange anything myself: I can only find information."
		if prev.Services {
			said.Notice = "I can't book, send or arrange anything myself: the details above say how to get in touch."
		}
		return said, nil
	}
	hasPlace := g.place != ""
	switch {
	case !hasPlace && g.when && (len(g.telling) == 0 || g.aboutShown) && len(g.cats) == 0 && prev.Services && len(prev.Shown) > 0:
		// "when's the walk-in?", not "when is the NASP conference?"
		return a.reference(ctx, said, prev, g)
	case !hasPlace && g.ordinal >= 0 && g.one && len(g.cats) == 0 && prev.Services && len(prev.Shown) > 0:
		// "the second one"
		return a.reference(ctx, said, prev, g)
	case (g.one || !hasPlace && (g.pronoun || g.aboutShown || a.namesSeen(prev, g))) && a.named(prev, g) != "":
		// "how do I refer her to Steady Steps?", "the Penzance one - can
		// her husband come too?"
		return a.reference(ctx, said, prev, g)
	case hasPlace && len(g.cats) == 0 && (len(g.telling) == 0 || g.aboutShown || g.bare) && prev.hasRequest() &&
		(len(g.filters) == 0 || len(prev.Categories) > 0 || len(prev.Kinds) > 0):
		// A filter is a request of its own after a subject with no kind
		// of service: "anything for teenagers in Camborne?" after consent.
		// "and in Hastings?", "same but in Ripon for carers?"; services
		// there: "any in Harrogate?" after "what is a link worker?"
		r, err := a.servicesFollowUp(ctx, said, m.q, prev, g.filters, FollowPlace, g.place)
		if err == nil && g.pronoun && len(prev.Shown) > 0 {
			// "does it run in St Ives too?": "it" is the service shown first.
			sameFirst(r, prev.focus())
		}
		return r, err
	case !hasPlace && len(g.days) > 0 && (len(g.kinds(prev)) == 0 || g.bare) && prev.Services && len(prev.Shown) > 0 && (g.marker || g.plural || g.pronoun || g.askThem || g.seeks):
		// (Not "who's on call this weekend?": that asks nothing of them.)
		// "any on a saturday?", "is it on weekends?"
		return a.onDays(ctx, said, prev, g)
	case !hasPlace && len(g.filters) > 0 && len(g.kinds(prev)) == 0 && len(g.telling) == 0 && prev.narrowable():
		// "is it free?", "self-referral?", "can patients self refer?"
		return a.filtered(ctx, said, nil, prev, g)
	case !hasPlace && prev.Services && len(prev.Shown) > 0 && len(g.kinds(prev)) == 0 && len(g.filters) == 0 && len(g.telling) > 0 && !g.aboutShown && !g.strange &&
		a.amongShown(said, prev, m.an) != nil:
		// "any step-free routes?", "do any of them speak Punjabi?"
		return a.amongShown(said, prev, m.an), nil
	case !hasPlace && prev.Services && len(prev.Shown) > 0 && (len(g.cats) == 0 && (g.pronoun || g.aboutShown || g.access && len(g.telling) <= 1) || g.askThem && len(g.telling) <= 2):
		// "how do I refer to them?", "what day is it on?", "the second
		// one: when does it meet?"
		return a.reference(ctx, said, prev, g)
	}
	// Topic and subject follow-ups that say so need the message alone
	// only when their reading finds nothing.
	noFilterOnly := len(g.filters) == 0 || len(g.cats) > 0
	switch {
	case !hasPlace && prev.Place != "" && (len(g.cats) > 0 || g.there) && (g.marker || g.there) && noFilterOnly:
		return a.topicFollowUp(ctx, said, answerAlone, prev, g)
	case !hasPlace && prev.pointedAt() != "" && len(g.cats) == 0 && g.pronoun && len(g.filters) == 0:
		topic := prev.pointedAt()
		return a.asFollowUp(ctx, said, nil, FollowSubject, withSubject(said.Question, topic), false,
			&Followed{Topic: topic, pointed: true})
	}
	alone, err = answerAlone()
	if err != nil {
		return nil, err
	}
	// A services reply with no place, when the conversation has one:
	// "is the befriending one free?" after services in Leeds North.
	placeless := alone.Kind == ReplyServices && alone.Place == ""
	switch {
	case !hasPlace && len(g.filters) > 0 && len(g.kinds(prev)) == 0 && !alone.Answered && prev.narrowable():
		// "is there anything free though? she's on pension credit"
		return a.filtered(ctx, said, answerAlone, prev, g)
	case !hasPlace && prev.Place != "" && (len(g.cats) > 0 || g.there) && (g.marker || g.there || placeless || g.seeks && g.namesKind || g.kindAsked):
		// "what about debt?", "anything for carers there?", "his mum
		// has been his carer: is there anything for her?"
		return a.topicFollowUp(ctx, said, answerAlone, prev, g)
	case !hasPlace && prev.pointedAt() != "" && len(g.cats) == 0 && (g.pronoun || g.marker && !alone.Answered || g.access && len(g.telling) <= 1 ||
		!alone.Answered && len(alone.Results) > 0):
		// Ambiguous alone, but near something: "do i need the pt's
		// consent first?" after how to refer to a link worker.
		// A referral question with no one to refer to ("can patients
		// refer themselves?") is about the subject too.
		// "is there evidence it works?", "who pays for them?"
		topic := prev.pointedAt()
		return a.asFollowUp(ctx, said, answerAlone, FollowSubject, withSubject(said.Question, topic), false,
			&Followed{Topic: topic, pointed: g.pronoun})
	}
	return alone, nil
}

// topicFollowUp asks about a new topic in the last place: "what about
// debt?" → debt advice in Hastings.
func (a *Answerer) topicFollowUp(ctx context.Context, said *Reply, alone func() (*Reply, error), prev *Context, g glance) (*Reply, error) {
	asked, services := strings.TrimRight(said.Question, "?!. ")+" in "+prev.Place, false
	if len(g.cats) > 0 {
		asked, services = (&Context{Categories: g.cats}).request(a, g.filters, prev.Place), true
		// The message's own words rank within the kind it names:
		// "bereavement support" before other wellbeing services; those
		// the kind's name says already are not said twice. (With two
		// kinds, "money worries", they would pull to one.)
		labels := strings.Fields(strings.ToLower(strings.Join(a.vocab.Labels(g.cats), " ")))
		if extra := slices.DeleteFunc(slices.Clone(g.telling), func(w string) bool { return slices.Contains(labels, w) }); len(extra) > 0 && len(g.cats) == 1 {
			asked = strings.Join(extra, " ") + " " + asked
		}
	}
	return a.asFollowUp(ctx, said, alone, FollowTopic, asked, services,
		&Followed{Topic: (&Context{Categories: g.cats, Topic: g.telling}).topicText(a), Place: prev.Place, Filters: g.filters})
}

// servicesFollowUp searches for the last request's kinds of service,
// with more filters, where the message (q) or else the conversation says:
// read from what is already known rather than from a sentence written
// for it, so a follow-up costs no more than the question it stands for.
// A request with no kind of service (a subject) goes the long way.
func (a *Answerer) servicesFollowUp(ctx context.Context, said *Reply, q question, prev *Context, filters []string, how, place string) (*Reply, error) {
	kinds := prev.Categories
	if len(kinds) == 0 {
		kinds = prev.Kinds
	}
	asRead := prev.request(a, filters, place)
	f := &Followed{Topic: prev.topicText(a), Place: place, Filters: union(prev.Filters, filters)}
	if len(kinds) == 0 || q.place == "" && how == FollowPlace {
		return a.asFollowUp(ctx, said, nil, how, asRead, true, f)
	}
	an, err := a.ix.Analyse(ctx, lowerWords((&Context{Categories: kinds}).request(a, f.Filters, "")))
	if err != nil {
		return nil, err
	}
	r := &Reply{Question: said.Question, Redacted: said.Redacted, Place: q.place}
	sr := a.request(an, slices.Clone(kinds), 0)
	switch {
	case len(q.areas) > 0 || len(q.districts) > 0:
		r, err = a.servicesIn(ctx, r, q, sr)
	case len(q.unknown) > 0:
		r, err = a.servicesNear(ctx, r, q, sr)
	default:
		return a.asFollowUp(ctx, said, nil, how, asRead, true, f)
	}
	if err != nil {
		return nil, err
	}
	r.topic = append(r.topic, kinds...)
	f.How, f.AsRead = how, asRead
	r.Followed = f
	return r, nil
}

// sameFirst puts the service id first among the results, when it is
// one of them.
func sameFirst(r *Reply, id string) {
	for i, res := range r.Results {
		if res.ID == id {
			copy(r.Results[1:i+1], r.Results[:i])
			r.Results[0] = res
			return
		}
	}
}

// shownFirst puts the services that were shown first, in the order shown:
// a filter narrows what the person saw ("which ones can she self refer
// to?"), and a new search may rank them differently.
func shownFirst(r *Reply, shown []string) {
	rank := func(id string) int {
		if i := slices.Index(shown, id); i >= 0 {
			return i
		}
		return len(shown)
	}
	slices.SortStableFunc(r.Results, func(x, y Result) int { return rank(x.ID) - rank(y.ID) })
}

// filtered narrows the last request: "is it free?".
func (a *Answerer) filtered(ctx context.Context, said *Reply, alone func() (*Reply, error), prev *Context, g glance) (*Reply, error) {
	if prev.Place != "" {
		// The place as the conversation remembers it, read again.
		// "in" lets a neighbourhood written in lower case read as a place.
		if pq := a.read(tokenize("in " + prev.Place)); pq.place != "" {
			if prev.Services && !g.plural && !a.meets(prev.focus(), g.filters) {
				// "is it free?" of a service that is not: the answer is
				// about it (its card says what it costs), not other
				// services that are.
				return a.notAsAsked(ctx, said, prev, g)
			}
			r, err := a.servicesFollowUp(ctx, said, pq, prev, g.filters, FollowFilter, prev.Place)
			if err == nil && prev.Services {
				shownFirst(r, prev.Shown)
			}
			return r, err
		}
	}
	return a.asFollowUp(ctx, said, alone, FollowFilter, prev.request(a, g.filters, prev.Place), true,
		&Followed{Topic: prev.topicText(a), Place: prev.Place, Filters: union(prev.Filters, g.filters)})
}

// onDays narrows what was shown to the services that meet on the days
// asked ("any on a saturday?"), or, asked of the one in focus ("is it on
// weekends?"), answers with it and says whether it does.
func (a *Answerer) onDays(ctx context.Context, said *Reply, prev *Context, g glance) (*Reply, error) {
	days := dayNames(g.days)
	on := func(id string) bool {
		e, ok := a.ix.Entry(id)
		return ok && e.Service != nil && meetsOn(e.Service.Hours, g.days)
	}
	if !g.plural {
		r, err := a.reference(ctx, said, prev, g)
		if err != nil || r.Followed == nil || len(r.Results) == 0 {
			return r, err
		}
		if !on(r.Results[0].ID) {
			r.Notice = fmt.Sprintf("%s does not list a %s session: its details say when it meets.", r.Results[0].Title, days)
		}
		r.Followed.How = FollowFilter
		return r, nil
	}
	var hits []index.Hit
	for _, id := range prev.Shown {
		if on(id) {
			hits = append(hits, index.Hit{ID: id, DistanceKm: -1})
		}
	}
	r := &Reply{Question: said.Question, Redacted: said.Redacted, Kind: ReplyUnknown, Place: prev.Place, Categories: prev.Categories}
	r.Followed = &Followed{How: FollowFilter, AsRead: strings.TrimSpace(prev.topicText(a) + " on " + days), Topic: prev.topicText(a), Place: prev.Place}
	if len(hits) == 0 {
		r.Notice = fmt.Sprintf("None of those lists a %s session: their details say when they meet.", days)
		return r, nil
	}
	r.Kind, r.Answered, r.Results = ReplyServices, true, a.results(hits)
	return r, nil
}

// minShown is how much of a follow-up a service shown must say in its own
// words to be picked out by them.
const minShown = 0.5

// amongShown picks out the services shown whose own words say what a
// follow-up asks ("any step-free routes?": the walk whose description
// says step-free), in the order shown; nil when none does, or all do
// alike (then the words tell them nothing apart).
func (a *Answerer) amongShown(said *Reply, prev *Context, an index.Analysis) *Reply {
	hits := a.ix.Judge(index.Query{Analysis: an}, prev.Shown)
	var keep []index.Hit
	for _, h := range hits {
		if h.Coverage >= minShown {
			keep = append(keep, index.Hit{ID: h.ID, DistanceKm: -1})
		}
	}
	if len(keep) == 0 || len(keep) == len(hits) && len(hits) > 1 {
		// None says it, or all do: the words tell them nothing apart
		// (one service that says it is the answer).
		return nil
	}
	r := &Reply{Question: said.Question, Redacted: said.Redacted, Kind: ReplyServices, Answered: true, Place: prev.Place,
		Categories: prev.Categories, Results: a.results(keep)}
	r.Followed = &Followed{How: FollowFilter, AsRead: strings.TrimSpace(prev.topicText(a) + ": those that say " + said.Question), Topic: prev.topicText(a), Place: prev.Place}
	return r
}

// meets reports whether the service with this id meets the filters; an
// id the knowledge no longer holds does not.
func (a *Answerer) meets(id string, filters []string) bool {
	e, ok := a.ix.Entry(id)
	return ok && e.Service != nil && index.Meets(e.Service, filters)
}

// notAsAsked answers a filter asked of the service shown ("can she self
// refer?") that it does not meet: the service, saying so.
func (a *Answerer) notAsAsked(ctx context.Context, said *Reply, prev *Context, g glance) (*Reply, error) {
	r, err := a.reference(ctx, said, prev, g)
	if err != nil || r.Followed == nil || len(r.Results) == 0 {
		return r, err
	}
	labels := make([]string, len(g.filters))
	for i, f := range g.filters {
		labels[i] = filterLabels[f]
		if f == knowledge.FilterSelfReferral {
			labels[i] = "open to self-referral"
		}
	}
	r.Notice = fmt.Sprintf("%s is not listed as %s: its details say how to get in.", r.Results[0].Title, strings.Join(labels, " or "))
	r.Followed.How, r.Followed.Filters = FollowFilter, g.filters
	return r, nil
}

// reference answers with the service a follow-up points to: the one it
// counts to ("the second one"), or the first shown.
func (a *Answerer) reference(ctx context.Context, said *Reply, prev *Context, g glance) (*Reply, error) {
	id := ""
	if g.ordinal < 0 {
		id = a.named(prev, g)
	}
	if id == "" && g.ordinal < 0 && prev.Focus != "" {
		id = prev.Focus
	}
	if id == "" && len(prev.Shown) > 0 {
		i := max(g.ordinal, 0)
		if i >= len(prev.Shown) {
			i = 0
		}
		id = prev.Shown[i]
	}
	r, ok := a.Show(id)
	if !ok {
		// The knowledge changed under the conversation: read it afresh.
		return a.Answer(ctx, said.Question)
	}
	r.Question, r.Redacted = said.Question, said.Redacted
	r.Followed = &Followed{How: FollowReference, AsRead: r.Results[0].Title, Entry: id}
	return r, nil
}

// namesSeen reports whether a message names a service seen in the
// conversation by two or more words of its name ("Steady Steps").
func (a *Answerer) namesSeen(prev *Context, g glance) bool {
	if len(g.telling) == 0 {
		return false
	}
	for _, id := range prev.Seen {
		e, ok := a.ix.Entry(id)
		if !ok || e.Service == nil {
			continue
		}
		name, n := a.wordsOf(id, e.Service).name, 0
		for _, w := range g.telling {
			if slices.Contains(name, w) {
				n++
			}
		}
		if n >= 2 || n == len(name) && n > 0 {
			return true
		}
	}
	return false
}

// nameWords are a service's words as a follow-up may name it: its name,
// and everything about it (name, place, address, kinds).
type nameWords struct{ name, about []string }

// wordsOf reads a service's words once; services do not change in
// an Answerer's life, so they are kept.
func (a *Answerer) wordsOf(id string, s *knowledge.Service) nameWords {
	if w, ok := a.nameCache.Load(id); ok {
		return w.(nameWords)
	}
	w := nameWords{name: a.ix.Light(s.Name)}
	w.about = a.ix.Light(s.Name + " " + s.Area + " " + s.Address + " " + strings.Join(a.vocab.Labels(s.Categories), " "))
	w.about = append(w.about, s.Categories...)
	a.nameCache.Store(id, w)
	return w
}

// named returns the one service seen in the conversation that a message
// names by its own words ("Steady Steps"), its place ("the Penzance
// one") or its kind ("the garden one"); "" for none or more than one.
func (a *Answerer) named(prev *Context, g glance) string {
	words := slices.Clone(g.telling)
	words = append(words, strings.Fields(string(place.KeyOf(g.place)))...)
	words = append(words, g.cats...)
	if len(words) == 0 {
		return ""
	}
	best, bestN, tie := "", 0, false
	for _, id := range prev.Seen {
		e, ok := a.ix.Entry(id)
		if !ok || e.Service == nil {
			continue
		}
		about := a.wordsOf(id, e.Service).about
		n := 0
		for _, w := range words {
			if slices.Contains(about, w) {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = id, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// asFollowUp answers the message as read with the conversation. A place or
// filter follow-up means nothing alone, so its reading is the reply even
// when nothing is listed; a topic or subject one replaces the reply only
// when it finds what the message alone did not.
func (a *Answerer) asFollowUp(ctx context.Context, said *Reply, alone func() (*Reply, error), how, text string, services bool, f *Followed) (*Reply, error) {
	// text is Signpost's own reading, made of what was already redacted.
	// It is looked at for a person at risk again: with the conversation's
	// words ("do I need her consent to report it?" after a disclosure) it
	// may be about one when the message alone was not.
	r, err := a.answerText(ctx, text, nil, services, 0, nil)
	if err != nil {
		return nil, err
	}
	// A place or filter means nothing alone; nor does a question that
	// points at the subject ("who is their chair?"): when its reading
	// finds nothing, the answer is that, not a guess at the words alone.
	must := how == FollowPlace || how == FollowFilter || how == FollowSubject && f.pointed
	if alone != nil && !must && !(r.Answered || r.OffersServices()) {
		return alone()
	}
	f.How, f.AsRead = how, r.Question
	r.Followed = f
	r.Question, r.Redacted = said.Question, said.Redacted
	return r, nil
}

// focus is the service "it" means: the one last picked out, else the
// first shown.
func (c *Context) focus() string {
	if c.Focus != "" {
		return c.Focus
	}
	if len(c.Shown) > 0 {
		return c.Shown[0]
	}
	return ""
}

// hasRequest reports whether the conversation has something a new place
// or filter can apply to.
func (c *Context) hasRequest() bool {
	return len(c.Categories) > 0 || len(c.Kinds) > 0 || c.subject() != ""
}

// narrowable reports whether the conversation has a list a filter can
// narrow: services of a kind, or services found by their words in a
// place ("dementia in Didsbury").
func (c *Context) narrowable() bool {
	return len(c.Categories) > 0 || c.Services && c.Place != "" && len(c.Shown) > 0
}

// subject is what the conversation is about, in words: its glossary term,
// or else the last question's telling words.
func (c *Context) subject() string {
	if c.Subject != "" {
		return c.Subject
	}
	return strings.Join(c.Topic, " ")
}

// pointedAt is what "it" or "they" means: the glossary subject, or
// social prescribing itself when that is what the conversation is about,
// or else the last question's telling words.
func (c *Context) pointedAt() string {
	if c.Subject == "" && c.Practice {
		return "social prescribing"
	}
	return c.subject()
}

// umbrella says whether a term is social prescribing itself, which every
// question here is about and so names no subject.
func umbrella(term string) bool {
	words := lowerWords(term)
	for _, p := range practiceWords {
		if slices.Equal(words, p) {
			return true
		}
	}
	return false
}

// topicText names the last request's topic in words.
func (c *Context) topicText(a *Answerer) string {
	if len(c.Categories) == 0 {
		if c.Subject != "" || len(c.Kinds) == 0 {
			return c.subject()
		}
		return (&Context{Categories: c.Kinds}).topicText(a)
	}
	labels := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		labels[i] = a.vocab.Label(cat)
	}
	return strings.Join(labels, " or ")
}

// request is the last request as a question, with more filters and a
// place: "befriending free for carers in Hastings".
func (c *Context) request(a *Answerer, filters []string, place string) string {
	var words []string
	switch {
	case len(c.Categories) > 0:
		for _, cat := range c.Categories {
			words = append(words, a.vocab.Label(cat))
		}
	case len(c.Kinds) > 0:
		for _, cat := range c.Kinds {
			words = append(words, a.vocab.Label(cat))
		}
	default:
		words = append(words, c.subject())
	}
	for _, f := range union(c.Filters, filters) {
		words = append(words, filterLabels[f])
	}
	if place != "" {
		words = append(words, "in", place)
	}
	return strings.Join(words, " ")
}

// withSubject puts the last subject where a message points to it ("is
// there evidence it works" → "is there evidence link worker works"; "who
// is their chair" → "who is the chair of NASP"), or after the message
// when it has no pointing word.
func withSubject(text, topic string) string {
	words := strings.Fields(strings.TrimRight(text, "?!. "))
	for i, w := range words {
		p := strings.ToLower(strings.Trim(w, ",.;:"))
		if !pronouns[p] {
			continue
		}
		if (p == "their" || p == "its") && i+1 < len(words) {
			out := append(slices.Clone(words[:i]), "the", words[i+1], "of", topic)
			return strings.Join(append(out, words[i+2:]...), " ")
		}
		if (p == "them" || p == "it") && i > 0 && objectPrepositions[strings.ToLower(words[i-1])] && !umbrella(topic) {
			topic = "a " + topic // "refer to them" → "refer to a link worker"
		}
		words[i] = topic
		return strings.Join(words, " ")
	}
	return strings.Join(words, " ") + " " + topic
}

var objectPrepositions = set("to", "for", "about", "with", "on", "into", "from")

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// remember is what a conversation holds after r. A services reply sets
// the request, place and services shown; an answer sets the subject and
// topic and keeps the services and place before it (a question about
// referring in general does not make "them" mean something else). A
// reply that found nothing, a greeting or help leaves what came before.
func remember(prev *Context, r *Reply) *Context {
	if r == nil {
		return prev
	}
	switch r.Kind {
	case ReplyGreeting, ReplyEmpty, ReplyHelp:
		return prev
	}
	if !r.Answered && !r.OffersServices() && len(r.Categories) == 0 && len(r.kinds) == 0 {
		return prev
	}
	next := &Context{}
	if prev != nil {
		*next = *prev
	}
	if f := r.Followed; f != nil && f.Entry != "" {
		// "them" stays the list shown, not the one card; but the one
		// picked out is what "it" means next.
		next.Focus = f.Entry
		return next
	}
	next.Kinds = nil
	next.Topic = slices.DeleteFunc(slices.Clone(r.topic), func(w string) bool {
		return followWords[w] || peopleWords[w] || w == "social" || w == "prescribing" || w == "prescription"
	})
	if r.subject != "" {
		next.Subject, next.Practice = r.subject, false
	} else if r.practice {
		next.Subject, next.Practice = "", true
	}
	if p := privacy.Shareable(r.Place); p != "" {
		next.Place = p
	}
	services := len(r.Results) > 0 && r.Results[0].Service != nil && (r.Kind == ReplyServices || r.OffersServices())
	if !services {
		// "them" after this answer is its subject, not services shown
		// before it.
		next.Services = false
		if len(r.kinds) > 0 {
			// The kinds named are what a new place means ("anything in
			// Didsbury?"), but no list was shown for a filter to narrow.
			next.Categories, next.Filters, next.Kinds = nil, nil, slices.Clone(r.kinds)
		}
		return next
	}
	next.Categories, next.Filters = slices.Clone(r.Categories), slices.Clone(r.Filters)
	next.Shown, next.Services, next.Focus = nil, true, ""
	for _, res := range r.Results {
		if res.Service != nil {
			next.Shown = append(next.Shown, res.ID)
		}
	}
	seen := slices.Clone(next.Shown)
	for _, id := range next.Seen {
		if !slices.Contains(seen, id) && len(seen) < maxSeen {
			seen = append(seen, id)
		}
	}
	next.Seen = seen
	return next
}

// Conversations remembers the context of recent conversations, by a key
// the transport chooses (a Slack thread, a DM). It holds at most Max
// conversations, forgetting the least recently used, and forgets one
// after TTL without a message. It is safe for concurrent use.
type Conversations struct {
	ttl time.Duration
	now func() time.Time
	lru *lru
}

// NewConversations remembers up to max conversations for ttl each.
func NewConversations(max int, ttl time.Duration) *Conversations {
	return &Conversations{ttl: ttl, now: time.Now, lru: newLRU(max)}
}

// Get returns a conversation's context, or nil when there is none or it
// has expired.
func (cs *Conversations) Get(key string) *Context {
	return cs.lru.get(key, cs.now())
}

// Put remembers a conversation's context; nil forgets it.
func (cs *Conversations) Put(key string, c *Context) {
	if c == nil {
		cs.lru.remove(key)
		return
	}
	cs.lru.put(key, c, cs.now().Add(cs.ttl))
}

// Has reports whether a conversation is remembered and current.
func (cs *Conversations) Has(key string) bool { return cs.Get(key) != nil }

// Len is how many conversations are remembered, expired ones included
// until they are evicted.
func (cs *Conversations) Len() int { return cs.lru.len() }
