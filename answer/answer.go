// Package answer turns a message into a reply: it reads the question (Slack
// markup, chat, places, postcodes, definitions), searches the index, and
// decides whether it knows the answer. It knows nothing of Slack's API or
// the terminal; transports render its Reply.
package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/gazetteer"
	"github.com/signpost-ahp/signpost/place/postcode"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/reading"
	"github.com/signpost-ahp/signpost/urgent"
)

// Thresholds for answering, chosen from measurements on the development
// cases (see README, "How Signpost decides it knows").
const (
	// MinMatch is how much of a question the top entry must answer: the
	// mean of the share of the question's weight (words by IDF) it matches
	// anywhere and the share its headline matches. On the development and
	// extra cases, off-topic questions reach at most 0.38 and answerable
	// ones at least 0.51.
	MinMatch = 0.45
	// MinClause is how much of the sentence that asks, in a message of
	// several, the top entry must answer when the whole message is mostly
	// story; MinHeadline how much of one of the entry's own phrasings the
	// message must say besides. Chosen on questions-b (answerable messages
	// with a story reach 0.46 and more, near-topic ones at most 0.38);
	// checked on the other case sets.
	MinClause   = 0.42
	MinHeadline = 0.5
	// MinPlaceFAQ is how much of a question about a place an FAQ must
	// answer, counting the place, to be preferred to a search for the
	// place's link workers. Only an FAQ that names the place gets near it.
	MinPlaceFAQ = 0.75
	// MinServiceCoverage is the share a service must match in a search in
	// a known place that asked for no category.
	MinServiceCoverage = 0.5
	// MinUrgentTopic is how much of an urgent topic ("someone in crisis or
	// at risk of harm") an FAQ's headline must cover to be shown after the
	// urgent help as the knowledge's own word on it.
	MinUrgentTopic = 0.5
	// MinNearMiss is how much of a question an entry must answer to be
	// offered as "did you mean" when Signpost does not know.
	MinNearMiss = 0.25
)

// match is the figure MinMatch applies to.
func match(h index.Hit) float64 { return h.Match() }

// Answerer answers questions from one index. It is safe for concurrent use.
type Answerer struct {
	ix    *index.Index
	kb    *knowledge.Base
	vocab *knowledge.Vocabulary

	// places is where things are; shared by every Answerer made from
	// this one with WithFAQ, since FAQs do not change places.
	places       *places
	serviceWords map[string]bool
	// risk recognises a person at risk, whatever the knowledge holds.
	risk *urgent.Detector
	// seeking and placeRefs are the vocabulary's phrases that ask for
	// services and that point back to a place, as words.
	seeking, placeRefs reading.PhraseSet
	// nameCache holds services' words for follow-ups that name one
	// (wordsOf), and the kinds of service glossary terms mean (kindsOf);
	// shared by WithFAQ copies, as services and terms are.
	nameCache *sync.Map
	// decision decides whether a candidate answers; nil decides by the
	// hand-set thresholds above.
	decision *Decision
	// trace, when set, is told each decision on a question's candidates
	// (Fit records them).
	trace func([]candidate, []features, decided)
}

// New makes an Answerer for an index. gz knows place names beyond the
// knowledge's own areas, so that a question about a place the knowledge
// does not cover gets "I don't know" rather than a service from elsewhere.
func New(ix *index.Index, gz *gazetteer.Gazetteer, vocab *knowledge.Vocabulary) *Answerer {
	return &Answerer{
		ix:           ix,
		kb:           ix.Knowledge(),
		vocab:        vocab,
		places:       placesFor(ix, gz, vocab),
		serviceWords: set(vocab.ServiceWords...),
		risk:         urgent.Default(),
		seeking:      reading.Phrases(vocab.Seeking...),
		placeRefs:    reading.Phrases(vocab.PlaceReferences...),
		nameCache:    &sync.Map{},
		decision:     builtinDecision,
	}
}

// WithDecision returns an Answerer that decides by d; nil decides by the
// hand-set thresholds, for comparison.
func (a *Answerer) WithDecision(d *Decision) *Answerer {
	na := *a
	na.decision = d
	return &na
}

// FromKnowledge indexes a knowledge base in memory, with the everyday
// vocabulary and the knowledge's own category words, and answers from it:
// Signpost as it runs on a knowledge directory.
func FromKnowledge(ctx context.Context, kb *knowledge.Base) (*Answerer, error) {
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		return nil, err
	}
	vocab = vocab.With(kb.CategoryWords)
	ix, err := index.Build(ctx, kb, vocab)
	if err != nil {
		return nil, err
	}
	return New(ix, gazetteer.New(), vocab), nil
}

// WithFAQ returns an Answerer that also knows f (added, or replacing the
// entry with its id), at once: see index.Index.WithFAQ. Places and services
// are unchanged, so all it knows of them carries over.
func (a *Answerer) WithFAQ(ctx context.Context, f knowledge.FAQ) (*Answerer, error) {
	ix, err := a.ix.WithFAQ(ctx, f)
	if err != nil {
		return nil, err
	}
	na := *a
	na.ix, na.kb = ix, ix.Knowledge()
	return &na, nil
}

// Index returns the index the Answerer searches.
func (a *Answerer) Index() *index.Index { return a.ix }

// joinKeys is the key of the name whose words have these keys.
func joinKeys(ks []place.Key) place.Key {
	ss := make([]string, len(ks))
	for i, k := range ks {
		ss[i] = string(k)
	}
	return place.Key(strings.Join(ss, " "))
}

