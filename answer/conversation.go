package answer

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/conversation"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/reading"
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
	// last is the service search Shown came from, when it was one: what a
	// filter or a new place changes.
	last *search
}

// lastRequest is the service search shown, when it was for these kinds.
func (c *Context) lastRequest(kinds []string) (serviceRequest, bool) {
	if c.last == nil || !slices.Equal(c.last.sr.cats, kinds) {
		return serviceRequest{}, false
	}
	sr := c.last.sr
	sr.filters = slices.Clone(sr.filters)
	return sr, true
}

// lastPlace is where the search shown looked, when that is the place the
// conversation is about.
func (c *Context) lastPlace() (question, bool) {
	if c.last == nil || c.last.where.place == "" || c.last.where.place != c.Place {
		return question{}, false
	}
	return c.last.where, true
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
	in := c.received()
	if in == nil {
		read := a.receive(c.Arg)
		in = &read
	}
	r, err := a.follow(ctx, prev, *in)
	if err != nil {
		return nil, prev, err
	}
	return a.finish(r), a.remember(ctx, prev, r), nil
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
	if an, err := a.ix.Analyse(ctx, reading.LowerWords(t.Term)); err == nil {
		if kinds := categoryKeys(an.Categories); len(kinds) > 0 && !slices.Contains(kinds, "link-worker") {
			return kinds[:min(len(kinds), maxKinds)]
		}
	}
	an, err := a.ix.Analyse(ctx, reading.LowerWords(t.Definition))
	if err != nil {
		return nil
	}
	// "Social prescribing to …" names the practice, not a kind of service.
	kinds := slices.DeleteFunc(categoryKeys(an.Categories), func(c string) bool { return c == "link-worker" })
	return kinds[:min(len(kinds), maxKinds)]
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
	return practiceWords.Is(reading.LowerWords(term))
}

// topicText names the last request's topic in words.
// kinds are the kinds of service the conversation is about: those asked
// for, else those a term defined means.
func (c *Context) kinds() []string {
	if len(c.Categories) > 0 {
		return c.Categories
	}
	return c.Kinds
}

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
	if f := r.Followed; f != nil && f.How == FollowFilter && len(r.Results) == 0 {
		// "any on a Sunday?" found none of those: the list it narrowed
		// is still what "anything in the evening?" asks about.
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
			next.Categories, next.Filters, next.Kinds, next.last = nil, nil, slices.Clone(r.kinds), nil
		}
		return next
	}
	next.Categories, next.Filters, next.last = slices.Clone(r.Categories), slices.Clone(r.Filters), r.made
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

// Conversations remembers the context of recent conversations (see
// conversation.Store).
type Conversations = conversation.Store[*Context]

// NewConversations remembers up to max conversations for ttl each.
func NewConversations(max int, ttl time.Duration) *Conversations {
	return conversation.NewStore[*Context](max, ttl)
}
