package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/reading"
)

// follow reads a message that may follow on from prev. A message that
// stands on its own is answered on its own: context never turns a clear
// question into a wrong one.
func (a *Answerer) follow(ctx context.Context, prev *Context, in incoming) (*Reply, error) {
	_, r, err := a.followRule(ctx, prev, in)
	return r, err
}

// followRule reads a follow-up and returns the reply with the rule that
// made it ("" when the message was answered alone, or was never a
// follow-up).
func (a *Answerer) followRule(ctx context.Context, prev *Context, in incoming) (string, *Reply, error) {
	m, err := a.readText(ctx, in.text)
	if err != nil {
		return "", nil, err
	}
	f := &following{a: a, ctx: ctx, prev: prev, m: m, text: in.text, pii: in.pii}
	// Risk was read in the whole message, not only the question kept of a
	// long one.
	f.m.risk, f.m.riskRead = in.risk, true
	if f.m.risk.Clear() {
		r, err := f.alone() // a person at risk: help, nothing inferred
		return "", r, err
	}
	// Possible risk follows on as any message does; the help goes beside
	// the answer (answerText reads m.risk).
	f.g = a.glance(f.m)
	g := f.g
	if g.chatOnly || g.empty || g.define || g.fresh || g.strange && g.place == "" {
		// A greeting, "what is a health walk?" or "my SystmOne has
		// frozen": never about what was shown, whatever words they share.
		r, err := f.alone()
		return "", r, err
	}
	// What a follow-up's reply says it read: the message as redacted.
	f.said = &Reply{Question: privacy.Shareable(in.text), Redacted: in.pii}
	f.hasPlace = g.place != ""
	for _, rule := range followRules {
		applies := rule.applies(f)
		if f.err != nil {
			return "", nil, f.err
		}
		if !applies {
			continue
		}
		r, err := rule.reply(f)
		if err != nil {
			return rule.name, nil, err
		}
		if r != nil {
			if r.Urgent == nil && r.Possible == nil {
				// A sign of risk in the message keeps its help beside
				// whatever the rule answers ("is it free? she's had
				// enough").
				r.Possible = f.m.risk
			}
			return rule.name, r, nil
		}
	}
	r, err := f.alone()
	return "", r, err
}

// following is a message being read as a follow-up.
type following struct {
	a        *Answerer
	ctx      context.Context
	prev     *Context
	m        readText
	text     string   // the message, redacted
	pii      []string // what was redacted
	g        glance
	said     *Reply // a reply that says how the message was read
	hasPlace bool
	// answered is the message answered alone, once a rule needed it:
	// most follow-ups are read at a glance, and answering twice would
	// double their cost.
	answered *Reply
	err      error // answering alone failed
}

// alone answers the message on its own, once.
func (f *following) alone() (*Reply, error) {
	if f.answered == nil && f.err == nil {
		f.answered, f.err = f.a.answerText(f.ctx, f.text, f.pii, false, 0, &f.m)
	}
	return f.answered, f.err
}

// aloneAnswered reports whether the message answers alone, and whether
// it gets any results (near misses too); an error reads as neither, and
// the rules stop at it.
func (f *following) aloneAnswered() (answered, results bool) {
	r, err := f.alone()
	if err != nil {
		return false, false
	}
	return r.Answered, len(r.Results) > 0
}

// shown reports whether the last reply showed services.
func (f *following) shown() bool { return f.prev.Services && len(f.prev.Shown) > 0 }

// followUpRule is one way a message follows on: when it applies, and the
// reply it makes (nil: it did not apply after all, try the next). Rules
// are tried in order; the first that replies wins. Each rule's examples
// are its test rows (TestFollowRules), asked after the message before.
type followUpRule struct {
	name     string
	examples []followExample
	applies  func(f *following) bool
	reply    func(f *following) (*Reply, error)
}

// followExample is a follow-up after the message before it.
type followExample struct{ before, message string }

