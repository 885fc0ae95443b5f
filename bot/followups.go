package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/privacy"
)

// follow reads a message that may follow on from prev. A message that
// stands on its own is answered on its own: context never turns a clear
// question into a wrong one.
func (a *Answerer) follow(ctx context.Context, prev *Context, message string) (*Reply, error) {
	// The message on its own is worked out only when a rule needs it:
	// most follow-ups are read at a glance, and answering twice would
	// double their cost.
	text, pii := a.Redact(message)
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
	// Risk is read in the whole message, not only the question kept of a
	// long one.
	m.risk, m.riskRead = a.risk.Detect(normaliseWhole(message)), true
	if m.risk.Clear() {
		return answerAlone() // a person at risk: help, nothing inferred
	}
	// Possible risk follows on as any message does; the help goes beside
	// the answer (answerText reads m.risk).
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
	case hasPlace && len(g.cats) == 0 && (len(g.telling) == 0 || g.aboutShown || g.bare || g.same) && prev.hasRequest() &&
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
	case !hasPlace && len(g.days) > 0 && (len(g.kinds(prev)) == 0 || g.bare || g.daysOnly) && prev.Services && len(prev.Shown) > 0 &&
		(g.marker || g.plural || g.pronoun || g.askThem || g.seeks || g.daysOnly && g.ones):
		// (Not "who's on call this weekend?": that asks nothing of them.)
		// "any on a saturday?", "is it on weekends?"
		return a.onDays(ctx, said, prev, g)
	case !hasPlace && len(g.filters) > 0 && len(g.kinds(prev)) == 0 && len(g.telling) == 0 && prev.narrowable():
		// "is it free?", "self-referral?", "can patients self refer?"
		return a.filtered(ctx, said, nil, prev, g)
	}
	// "any step-free routes?", "do any of them speak Punjabi?": the
	// services shown whose own words say what is asked. Judged only here,
	// once the cheaper readings have passed.
	if !hasPlace && prev.Services && len(prev.Shown) > 0 && len(g.kinds(prev)) == 0 && len(g.filters) == 0 && len(g.telling) > 0 && !g.aboutShown && !g.strange {
		if among := a.amongShown(said, prev, m.an); among != nil {
			return among, nil
		}
	}
	if !hasPlace && prev.Services && len(prev.Shown) > 0 && (len(g.cats) == 0 && (g.pronoun || g.aboutShown || g.access && len(g.telling) <= 1) || g.askThem && len(g.telling) <= 2) {
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
	case !hasPlace && prev.Place != "" && (len(g.cats) > 0 || g.there) && (g.marker || g.there || placeless || g.seeks && g.namesKind || g.kindAsked ||
		g.tells && g.namesKind && !alone.Answered && len(alone.Results) == 0):
		// ("he was a joiner, likes making stuff with his hands": a kind
		// of service told of, that means nothing alone.)
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
		if first := r.Results[0]; !on(first.ID) {
			r.Notice = fmt.Sprintf("%s does not list a %s session: its details say when it meets.", first.Title, days)
			// "her son can only bring her on a saturday, is that ok?":
			// another shown that meets then is what helps.
			if i := slices.IndexFunc(prev.Shown, func(id string) bool { return id != first.ID && on(id) }); i >= 0 {
				r.Results = a.results([]index.Hit{{ID: prev.Shown[i], DistanceKm: -1}})
				r.Notice = fmt.Sprintf("%s does not list a %s session; %s does:", first.Title, days, r.Results[0].Title)
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
	r.Followed = &Followed{How: FollowFilter, AsRead: strings.TrimSpace(prev.topicText(a) + " on " + days), Topic: prev.topicText(a), Place: prev.Place}
	if len(hits) == 0 {
		// Others of the same kind there may meet then.
		others, err := a.othersOn(ctx, prev, g.days)
		if err != nil {
			return nil, err
		}
		r.Notice = fmt.Sprintf("None of those lists a %s session: their details say when they meet.", days)
		if len(others) == 0 {
			return r, nil
		}
		r.Notice = fmt.Sprintf("None of those lists a %s session; these %s do:", days, a.describe(prev.kinds(), "services", nil))
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
		if s := a.service(h.ID); s != nil && !slices.Contains(prev.Shown, h.ID) && meetsOn(s.Hours, days) && len(out) < maxResults {
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

var objectPrepositions = set(readingList("object_prepositions")...)

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