// question is what Signpost understood of a message.
type question struct {
	content   []string    // words left to search for, lower case
	defineAt  int         // index in content where the thing to define starts; -1 if not a definition question
	areas     []place.Key // known areas named
	districts []string    // postcode districts named
	unknown   []string    // places named that the knowledge does not cover, as written
	// placesWritten is every place named, as written, once per mention.
	placesWritten []string
	place         string       // the first place named, as written
	point         *place.Point // where the first place named is, when known
	// pointIsArea is set when point is only the middle of an area, too
	// rough to quote distances from.
	pointIsArea bool
	// pointRough is set when point is only the town a postcode area is
	// named after: enough to put services elsewhere in order, never to
	// call one near or rule one out.
	pointRough bool
	service    bool // a service word (group, club, class…) was used
	chatOnly   bool // nothing but greetings and thanks
}

// Answer replies to one message.
func (a *Answerer) Answer(ctx context.Context, message string) (*Reply, error) {
	return a.answer(ctx, message, false, 0)
}

// Services replies to a request for services ("befriending in Hastings"),
// treating it as a service search even without a word such as "group".
func (a *Answerer) Services(ctx context.Context, request string) (*Reply, error) {
	return a.answer(ctx, request, true, 0)
}

// MoreServices replies with the services after the first from, for "more…".
func (a *Answerer) MoreServices(ctx context.Context, request string, from int) (*Reply, error) {
	return a.answer(ctx, request, true, from)
}

// Define replies with what a term means.
func (a *Answerer) Define(ctx context.Context, term string) (*Reply, error) {
	return a.answer(ctx, "what is "+term, false, 0)
}

func (a *Answerer) answer(ctx context.Context, message string, forceService bool, from int) (*Reply, error) {
	return a.answerIn(ctx, a.receive(message), forceService, from)
}

// answerIn answers a message read at the edge. Risk was read in the whole
// message: the text searched is one question when the message is long,
// and the story around it is where a person at risk is described.
func (a *Answerer) answerIn(ctx context.Context, in incoming, forceService bool, from int) (*Reply, error) {
	pre := &readText{risk: in.risk, riskRead: true}
	return a.answerText(ctx, in.text, in.pii, forceService, from, pre)
}

// answerText answers a message already redacted (pii: what was removed)
// and normalised.
func (a *Answerer) answerText(ctx context.Context, text string, pii []string, forceService bool, from int, pre *readText) (*Reply, error) {
	// What may be logged or kept names a full postcode only by its
	// district; the search still uses all of it.
	r := &Reply{Question: privacy.Shareable(text), Redacted: pii}
	// A person at risk comes before anything else.
	var sig *urgent.Signal
	if pre != nil && pre.riskRead {
		sig = pre.risk
	} else {
		sig = a.risk.Detect(text)
	}
	if sig.Clear() {
		r.Urgent = sig
	} else {
		r.Possible = sig
	}
	r, err := a.reply(ctx, r, text, forceService, from, pre)
	if err != nil {
		return r, err
	}
	if r.Urgent == nil {
		return a.finish(r), nil
	}
	return a.withUrgentHelp(ctx, r)
}

// finish ends a reply that does not answer with a line of urgent help,
// unless it already shows the help or is no answer to a question at all
// (a greeting, help, a reset).
func (a *Answerer) finish(r *Reply) *Reply {
	r.Safety = ""
	switch {
	case r.Answered, r.AtRisk():
	case r.Kind == ReplyHelp, r.Kind == ReplyGreeting, r.Kind == ReplyEmpty, r.Kind == ReplyReset:
	default:
		r.Safety = a.risk.Footer()
	}
	return r
}

// UrgentHelp is the reply to a message about a person at risk whose words
// were not kept (see slackbot's journal): every line of urgent help, and
// an invitation to ask again.
func (a *Answerer) UrgentHelp() *Reply {
	return &Reply{Kind: ReplyUnknown, Urgent: a.risk.All(),
		Notice: "Signpost restarted before it could answer your last message. If you need more than the help above, please ask again."}
}

// WithCrisisContacts returns an Answerer that shows an organisation's own
// crisis contacts after the national ones.
func (a *Answerer) WithCrisisContacts(cs []urgent.Contact) (*Answerer, error) {
	d, err := a.risk.WithContacts(cs)
	if err != nil {
		return nil, err
	}
	na := *a
	na.risk = d
	return &na, nil
}

// withUrgentHelp puts first whatever the knowledge says about the risk (a
// local crisis FAQ, say), before the reply to the rest of the message.
func (a *Answerer) withUrgentHelp(ctx context.Context, r *Reply) (*Reply, error) {
	if len(r.Urgent.Topics) == 0 {
		// A concern read from the message as a whole, not a risk named:
		// the help leads and the answer to the question stands after it.
		return r, nil
	}
	var found []index.Hit
	for _, topic := range r.Urgent.Topics {
		an, err := a.ix.Analyse(ctx, urgent.Words(topic))
		if err != nil {
			return nil, fmt.Errorf("reading urgent topic: %w", err)
		}
		hits, _, err := a.ix.Search(ctx, index.Query{Analysis: an, Kind: knowledge.KindFAQ, Size: 2})
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if h.HeadCoverage >= MinUrgentTopic && !slices.ContainsFunc(found, func(f index.Hit) bool { return f.ID == h.ID }) {
				found = append(found, h)
			}
		}
	}
	if len(found) == 0 {
		// Without the knowledge's own word on the risk, what else it
		// matched is offered after the urgent help, not as the answer: "how
		// to refer to a link worker" is not what to do about a disclosure
		// of abuse.
		r.Answered = false
		return r, nil
	}
	results := a.results(found)
	for _, res := range r.Results {
		if !slices.ContainsFunc(results, func(x Result) bool { return x.ID == res.ID }) && len(results) < maxResults {
			results = append(results, res)
		}
	}
	r.Kind, r.Notice, r.Categories, r.Labels, r.More = ReplyAnswer, "", nil, nil, 0
	r.Results, r.Answered = results, true
	r.Related = a.related(r.Results[0], index.Analysis{})
	return r, nil
}