// followRules are the ways a message follows on, cheapest and surest
// first; those that need the message answered alone come last.
var followRules = []followUpRule{
	{
		name:     "act",
		examples: []followExample{{"befriending in Whitby", "can you book him in?"}},
		applies:  func(f *following) bool { return f.g.action },
		reply: func(f *following) (*Reply, error) {
			// Signpost finds things; it cannot act.
			f.said.Kind = ReplyUnknown
			f.said.Notice = "I can't book, send or arrange anything myself: I can only find information."
			if f.prev.Services {
				f.said.Notice = "I can't book, send or arrange anything myself: the details above say how to get in touch."
			}
			return f.said, nil
		},
	},
	{
		name:     "when-shown",
		examples: []followExample{{"walking groups in Whitby", "when does it meet?"}},
		applies: func(f *following) bool {
			// "when's the walk-in?", not "when is the NASP conference?"
			g := f.g
			return !f.hasPlace && g.when && (len(g.telling) == 0 || g.aboutShown) && len(g.cats) == 0 && f.shown()
		},
		reply: (*following).reference,
	},
	{
		name:     "ordinal",
		examples: []followExample{{"what's on in Whitby", "the second one"}},
		applies: func(f *following) bool {
			return !f.hasPlace && f.g.ordinal >= 0 && f.g.one && len(f.g.cats) == 0 && f.shown()
		},
		reply: (*following).reference,
	},
	{
		name:     "named-service",
		examples: []followExample{{"befriending in Whitby", "the Harbourside one - can her husband come too?"}},
		applies: func(f *following) bool {
			// "how do I refer her to Steady Steps?", "the Penzance one -
			// can her husband come too?"
			g := f.g
			return (g.one || !f.hasPlace && (g.pronoun || g.aboutShown || f.a.namesSeen(f.prev, g))) && f.a.named(f.prev, g) != ""
		},
		reply: (*following).reference,
	},
	{
		name:     "place",
		examples: []followExample{{"befriending in Whitby", "and in Kendal?"}, {"what is a link worker?", "any in Kendal?"}},
		applies: func(f *following) bool {
			// "and in Hastings?", "same but in Ripon for carers?"; services
			// there: "any in Harrogate?" after "what is a link worker?". A
			// filter is a request of its own after a subject with no kind
			// of service: "anything for teenagers in Camborne?" after
			// consent.
			g, prev := f.g, f.prev
			return f.hasPlace && len(g.cats) == 0 && (len(g.telling) == 0 || g.aboutShown || g.bare || g.same) && prev.hasRequest() &&
				(len(g.filters) == 0 || len(prev.Categories) > 0 || len(prev.Kinds) > 0)
		},
		reply: func(f *following) (*Reply, error) {
			r, err := f.a.servicesFollowUp(f.ctx, f.said, f.m.q, f.prev, f.g.filters, FollowPlace, f.g.place)
			if err == nil && f.g.pronoun && len(f.prev.Shown) > 0 {
				// "does it run in St Ives too?": "it" is the service shown first.
				sameFirst(r, f.prev.focus())
			}
			return r, err
		},
	},
	{
		name:     "days",
		examples: []followExample{{"choir in Kendal", "any on a saturday?"}},
		applies: func(f *following) bool {
			// "any on a saturday?", "is it on weekends?"; not "who's on
			// call this weekend?": that asks nothing of them.
			g := f.g
			return !f.hasPlace && len(g.days) > 0 && (len(g.kinds(f.prev)) == 0 || g.bare || g.daysOnly) && f.shown() &&
				(g.marker || g.plural || g.pronoun || g.askThem || g.seeks || g.daysOnly && g.ones)
		},
		reply: func(f *following) (*Reply, error) { return f.a.onDays(f.ctx, f.said, f.prev, f.g) },
	},
	{
		name:     "filter",
		examples: []followExample{{"befriending in Whitby", "is it free?"}},
		applies: func(f *following) bool {
			// "is it free?", "self-referral?", "can patients self refer?"
			g := f.g
			return !f.hasPlace && len(g.filters) > 0 && len(g.kinds(f.prev)) == 0 && len(g.telling) == 0 && f.prev.narrowable()
		},
		reply: func(f *following) (*Reply, error) { return f.a.filtered(f.ctx, f.said, nil, f.prev, f.g) },
	},
	{
		name:     "among-shown",
		examples: []followExample{{"walking groups in Whitby", "which ones go along the cliff top?"}},
		applies: func(f *following) bool {
			// "any step-free routes?", "do any of them speak Punjabi?": the
			// services shown whose own words say what is asked. Judged
			// only here, once the cheaper readings have passed.
			g := f.g
			return !f.hasPlace && f.shown() && len(g.kinds(f.prev)) == 0 && len(g.filters) == 0 && len(g.telling) > 0 && !g.aboutShown && !g.strange
		},
		reply: func(f *following) (*Reply, error) { return f.a.amongShown(f.said, f.prev, f.m.an), nil },
	},
	{
		name:     "about-shown",
		examples: []followExample{{"befriending in Whitby", "how do I refer to them?"}},
		applies: func(f *following) bool {
			// "how do I refer to them?", "what day is it on?", "the second
			// one: when does it meet?"
			g := f.g
			return !f.hasPlace && f.shown() && (len(g.cats) == 0 && (g.pronoun || g.aboutShown || g.access && len(g.telling) <= 1) || g.askThem && len(g.telling) <= 2)
		},
		reply: (*following).reference,
	},
	{
		name:     "topic",
		examples: []followExample{{"befriending in Whitby", "what about walking groups?"}},
		applies: func(f *following) bool {
			// Topic follow-ups that say so need the message alone only
			// when their reading finds nothing.
			g := f.g
			return !f.hasPlace && f.prev.Place != "" && (len(g.cats) > 0 || g.there) && (g.marker || g.there) && (len(g.filters) == 0 || len(g.cats) > 0)
		},
		reply: (*following).topic,
	},
	{
		name:     "subject",
		examples: []followExample{{"what is a link worker?", "who pays for them?"}},
		applies: func(f *following) bool {
			return !f.hasPlace && f.prev.pointedAt() != "" && len(f.g.cats) == 0 && f.g.pronoun && len(f.g.filters) == 0
		},
		reply: func(f *following) (*Reply, error) {
			topic := f.prev.pointedAt()
			return f.a.asFollowUp(f.ctx, f.said, nil, FollowSubject, withSubject(f.said.Question, topic), false,
				&Followed{Topic: topic, pointed: true})
		},
	},
	{
		name:     "filter-unanswered",
		examples: []followExample{{"befriending in Whitby", "anything free though? she is skint"}},
		applies: func(f *following) bool {
			// "is there anything free though? she's on pension credit"
			g := f.g
			if f.hasPlace || len(g.filters) == 0 || len(g.kinds(f.prev)) > 0 || !f.prev.narrowable() {
				return false
			}
			answered, _ := f.aloneAnswered()
			return !answered
		},
		reply: func(f *following) (*Reply, error) { return f.a.filtered(f.ctx, f.said, f.alone, f.prev, f.g) },
	},
	{
		name:     "topic-there",
		examples: []followExample{{"choir in Kendal", "she used to love growing veg"}},
		applies: func(f *following) bool {
			// "what about debt?", "anything for carers there?", "his mum
			// has been his carer: is there anything for her?"; "he was a
			// joiner, likes making stuff with his hands": a kind of
			// service told of, that means nothing alone. A services reply
			// with no place, when the conversation has one: "is the
			// befriending one free?" after services in Leeds North.
			g := f.g
			if f.hasPlace || f.prev.Place == "" || len(g.cats) == 0 && !g.there {
				return false
			}
			if g.marker || g.there || g.seeks && g.namesKind || g.kindAsked {
				return true
			}
			r, err := f.alone()
			if err != nil {
				return false
			}
			placeless := r.Kind == ReplyServices && r.Place == ""
			return placeless || g.tells && g.namesKind && !r.Answered && len(r.Results) == 0
		},
		reply: (*following).topic,
	},
	{
		name:     "subject-near",
		examples: []followExample{{"how do I refer someone to a link worker?", "can patients refer themselves?"}},
		applies: func(f *following) bool {
			// Ambiguous alone, but near something: "do i need the pt's
			// consent first?" after how to refer to a link worker. A
			// referral question with no one to refer to ("can patients
			// refer themselves?") is about the subject too; "is there
			// evidence it works?", "who pays for them?"
			g := f.g
			if f.hasPlace || f.prev.pointedAt() == "" || len(g.cats) > 0 {
				return false
			}
			if g.pronoun || g.access && len(g.telling) <= 1 {
				return true
			}
			// (One that names its own object, "how do I refer to adult
			// social care?", is a question of its own, near or not.)
			answered, results := f.aloneAnswered()
			return g.marker && !answered || !answered && results && len(g.telling) <= 2
		},
		reply: func(f *following) (*Reply, error) {
			topic := f.prev.pointedAt()
			return f.a.asFollowUp(f.ctx, f.said, f.alone, FollowSubject, withSubject(f.said.Question, topic), false,
				&Followed{Topic: topic, pointed: f.g.pronoun})
		},
	},
}

