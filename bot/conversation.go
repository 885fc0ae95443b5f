package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/index"
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
	Shown      []string // ids of the entries last shown, best first
	Services   bool     // the entries shown were services
}

func (c *Context) empty() bool {
	return c == nil || len(c.Categories) == 0 && c.Place == "" && len(c.Topic) == 0 && len(c.Shown) == 0
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
	alone, err := a.Do(ctx, c)
	if err != nil {
		return nil, prev, err
	}
	if c.Name != "ask" || prev.empty() || alone.Urgent != nil || len(alone.Redacted) > 0 && alone.Kind == ReplyEmpty {
		return alone, remember(prev, alone), nil
	}
	r, err := a.follow(ctx, prev, alone)
	if err != nil {
		return nil, prev, err
	}
	return r, remember(prev, r), nil
}

// glance is what a message says on its own, for judging whether it
// follows on: its place, the kinds of service and filters it names, its
// telling words and the words that point back.
type glance struct {
	place     string // the first place named, as written
	cats      []string
	filters   []string
	telling   []string // content words that are not filters, places or follow-up words
	pronoun   bool     // "them", "it", "their"…
	ordinal   int      // "the second one": 1; -1 for none
	marker    bool     // opens as a follow-up: "and…", "what about…", "same but…"
	there     bool     // points back to a place: "there", "round there"
	chatOnly  bool
	hasSearch bool // the message alone asks for something
}

// followWords carry no topic in a follow-up: "and in Hastings", "same but
// for carers", "any there too?".
var followWords = set("and", "same", "but", "also", "too", "else", "instead", "what", "about", "how", "any",
	"anything", "anyone", "one", "ones", "else", "there", "here", "then", "ok", "okay", "thanks", "please",
	"again", "other", "another", "similar", "like", "that", "this", "those", "these", "them", "it", "its",
	"they", "their", "theirs", "service", "services", "group", "groups", "place", "option", "options", "is",
	"are", "do", "does", "near", "nearer", "closer", "somewhere", "around", "round", "available", "first",
	"second", "third", "last", "more", "still", "open", "ask")

var pronouns = set("them", "they", "their", "theirs", "it", "its", "it's", "this", "that", "these", "those")