// readText is a message read: its words sorted into places, chat and
// content, and the content analysed. Reading once serves both a
// conversation's glance and the answer.
type readText struct {
	raw, text string  // as given, and with ages made words
	toks      []token // text's words, without redaction placeholders
	age       int     // the age it gives someone; 0 for none
	q         question
	an        index.Analysis
	empty     bool // no words
	chat      bool // nothing but chat, or nothing to search
	// risk is what the risk detector found, once riskRead: a follow-up
	// looks before anything else, and answering it alone need not look
	// again.
	risk     *urgent.Signal
	riskRead bool
	// read marks a message read (not only its risk).
	read bool
}

func (a *Answerer) readText(ctx context.Context, raw string) (readText, error) {
	m := readText{raw: raw, text: reading.SelfReferral(reading.Ages(reading.Wellbeing(raw))), age: reading.StatedAge(raw), read: true}
	m.toks = tokenize(withoutPlaceholders(m.text))
	if len(m.toks) == 0 {
		m.empty = true
		return m, nil
	}
	m.q = a.read(m.toks)
	if m.q.chatOnly || len(m.q.content) == 0 && m.q.place == "" {
		m.chat = true
		return m, nil
	}
	an, err := a.ix.Analyse(ctx, m.q.content)
	if err != nil {
		return m, fmt.Errorf("reading question: %w", err)
	}
	m.an = a.knownAreasAfterSpelling(&m.q, an)
	if m.q.defineAt < 0 && m.q.place == "" && namesOnlyATerm(m.an) {
		// A glossary name alone ("AHP?", "DES", "care navigator?") asks
		// what it is, however many entries mention it.
		m.q.defineAt = 0
	}
	return m, nil
}

// namesOnlyATerm reports whether every word of a message is one glossary
// name, and no kind of service ("befriending?" asks for services).
func namesOnlyATerm(an index.Analysis) bool {
	if len(an.Categories) > 0 || len(an.Words) == 0 {
		return false
	}
	for _, m := range an.Concepts {
		if m.Start == 0 && m.End == len(an.Words) {
			return true
		}
	}
	return false
}

// reply answers a message already redacted and normalised.
func (a *Answerer) reply(ctx context.Context, r *Reply, text string, forceService bool, from int, pre *readText) (*Reply, error) {
	if pre == nil || !pre.read || pre.raw != text {
		m, err := a.readText(ctx, text)
		if err != nil {
			return nil, err
		}
		pre = &m
	}
	if kind, ok := unsearched(pre); ok {
		r.Kind = kind
		return r, nil
	}
	a.noteTopic(r, pre.q, pre.an)
	req, err := a.readRequest(ctx, r, pre, forceService)
	if err != nil {
		return nil, err
	}
	return a.answerRequest(ctx, r, req, pre, from)
}

// unsearched is the kind of reply a message gets without a search: none
// for an empty one, a greeting, the welcome, or "I don't know" for talk of
// the workplace.
func unsearched(pre *readText) (ReplyKind, bool) {
	switch {
	case pre.empty:
		return ReplyEmpty, true
	case pre.chat:
		return ReplyGreeting, true
	case pre.q.place == "" && !slices.ContainsFunc(pre.an.Words, func(w index.Word) bool { return w.Light != "" && !w.Weak }):
		// Nothing but words that say little ("hiya, is this thing on?"):
		// chat, whatever entry happens to share a word of it. (In a
		// conversation the follow-up rules read it first: "how do I do
		// it?" may point back.)
		return ReplyGreeting, true
	case asksForHelp(pre.text):
		// "what can you do?", "help": the welcome, with examples.
		return ReplyHelp, true
	case staffTalk(pre.toks, pre.an):
		// "anyone know the guest wifi password at Braunstone health
		// centre?": the workplace, not anyone's need.
		return ReplyUnknown, true
	}
	return "", false
}

// noteTopic notes on a reply what the message is about, for the record
// and for what follows: its place, words and glossary subject.
func (a *Answerer) noteTopic(r *Reply, q question, an index.Analysis) {
	r.Place = q.place
	r.Key = groupKey(an, q)
	for _, w := range an.Words {
		if w.Light != "" && !w.Weak {
			r.topic = append(r.topic, w.Light)
		}
	}
	for _, c := range an.Concepts {
		e, ok := a.ix.Entry(c.Key)
		if !ok || e.Term == nil {
			continue
		}
		if umbrella(e.Term.Term) {
			r.practice = true
			continue
		}
		r.subject = e.Term.Term
		break
	}
}

// request is what a message asks, read once: the asking sentence, the
// place it asks about, the kinds of service and whether it asks for
// services at all.
type request struct {
	ask         asked
	q           question       // the whole message, with the place the question asks about
	an          index.Analysis // the whole message's words
	cats        []string       // kinds of service asked for
	otherCats   []string       // cats but link workers
	linkWorker  bool           // it asks about link workers
	named       bool           // a known place is named
	asksService bool           // it asks for services
	placeAsked  bool           // the asking sentence asks about a place
	definition  bool           // it asks what something is, not for a search
	service     bool           // the asking sentence names a service word (group, club…), or services were asked for
	forced      bool           // services were asked for ("services …")
}