// reference answers about a service shown.
func (f *following) reference() (*Reply, error) { return f.a.reference(f.ctx, f.said, f.prev, f.g) }

// topic asks about a new topic in the last place.
func (f *following) topic() (*Reply, error) {
	return f.a.topicFollowUp(f.ctx, f.said, f.alone, f.prev, f.g)
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
	if g.age > 0 {
		// "his mum's 48 … anything for her?": services she is old enough for.
		asked += fmt.Sprintf(" aged %d", g.age)
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
	// What ranks within the kinds is their names and the filters': the
	// first message's other words belonged to its place and its story
	// ("walks in Chorlton for a wheelchair user" would put Chorlton's
	// walk first in Wythenshawe).
	an, err := a.ix.Analyse(ctx, reading.LowerWords((&Context{Categories: kinds}).request(a, f.Filters, "")))
	if err != nil {
		return nil, err
	}
	sr := a.request(an, slices.Clone(kinds), 0)
	if last, ok := prev.lastRequest(kinds); ok {
		// The rest of the search shown carries over as it was made: its
		// filters, and the age of the person it was for.
		sr.filters, sr.age = union(last.filters, sr.filters), last.age
		asRead += sr.ageText()
	}
	r := &Reply{Question: said.Question, Redacted: said.Redacted, Place: q.place}
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
		// The place of the search shown, or else as the conversation
		// remembers it, read again ("in" lets a neighbourhood written in
		// lower case read as a place).
		pq, ok := prev.lastPlace()
		if !ok {
			pq = a.read(tokenize("in " + prev.Place))
		}
		if pq.place != "" {
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
	session := reading.DaysSession(g.days)
	on := func(id string) bool {
		e, ok := a.ix.Entry(id)
		return ok && e.Service != nil && reading.MeetsOn(e.Service.Hours, g.days)
	}
	if !g.plural {
		r, err := a.reference(ctx, said, prev, g)
		if err != nil || r.Followed == nil || len(r.Results) == 0 {
			return r, err
		}
		if first := r.Results[0]; !on(first.ID) {
			r.Notice = fmt.Sprintf("%s does not list %s: its details say when it meets.", first.Title, session)
			// "her son can only bring her on a saturday, is that ok?":
			// another shown that meets then is what helps.
			if i := slices.IndexFunc(prev.Shown, func(id string) bool { return id != first.ID && on(id) }); i >= 0 {
				r.Results = a.results([]index.Hit{{ID: prev.Shown[i], DistanceKm: -1}})
				r.Notice = fmt.Sprintf("%s does not list %s; %s does:", first.Title, session, r.Results[0].Title)
				// It is what "their number" means next.
				r.Followed.Entry, r.Followed.AsRead = r.Results[0].ID, r.Results[0].Title
			}
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
	r.Followed = &Followed{How: FollowFilter, AsRead: strings.TrimSpace(prev.topicText(a) + " " + reading.DaysWhen(g.days)), Topic: prev.topicText(a), Place: prev.Place}
	if len(hits) == 0 {
		// Others of the same kind there may meet then.
		others, err := a.othersOn(ctx, prev, g.days)
		if err != nil {
			return nil, err
		}
		r.Notice = fmt.Sprintf("None of those lists %s: their details say when they meet.", session)
		if len(others) == 0 {
			return r, nil
		}
		r.Notice = fmt.Sprintf("None of those lists %s; these %s do:", session, a.describe(prev.kinds(), "services", nil))
		hits = others
	}
	r.Kind, r.Answered, r.Results = ReplyServices, true, a.results(hits)
	return r, nil
}

// daysPool is how many services of the kind there are looked through for
// those that meet on the days asked.
const daysPool = 50

// othersOn finds services of the conversation's kinds in its place, not
// shown yet, that meet on the days: "anything at the weekend?" when none
// of those shown does.
func (a *Answerer) othersOn(ctx context.Context, prev *Context, days []int) ([]index.Hit, error) {
	kinds := prev.kinds()
	if prev.Place == "" || len(kinds) == 0 {
		return nil, nil
	}
	q := a.read(tokenize("in " + prev.Place))
	if len(q.areas) == 0 && len(q.districts) == 0 {
		return nil, nil
	}
	hits, _, err := a.ix.Search(ctx, index.Query{
		Categories: kinds, OnlyCategories: true, Areas: q.areas, Districts: q.districts,
		Filters: prev.Filters, Kind: knowledge.KindService, Near: q.point, WithinKm: nearKm(q), Size: daysPool,
	})
	if err != nil {
		return nil, err
	}
	var out []index.Hit
	for _, h := range hits {
		if s := a.service(h.ID); s != nil && !slices.Contains(prev.Shown, h.ID) && reading.MeetsOn(s.Hours, days) && len(out) < maxResults {
			out = append(out, h)
		}
	}
	return out, nil
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

var objectPrepositions = set(reading.List("object_prepositions")...)

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