var ordinals = map[string]int{"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}

// followMarkers open a follow-up.
var followMarkers = [][]string{{"and"}, {"what", "about"}, {"how", "about"}, {"same"}, {"also"}, {"any"}, {"anything"}, {"what", "else"}, {"or"}}

func (a *Answerer) glance(ctx context.Context, text string) (glance, error) {
	g := glance{ordinal: -1}
	toks := tokenize(withoutPlaceholders(text))
	if len(toks) == 0 {
		return g, nil
	}
	q := a.read(toks)
	g.chatOnly = q.chatOnly
	g.place = q.place
	an, err := a.ix.Analyse(ctx, q.content)
	if err != nil {
		return g, err
	}
	an = a.knownAreasAfterSpelling(&q, an)
	if g.place == "" {
		g.place = q.place
	}
	g.cats = categoryKeys(an.Categories)
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
	for i, w := range an.Words {
		if w.Light == "" || w.Weak || inFilter[i] || followWords[w.Raw] || followWords[w.Light] {
			continue
		}
		g.telling = append(g.telling, w.Light)
	}
	words := lowerWords(text)
	for i, w := range words {
		if pronouns[w] && !(w == "there") {
			g.pronoun = true
		}
		if o, ok := ordinals[w]; ok && g.ordinal < 0 {
			g.ordinal = o
		}
		if w == "there" && !(i > 0 && copulas[words[i-1]]) {
			g.there = true
		}
	}
	for _, m := range followMarkers {
		if len(words) >= len(m) && slices.Equal(words[:len(m)], m) {
			g.marker = true
		}
	}
	g.hasSearch = len(g.telling) > 0 || len(g.cats) > 0
	return g, nil
}

// follow reads a message that may follow on from prev. A message that
// stands on its own is answered on its own: context never turns a clear
// question into a wrong one.
func (a *Answerer) follow(ctx context.Context, prev *Context, alone *Reply) (*Reply, error) {
	g, err := a.glance(ctx, alone.Question)
	if err != nil || g.chatOnly {
		return alone, err
	}
	hasPlace := g.place != ""
	switch {
	case hasPlace && len(g.cats) == 0 && len(g.telling) == 0 && prev.hasRequest():
		// "and in Hastings?", "same but in Ripon for carers?"
		return a.asFollowUp(ctx, alone, FollowPlace, prev.request(g.filters, g.place), true,
			&Followed{Topic: prev.topicText(a), Place: g.place, Filters: union(prev.Filters, g.filters)})
	case !hasPlace && len(g.filters) > 0 && len(g.cats) == 0 && len(g.telling) == 0 && len(prev.Categories) > 0:
		// "is it free?", "self-referral?", "for children?"
		return a.asFollowUp(ctx, alone, FollowFilter, prev.request(g.filters, prev.Place), true,
			&Followed{Topic: prev.topicText(a), Place: prev.Place, Filters: union(prev.Filters, g.filters)})
	case !hasPlace && g.pronoun && len(g.cats) == 0 && prev.Services && len(prev.Shown) > 0:
		// "how do I refer to them?", "the second one: when does it meet?"
		i := max(g.ordinal, 0)
		if i >= len(prev.Shown) {
			i = 0
		}
		r, ok := a.Show(prev.Shown[i])
		if !ok {
			return alone, nil
		}
		r.Question = alone.Question
		r.Followed = &Followed{How: FollowReference, AsRead: r.Results[0].Title, Entry: prev.Shown[i]}
		return r, nil
	case !hasPlace && prev.Place != "" && (len(g.cats) > 0 || len(g.filters) > 0 || g.there || g.marker && g.hasSearch) &&
		(g.marker || g.there || !alone.confident()):
		// "what about debt?", "anything for carers there?"
		text := strings.TrimRight(alone.Question, "?!. ") + " in " + prev.Place
		return a.asFollowUp(ctx, alone, FollowTopic, text, len(g.cats) > 0 || len(g.filters) > 0,
			&Followed{Topic: strings.Join(g.telling, " "), Place: prev.Place, Filters: g.filters})
	case !hasPlace && len(prev.Topic) > 0 && (g.pronoun || g.marker) && !alone.confident():
		// "is there evidence it works?", "do I need their consent first?"
		topic := strings.Join(prev.Topic, " ")
		return a.asFollowUp(ctx, alone, FollowSubject, withSubject(alone.Question, topic), false,
			&Followed{Topic: topic})
	}
	return alone, nil
}

// asFollowUp answers the message as read with the conversation. A place or
// filter follow-up means nothing alone, so its reading is the reply even
// when nothing is listed; a topic or subject one replaces the reply only
// when it finds what the message alone did not.
func (a *Answerer) asFollowUp(ctx context.Context, alone *Reply, how, text string, services bool, f *Followed) (*Reply, error) {
	var r *Reply
	var err error
	if services {
		r, err = a.Services(ctx, text)
	} else {
		r, err = a.Answer(ctx, text)
	}
	if err != nil {
		return nil, err
	}
	must := how == FollowPlace || how == FollowFilter
	if !must && !(r.Answered || r.OffersServices()) || !must && alone.Answered && !r.Answered {
		return alone, nil
	}
	f.How, f.AsRead = how, r.Question
	r.Followed = f
	r.Question, r.Redacted = alone.Question, alone.Redacted
	return r, nil
}

// confidentCoverage is how much of a message an answer must cover for the
// message to stand on its own.
const confidentCoverage = 0.75

// confident reports whether a reply answers its question without help:
// an answer, or services listed where it asked.
func (r *Reply) confident() bool {
	return r.Answered && (r.Kind == ReplyServices || len(r.Results) > 0 && r.Results[0].Coverage >= confidentCoverage)
}

// hasRequest reports whether the conversation has something a new place
// or filter can apply to.
func (c *Context) hasRequest() bool { return len(c.Categories) > 0 || len(c.Topic) > 0 }

// topicText names the last request's topic in words.
func (c *Context) topicText(a *Answerer) string {
	if len(c.Categories) == 0 {
		return strings.Join(c.Topic, " ")
	}
	labels := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		labels[i] = a.vocab.Label(cat)
	}
	return strings.Join(labels, " or ")
}