// readRequest reads what a message asks. The sentence that asks says what
// kind of answer is wanted; the rest of the message is context.
func (a *Answerer) readRequest(ctx context.Context, r *Reply, pre *readText, forceService bool) (request, error) {
	text, q, an := pre.text, pre.q, pre.an
	ask := a.asking(ctx, text, q, an)
	if err := ask.err; err != nil {
		return request{}, err
	}
	qc, anC := ask.q, ask.an
	qc.service = qc.service || forceService
	if !ask.whole && ask.placeInClause {
		// The place the question asks about is the one where it asks
		// ("…in West Cornwall… Who's the link worker for Penzance?"),
		// unless the story says where in it ("…in north Leeds? she lives
		// in Cookridge").
		nearer := qc.pointIsArea && q.point != nil && !q.pointIsArea && len(qc.areas) == 1 && slices.Equal(q.areas, qc.areas)
		q.areas, q.districts, q.unknown = qc.areas, qc.districts, qc.unknown
		if !nearer {
			q.place, q.point, q.pointIsArea, q.pointRough = qc.place, qc.point, qc.pointIsArea, qc.pointRough
		}
		r.Place = q.place
	}
	req := request{ask: ask, q: q, an: an, service: qc.service, forced: forceService}
	req.cats = categoryKeys(anC.Categories)
	if len(req.cats) == 0 && (ask.refers || ask.seeks) {
		// "is there anything round there?", "where can he get some
		// support?": the kind of service the story tells of.
		req.cats = categoryKeys(an.Categories)
	}
	if !(r.practice && slices.Equal(req.cats, []string{"link-worker"})) {
		// "what social prescribing is there for dementia?" is not about
		// link workers, though its words name them.
		r.kinds = req.cats
	}
	req.linkWorker = slices.Contains(req.cats, "link-worker") || slices.ContainsFunc(anC.Concepts, a.namesLinkWorkers)
	req.named = len(q.areas) > 0 || len(q.districts) > 0
	req.asksService = len(req.cats) > 0 || qc.service || req.linkWorker || len(anC.Filters) > 0
	// A place only in the story ("a lady in Didsbury … how do I work with
	// interpreters?") does not make the question a search there; nor does
	// a question about social prescribing itself mention a kind of service
	// as a search for one.
	// A last sentence that is only a kind of service ("…won't leave the
	// house. befriending?") asks for it where the message said.
	// ("what can't link workers help with?" asks about the role, and
	// "what can I offer someone this isolated?" for advice.)
	kindOnly := !ask.whole && slices.ContainsFunc(categoryKeys(anC.Categories), func(c string) bool { return c != "link-worker" }) &&
		onlyKinds(anC) && !reading.OpensLikeQuestion(ask.clause) // ("why do befriending services help?" asks why)
	req.placeAsked = ask.placeInClause || ask.refers || ask.seeks || kindOnly
	if (req.named || len(q.unknown) > 0) && !req.placeAsked || ask.aboutPractice && !ask.placeInClause && !ask.refers {
		req.asksService = req.asksService && (ask.seeks || kindOnly) && !ask.aboutPractice
	}
	req.otherCats = slices.DeleteFunc(slices.Clone(req.cats), func(c string) bool { return c == "link-worker" })
	// "what are arts on prescription schemes": a definition, not a search.
	req.definition = a.subject(qc, anC) != "" && !(req.named && req.placeAsked) && len(qc.unknown) == 0
	return req, nil
}

// namesLinkWorkers reports whether a glossary name in a message names
// link workers, whatever id the knowledge gives the term ("SPLW in
// TF1?"), but not social prescribing itself ("SP referral template").
func (a *Answerer) namesLinkWorkers(m index.Match) bool {
	if m.Key == "link-worker" {
		return true
	}
	kind, ok := a.ix.KindOf(m.Key)
	if !ok || kind != "link-worker" {
		return false
	}
	e, ok := a.ix.Entry(m.Key)
	return ok && e.Term != nil && !umbrella(e.Term.Term)
}

// answerRequest answers what a message asks: services near a place not
// known, in a known place, or anywhere, or else from every kind of entry.
func (a *Answerer) answerRequest(ctx context.Context, r *Reply, req request, pre *readText, from int) (*Reply, error) {
	ask, q, an, cats := req.ask, req.q, req.an, req.cats
	anC := ask.an
	if req.definition {
		return a.general(ctx, r, q, an, ask)
	}
	in, soft := an, []string(nil)
	if len(categoryKeys(anC.Categories)) > 0 {
		in = anC
	} else if !ask.whole {
		soft = storyFilters(an, anC, reading.SaysAge(pre.text))
	}
	switch {
	case len(q.unknown) > 0 && !req.named && req.asksService:
		sr := a.request(in, cats, from)
		sr.age = pre.age
		return a.servicesNear(ctx, r, q, sr)
	case req.named && (req.asksService || len(an.Words) == 0):
		if len(req.otherCats) == 0 && !req.service && len(anC.Filters) == 0 && asksMore(anC) {
			if r, ok, err := a.aboutPlace(ctx, r, q, an, ask); ok || err != nil {
				return r, err
			}
		}
		if req.linkWorker && !slices.Contains(cats, "link-worker") {
			cats = append(cats, "link-worker")
		}
		sr := a.request(in, cats, from)
		sr.soft, sr.age = soft, pre.age
		return a.servicesIn(ctx, r, q, sr)
	case !req.named && len(req.otherCats) > 0 && req.service && req.asksService:
		sr := a.request(in, req.otherCats, from)
		sr.age = pre.age
		return a.servicesAnywhere(ctx, r, sr)
	case !req.named && req.forced && len(cats) > 0:
		sr := a.request(in, cats, from)
		sr.age = pre.age
		return a.servicesAnywhere(ctx, r, sr)
	}
	return a.general(ctx, r, q, an, ask)
}

// onlyKinds reports whether every telling word of an analysis names a
// kind of service or a filter: "befriending?", "money advice for carers?".
func onlyKinds(an index.Analysis) bool {
	covered := make([]bool, len(an.Words))
	for _, ms := range [][]index.Match{an.Categories, an.Filters} {
		for _, m := range ms {
			for i := m.Start; i < m.End && i < len(covered); i++ {
				covered[i] = true
			}
		}
	}
	for i, w := range an.Words {
		if w.Light != "" && !w.Weak && !covered[i] && !requestWords[w.Light] {
			return false
		}
	}
	return true
}

// requestWords ask for something of a kind without naming another:
// "housing help?", "debt advice?", "befriending services?".
var requestWords = set(reading.List("request_words")...)

// asked is what the sentence that asks says.
type asked struct {
	clause        string
	q             question       // the asking sentence read on its own (the message's, when it is all one)
	an            index.Analysis // its words analysed
	whole         bool           // the message is one sentence
	seeks         bool           // it asks for services ("is there", "where can")
	refers        bool           // it points back to a place ("there")
	placeInClause bool           // it names a place itself
	aboutPractice bool           // it asks about social prescribing itself
	// focus is the word a "what is…" or "who is…" question asks about,
	// as an index into an.Words; -1 for none. An entry that never says it
	// cannot answer ("who is the chair of NASP?" is not answered by what
	// NASP does).
	focus int
	err   error
}

// pointsBack reports whether a sentence is about something named before
// it: it opens with "that", "this" or "it", or with a question word and
// one of them ("is that…", "what's this…").
func pointsBack(s string) bool {
	words := reading.LowerWords(s)
	anaphor := func(w string) bool { return w == "that" || w == "this" || w == "it" || w == "thats" || w == "that's" }
	return len(words) > 0 && anaphor(words[0]) || len(words) > 1 && reading.OpensQuestion(words[0]) && anaphor(words[1])
}

// genericAsks are words that ask for help without saying about what
// ("any guidance?", "tips?"): the sentence before says what.
var genericAsks = set(reading.List("generic_asks")...)

// practiceWords name the practice itself: a question about it is about
// how social prescribing works, not a search for a service.
var practiceWords = reading.Phrases(reading.List("practice_words")...)

func (a *Answerer) asking(ctx context.Context, text string, q question, an index.Analysis) asked {
	// A sentence says nothing of its own when it has no telling word
	// ("What does that mean?", "any guidance?").
	empty := func(s string) bool {
		if pointsBack(s) {
			return true // "Is that even a thing for under 18s?": that is in the sentence before
		}
		an, err := a.ix.Analyse(ctx, a.read(tokenize(withoutPlaceholders(s))).content)
		if err != nil {
			return false
		}
		for _, w := range an.Words {
			if w.Light != "" && !w.Weak && !genericAsks[w.Light] {
				return false
			}
		}
		return true
	}
	ask := asked{clause: reading.AskingClause(text, a.seeking, empty), q: q, an: an}
	ask.whole = ask.clause == text
	if !ask.whole {
		ask.q = a.read(tokenize(withoutPlaceholders(ask.clause)))
		ask.an, ask.err = a.ix.Analyse(ctx, ask.q.content)
		if ask.err != nil {
			ask.err = fmt.Errorf("reading question: %w", ask.err)
		}
	}
	words := reading.LowerWords(ask.clause)
	ask.seeks = a.seeking.In(words)
	// "there" in "is there" and "are there" points nowhere.
	pointing := slices.Clone(words)
	for i := 1; i < len(pointing); i++ {
		if pointing[i] == "there" && copulas[pointing[i-1]] {
			pointing[i] = ""
		}
	}
	ask.refers = a.placeRefs.In(pointing)
	ask.placeInClause = len(ask.q.areas)+len(ask.q.districts)+len(ask.q.unknown) > 0
	ask.aboutPractice = practiceWords.In(words)
	ask.focus = -1
	if f := focusWord(words); f != "" {
		for i, w := range ask.an.Words {
			if w.Raw == f && !w.Weak && w.Light != "" {
				ask.focus = i
				break
			}
		}
	}
	return ask
}

// focusWord returns the noun a "who is the…" or "what's the…" question
// asks about: the last word of the phrase after the determiner ("the
// chair of NASP" asks about the chair, "the deadline for the next round"
// about the deadline). Without a determiner ("who is eligible"), or for a
// relation between things, there is none.
func focusWord(words []string) string {
	for i := 0; i+2 < len(words); i++ {
		if !whWords[words[i]] {
			continue
		}
		j := i + 1
		if copulas[words[j]] {
			j++
		}
		if j >= len(words) || !determiners[words[j]] {
			continue
		}
		for j < len(words) && determiners[words[j]] {
			j++
		}
		focus := ""
		for ; j < len(words) && !phraseEnds[words[j]]; j++ {
			focus = words[j]
		}
		if j < len(words) && words[j] == "between" {
			// "the difference between an ICB and an ICS", "the link
			// between debt and health": a relation between things asks
			// about the things, which the entries about them answer.
			return ""
		}
		return focus
	}
	return ""
}

var (
	whWords     = set(reading.List("wh_words")...)
	copulas     = set(reading.List("copulas")...)
	determiners = set(reading.List("determiners")...)
	phraseEnds  = set(reading.List("phrase_ends")...)
)