// request is the last request as a question, with more filters and a
// place: "befriending free for carers in Hastings".
func (c *Context) request(filters []string, place string) string {
	var words []string
	if len(c.Categories) > 0 {
		words = append(words, c.Categories...)
	} else {
		words = append(words, c.Topic...)
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
// there evidence it works" → "is there evidence link worker works"), or
// after the message when it has no pointing word.
func withSubject(text, topic string) string {
	words := strings.Fields(strings.TrimRight(text, "?!. "))
	for i, w := range words {
		if pronouns[strings.ToLower(strings.Trim(w, ",.;:"))] {
			words[i] = topic
			return strings.Join(words, " ")
		}
	}
	return strings.Join(words, " ") + " " + topic
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// remember is what a conversation holds after r: its request, place and
// what it showed. A reply that found nothing, a greeting or help leaves
// what came before.
func remember(prev *Context, r *Reply) *Context {
	if r == nil || r.Urgent != nil {
		return prev
	}
	switch r.Kind {
	case ReplyGreeting, ReplyEmpty, ReplyHelp:
		return prev
	}
	if !r.Answered && !r.OffersServices() && len(r.Categories) == 0 {
		return prev
	}
	next := &Context{Categories: slices.Clone(r.Categories), Filters: slices.Clone(r.Filters),
		Place: privacy.Shareable(r.Place), Topic: slices.Clone(r.topic)}
	if f := r.Followed; f != nil && next.Place == "" && (f.How == FollowReference || f.How == FollowSubject) && prev != nil {
		next.Place = prev.Place
	}
	if r.Followed != nil && r.Followed.How == FollowReference && prev != nil {
		// "them" stays what it was: the list shown before, not one card.
		next.Categories, next.Filters, next.Topic = prev.Categories, prev.Filters, prev.Topic
		next.Shown, next.Services = prev.Shown, prev.Services
		return next
	}
	for _, res := range r.Results {
		next.Shown = append(next.Shown, res.ID)
	}
	next.Services = len(r.Results) > 0 && r.Results[0].Service != nil
	return next
}

// Conversations remembers the context of recent conversations, by a key
// the transport chooses (a Slack thread, a DM). It holds at most Max
// conversations, forgetting the least recently used, and forgets one
// after TTL without a message. It is safe for concurrent use.
type Conversations struct {
	max int
	ttl time.Duration
	now func() time.Time
	mu  *lruMu
}

// NewConversations remembers up to max conversations for ttl each.
func NewConversations(max int, ttl time.Duration) *Conversations {
	return &Conversations{max: max, ttl: ttl, now: time.Now, mu: newLRU(max)}
}

// Get returns a conversation's context, or nil when there is none or it
// has expired.
func (cs *Conversations) Get(key string) *Context {
	return cs.mu.get(key, cs.now())
}

// Put remembers a conversation's context; nil forgets it.
func (cs *Conversations) Put(key string, c *Context) {
	if c == nil {
		cs.mu.remove(key)
		return
	}
	cs.mu.put(key, c, cs.now().Add(cs.ttl))
}

// Has reports whether a conversation is remembered and current.
func (cs *Conversations) Has(key string) bool { return cs.Get(key) != nil }

// Len is how many conversations are remembered, expired ones included
// until they are evicted.
func (cs *Conversations) Len() int { return cs.mu.len() }