// asksMore reports whether a question has words beyond the glossary names
// and category words in it: "social prescribing in Whitby" asks for the
// link workers, "the Whitby social prescribing newsletter" for more.
func asksMore(an index.Analysis) bool {
	covered := make([]bool, len(an.Words))
	for _, m := range slices.Concat(an.Concepts, an.Categories) {
		for k := m.Start; k < m.End && k < len(covered); k++ {
			covered[k] = true
		}
	}
	for i, w := range an.Words {
		if !covered[i] && w.Light != "" {
			return true
		}
	}
	return false
}

// read sorts a message's words into places, postcodes, chat and content,
// in that order: each step takes only words no earlier step took.
func (a *Answerer) read(toks []token) question {
	r := &tokensRead{toks: toks, used: make([]bool, len(toks)), q: question{defineAt: -1}}
	r.lowers = make([]string, len(toks))
	for i, t := range toks {
		r.lowers[i] = t.lower
	}
	a.readPostcodes(r)
	a.readPlaces(r)
	defTok := r.definitionFrame()
	chat := r.chat()
	a.readContent(r, defTok)
	r.q.chatOnly = chat > 0 && len(r.q.content) == 0 && r.q.place == ""
	return r.q
}

// reading is a message part-way through read: its words, which are taken,
// and what has been understood so far.
type tokensRead struct {
	toks   []token
	lowers []string
	used   []bool
	q      question
}

func (r *tokensRead) mark(i, n int) {
	for k := i; k < i+n; k++ {
		r.used[k] = true
	}
}

// phraseAt reports whether the untaken words at i are phrase p.
func (r *tokensRead) phraseAt(i int, p []string) bool {
	return i+len(p) <= len(r.toks) && slices.Equal(r.lowers[i:i+len(p)], p) && !slices.Contains(r.used[i:i+len(p)], true)
}

// readPostcodes takes postcodes: "LS6 3HN" is two words, "TN34" one; a
// district alone only when the knowledge lists it, it is written in
// capitals, or a place word ("in", "near") comes before it.
func (a *Answerer) readPostcodes(r *tokensRead) {
	toks := r.toks
	for i := range toks {
		if r.used[i] {
			continue
		}
		// A postcode's halves each hold a digit ("HG1 2AB"; but GIR 0AA).
		if i+1 < len(toks) && (hasDigit(toks[i].text) || toks[i].lower == "gir") && hasDigit(toks[i+1].text) {
			if pc, ok := postcode.Parse(toks[i].text + " " + toks[i+1].text); ok {
				r.q.addDistrict(a, pc.District(), toks[i].text+" "+toks[i+1].text)
				r.mark(i, 2)
				continue
			}
		}
		if pc, ok := postcode.Parse(toks[i].text); ok {
			r.q.addDistrict(a, pc.District(), toks[i].text)
			r.mark(i, 1)
			continue
		}
		if pc, ok := postcode.ParseDistrict(toks[i].text); ok {
			_, known := a.places.byDistrict[pc.District()]
			if known || toks[i].upper || (i > 0 && placeWords[toks[i-1].lower]) {
				r.q.addDistrict(a, pc.District(), toks[i].text)
				r.mark(i, 1)
			}
		}
	}
}

// readPlaces takes place names: the knowledge's own areas, then its
// neighbourhoods, then the gazetteer, longest names first. Only name
// lengths that some place starting with the word has are tried.
func (a *Answerer) readPlaces(r *tokensRead) {
	toks := r.toks
	keys := make([]place.Key, len(toks))
	for i, t := range toks {
		keys[i] = place.KeyOf(t.text)
	}
	for i := 0; i < len(toks); i++ {
		first, _, _ := strings.Cut(string(keys[i]), " ")
		longest := max(a.places.gz.Longest(first), a.places.longest[first])
		for n := min(longest, len(toks)-i); n >= 1; n-- {
			if slices.Contains(r.used[i:i+n], true) {
				continue
			}
			if a.readPlace(r, i, n, joinKeys(keys[i:i+n])) {
				r.mark(i, n)
				break
			}
		}
	}
}

// readPlace notes the n words at i as a place when their key names one.
func (a *Answerer) readPlace(r *tokensRead, i, n int, key place.Key) bool {
	if a.inStreetName(r.toks, i, n) {
		return false
	}
	written := joinText(r.toks[i : i+n])
	if area, ok := a.places.byName[key]; ok {
		r.q.addArea(a, area, a.places.names[area])
		return true
	}
	// A neighbourhood's whole name of two words or more ("chapel
	// allerton") is rarely anything else, in lower case too.
	if nb, ok := a.places.local[key]; ok && (a.looksLikePlace(r.toks, i, n) || a.namedLocally(r.toks, i) || n > 1) {
		// Only "in Cookridge", "near Cookridge" says where more nearly
		// than the area named: not "not Cookridge", "out of Cookridge".
		r.q.addNeighbourhood(nb, written, i > 0 && placeWords[r.toks[i-1].lower])
		return true
	}
	if places := a.places.gz.Lookup(key); len(places) > 0 && a.looksLikePlace(r.toks, i, n) {
		r.q.unknown = append(r.q.unknown, written)
		r.q.placesWritten = append(r.q.placesWritten, written)
		if r.q.place == "" {
			r.q.place = written
			r.q.point = a.places.pointOf(places)
		}
		return true
	}
	return false
}

// inStreetName reports whether the n words at i are part of a street's
// name, not a place: "Church Street", "Leeds Road", and "Street" (a town
// in Somerset) in "Elm Street". A street word the knowledge reads in
// addresses ends them (vocabulary street_words).
func (a *Answerer) inStreetName(toks []token, i, n int) bool {
	if next := i + n; next < len(toks) && a.places.street[toks[next].lower] && !toks[next].upper {
		return true
	}
	last := toks[i+n-1]
	if !a.places.street[last.lower] {
		return false
	}
	return n > 1 || i > 0 && toks[i-1].cap && !placeWords[toks[i-1].lower]
}

// asksForHelp reports whether a message, chat aside, asks what Signpost
// can do (reading.yaml's help_phrases).
func asksForHelp(text string) bool {
	var words []string
	for _, w := range reading.LowerWords(text) {
		if !fillerWords[w] || w == "help" {
			words = append(words, w)
		}
	}
	return helpPhrases.Is(words)
}

// definitionFrame takes the frame of a definition question ("what's a",
// "what does … mean"), before chat words are dropped ("what's" is one),
// and returns where the thing to define starts; -1 for none.
func (r *tokensRead) definitionFrame() int {
	for i := range r.toks {
		for _, p := range definePatterns {
			if r.phraseAt(i, p) {
				r.mark(i, len(p)) // the question's frame, not its topic
				return i + len(p)
			}
		}
	}
	// "ICB meaning", "DES stands for?": a short term with a definition
	// word after it and nothing else but chat.
	for _, p := range defineAfter {
		end := len(r.toks)
		start := end - len(p)
		if start < 1 || !r.phraseAt(start, p) {
			continue
		}
		first := 0
		for first < start && (r.used[first] || fillerWords[r.lowers[first]]) {
			first++
		}
		if n := start - first; n >= 1 && n <= maxDefinedWords {
			r.mark(start, len(p))
			return first
		}
	}
	return -1
}

// maxDefinedWords is the longest term a trailing definition word
// ("meaning", "stands for") defines: longer, it is a question that
// happens to end so.
const maxDefinedWords = 4

// chat takes greetings, thanks and filler, and says how many words they
// were.
func (r *tokensRead) chat() int {
	n := 0
	for i := range r.toks {
		for _, p := range fillerByFirst[r.lowers[i]] {
			if r.phraseAt(i, p) {
				r.mark(i, len(p))
				n += len(p)
				break
			}
		}
	}
	for i, t := range r.toks {
		if !r.used[i] && fillerWords[t.lower] {
			r.used[i] = true
			n++
		}
	}
	return n
}

// readContent keeps the words left as what to search for, noting a
// service word and where a definition's topic starts.
func (a *Answerer) readContent(r *tokensRead, defTok int) {
	q := &r.q
	for i, t := range r.toks {
		if r.used[i] {
			continue
		}
		if a.serviceWords[t.lower] {
			q.service = true
		}
		if defTok >= 0 && i >= defTok && q.defineAt < 0 {
			q.defineAt = len(q.content)
		}
		if defTok >= 0 && i >= defTok && (defineTail[t.lower] && i == lastUnused(r.used, i) || compareWords[t.lower]) {
			continue
		}
		q.content = append(q.content, t.lower)
	}
}

func joinText(toks []token) string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.text
	}
	return strings.Join(words, " ")
}

// lastUnused reports whether i is at the end of the unused words, allowing
// for a closing "for" ("stand for").
func lastUnused(used []bool, i int) int {
	last := -1
	for k := range used {
		if !used[k] {
			last = k
		}
	}
	if last == i || (last == i+1 && i+1 < len(used)) {
		return i
	}
	return -1
}

// looksLikePlace decides whether a gazetteer name in a question is meant as
// a place. Many place names are also words ("Reading", "March", "Street"):
// those count only when capitalised mid-sentence or after "in", "near"….
func (a *Answerer) looksLikePlace(toks []token, i, n int) bool {
	afterPlaceWord := i > 0 && (placeWords[toks[i-1].lower] || toks[i-1].lower == "about") // "what about bath?"
	if n > 1 {
		return toks[i].cap || afterPlaceWord
	}
	t := toks[i]
	if fillerWords[t.lower] || len(t.lower) < 3 {
		return false
	}
	if !a.ix.Known(t.lower) {
		// Not a word the knowledge uses: a place, unless it is an everyday
		// word written as one ("damp coming through the bedroom wall").
		return t.cap || afterPlaceWord || !a.ix.Common(t.lower)
	}
	return (t.cap && i > 0) || afterPlaceWord && t.cap
}

// namedLocally reports whether a neighbourhood the services name, written
// in lower case ("in chorlton", "what about camborne"), is asked about as
// a place: it follows a word that introduces one, or opens the message.
func (a *Answerer) namedLocally(toks []token, i int) bool {
	if i == 0 {
		// Typed on a phone, the place comes first: "wythenshawe, widower
		// 80s lonely. befriending?" (a name, not a common word).
		return len(toks) > 1 && !a.ix.Common(toks[0].lower)
	}
	return placeWords[toks[i-1].lower] || toks[i-1].lower == "about"
}

func (q *question) addArea(a *Answerer, area place.Key, written string) {
	q.placesWritten = append(q.placesWritten, written)
	if !slices.Contains(q.areas, area) {
		q.areas = append(q.areas, area)
	}
	if q.place == "" {
		q.place = written
		if p, ok := a.places.areaPoint[area]; ok {
			q.point, q.pointIsArea = &p, true
		}
	}
}

// addNeighbourhood notes a place inside an area the knowledge covers:
// the question is about that area, nearest the neighbourhood first.
func (q *question) addNeighbourhood(nb *neighbourhood, written string, placed bool) {
	q.placesWritten = append(q.placesWritten, written)
	area := nb.area()
	// "what about north Leeds? she stays in Cookridge": the neighbourhood
	// of the area named says where more nearly.
	within := placed && q.pointIsArea && slices.Contains(q.areas, area)
	if !slices.Contains(q.areas, area) {
		q.areas = append(q.areas, area)
	}
	if q.place == "" || within {
		q.place = written
		q.point, q.pointIsArea = nb.point(), false
	}
}

func (q *question) addDistrict(a *Answerer, d, written string) {
	q.placesWritten = append(q.placesWritten, written)
	if q.place == "" {
		if pc, ok := postcode.Parse(written); ok {
			if p, ok := a.places.postcodePoint[pc.String()]; ok {
				q.point = &p
			}
		}
		if p, ok := a.places.districtPoint[d]; ok && q.point == nil {
			q.point = &p
		}
		if q.point == nil {
			// A district no service or area places ("walking group
			// near LS6 3HN" on knowledge without Leeds): roughly at the
			// town its postcode area is named after, so the nearest
			// elsewhere can be measured from somewhere near.
			if pc, ok := postcode.ParseDistrict(d); ok {
				if town, ok := postcode.AreaTown(pc.Area()); ok {
					if p := a.places.pointOf(a.places.gz.Lookup(place.KeyOf(town))); p != nil {
						q.point, q.pointIsArea, q.pointRough = p, true, true
					}
				}
			}
		}
	}
	// A full postcode finds the nearest services, but replies, logs and
	// the store only ever name its district.
	shown := strings.ToUpper(written)
	if _, ok := postcode.Parse(written); ok {
		shown = d
	}
	if areas, ok := a.places.byDistrict[d]; ok {
		if !slices.Contains(q.districts, d) {
			q.districts = append(q.districts, d)
		}
		for _, ar := range areas {
			if !slices.Contains(q.areas, ar) {
				q.areas = append(q.areas, ar)
			}
		}
	} else {
		q.unknown = append(q.unknown, shown)
	}
	if q.place == "" {
		q.place = shown
	}
}

// knownAreasAfterSpelling catches known area names that only spelling
// correction revealed ("befriending in Hastigns").
func (a *Answerer) knownAreasAfterSpelling(q *question, an index.Analysis) index.Analysis {
	var placeWords []index.Match
	for i, w := range an.Words {
		key := place.KeyOf(w.Light)
		if w.DF == 0 && !w.Corrected {
			// Not a word the knowledge uses: perhaps a misspelt place
			// ("Penzanse").
			key = a.places.nearest(w.Raw)
		}
		if key == "" || !w.Corrected && w.DF > 0 {
			continue
		}
		if area, ok := a.places.byName[key]; ok {
			q.addArea(a, area, a.places.names[area])
			placeWords = append(placeWords, index.Match{Start: i, End: i + 1})
			continue
		}
		if nb, ok := a.places.local[key]; ok {
			q.addNeighbourhood(nb, nb.name, false)
			placeWords = append(placeWords, index.Match{Start: i, End: i + 1})
		}
	}
	return a.ix.Without(an, placeWords...)
}

// groupKey folds a question to the words that matter, so that "befriending
// in Hastings?" and "hastings befriending" count as one question.
func groupKey(an index.Analysis, q question) string {
	var words []string
	for _, w := range an.Words {
		if !slices.Contains(words, w.Light) {
			words = append(words, w.Light)
		}
	}
	for _, a := range q.areas {
		words = append(words, "@"+string(a))
	}
	for _, p := range q.unknown {
		words = append(words, "@"+string(place.KeyOf(p)))
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}

// Show replies with one entry, as when someone picks a "did you mean".
func (a *Answerer) Show(id string) (*Reply, bool) {
	res := a.results([]index.Hit{{ID: id, DistanceKm: -1}}) // no place asked about: no distance
	if len(res) == 0 {
		return nil, false
	}
	a.markNational(res)
	r := &Reply{Kind: ReplyAnswer, Answered: true, Results: res, Question: res[0].Title}
	if res[0].Kind == knowledge.KindService {
		r.Kind = ReplyServices
	}
	r.Related = a.related(res[0], index.Analysis{})
	return r, true
}

func categoryKeys(ms []index.Match) []string {
	return index.Keys(ms)
}

// subject returns the glossary term a definition question asks about: a
// name that starts where the thing to define starts and, with any other
// glossary names, covers it ("what is a key worker in social prescribing").
func (a *Answerer) subject(q question, an index.Analysis) string {
	if q.defineAt < 0 {
		return ""
	}
	start := wordIndex(an, q.content, q.defineAt)
	if start < 0 {
		return ""
	}
	var best *index.Match
	for i := range an.Concepts {
		m := &an.Concepts[i]
		if m.Start == start && (best == nil || m.End > best.End) {
			best = m
		}
	}
	if best == nil {
		return ""
	}
	covered := make([]bool, len(an.Words))
	for _, m := range an.Concepts {
		for k := m.Start; k < m.End; k++ {
			covered[k] = true
		}
	}
	for k := start; k < len(an.Words); k++ {
		// "what are arts on prescription schemes": a trailing service word
		// does not change what is asked.
		if !covered[k] && !a.serviceWords[an.Words[k].Raw] {
			return ""
		}
	}
	return best.Key
}

// wordIndex maps a position in the question's content words to the
// analysed word it became (stop words drop out).
func wordIndex(an index.Analysis, content []string, at int) int {
	if at >= len(content) {
		return -1
	}
	for i, w := range an.Words {
		if w.Pos >= at {
			return i
		}
	}
	return -1
}
