package answer

import (
	"context"
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
)

// How many entries a reply carries.
const (
	maxResults    = 5 // results searched for an answer
	maxNearMisses = 3 // "did you mean" offers when nothing answers
	maxRelated    = 5 // related glossary terms after an answer
	// maxCandidates is how many entries each search gives the decision
	// to weigh: more than are shown, since the best answer is often not
	// the search's first.
	maxCandidates = 8
)

// focusTries is how many of the best candidates are looked through for one
// that says what a "what's the…" question asks about.
const focusTries = 3

// general answers a question that is not a search for services in a place.
func (a *Answerer) general(ctx context.Context, r *Reply, q question, an index.Analysis, ask asked) (*Reply, error) {
	r.Kind = ReplyUnknown
	if len(an.Words) == 0 {
		return r, nil
	}
	// Only a place named where the question asks is part of what is asked.
	q.placesWritten = ask.q.placesWritten
	cands, err := a.candidates(ctx, q, an, ask)
	if err != nil {
		return nil, err
	}
	fs, err := a.measure(ctx, cands, ask, q, an)
	if err != nil {
		return nil, err
	}
	var d decided
	if a.decision != nil {
		d = a.decision.decide(fs)
	} else {
		d = a.handSet(cands, ask)
	}
	if a.trace != nil {
		a.trace(cands, fs, d)
	}
	ordered := make([]candidate, len(d.order))
	for i, k := range d.order {
		ordered[i] = cands[k]
	}
	cands = ordered
	if d.answered {
		hits := make([]index.Hit, len(cands))
		for i, c := range cands {
			hits[i] = c.Hit
		}
		r = a.answered(r, hits[:min(len(hits), maxResults)], an)
		for i := range r.Results {
			r.Results[i].Headline, r.Results[i].Clause = cands[i].Headline, cands[i].clause
		}
		return r, nil
	}
	// Offer near misses only when they answer some of the question, or,
	// in a message of several sentences, the rank model thinks them
	// likely (a story matches little of any entry): an off-topic question
	// gets none.
	var near []index.Hit
	for i, c := range cands {
		if match(c.Hit) >= MinNearMiss || !ask.whole && i < len(d.likely) && d.likely[i] {
			near = append(near, c.Hit)
		}
	}
	r.Results = a.results(near[:min(len(near), maxNearMisses)])
	return r, nil
}

// candidate is an entry that may answer, with how well it fits the whole
// message and the sentence that asks.
type candidate struct {
	index.Hit
	clause     float64 // match against the asking sentence alone
	clauseHead float64 // share of the entry's best phrasing the asking sentence says
}

// answers decides whether a candidate answers the question: it matches
// the message, or, in a message of several sentences, the sentence that
// asks while the message says most of what the entry is about.
func (a *Answerer) answers(c candidate, ask asked) bool {
	if ask.focus >= 0 && !a.ix.Says(c.ID, ask.an.Words[ask.focus], ask.an.Concepts, ask.focus) {
		return false // it never says what is asked about
	}
	if match(c.Hit) >= MinMatch {
		return true
	}
	return !ask.whole && c.clause >= MinClause && c.Headline >= MinHeadline
}

// candidates finds the entries that may answer: the best for the whole
// message and, in a message of several sentences, for the sentence that
// asks, each judged against both.
func (a *Answerer) candidates(ctx context.Context, q question, an index.Analysis, ask asked) ([]candidate, error) {
	hits, err := a.searchGeneral(ctx, q, an)
	if err != nil {
		return nil, err
	}
	out := make([]candidate, len(hits))
	for i, h := range hits {
		out[i] = candidate{Hit: h, clause: match(h), clauseHead: h.Headline}
	}
	if ask.whole || len(ask.an.Words) == 0 {
		return out, nil
	}
	qc := ask.q
	more, err := a.searchGeneral(ctx, qc, ask.an)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, h := range more {
		if !slices.ContainsFunc(out, func(c candidate) bool { return c.ID == h.ID }) {
			extra = append(extra, h.ID)
		}
	}
	for _, h := range a.ix.Judge(index.Query{Analysis: an}, extra) {
		out = append(out, candidate{Hit: h})
	}
	ids := make([]string, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	clauseQuery, err := a.generalQuery(ctx, qc, ask.an)
	if err != nil {
		return nil, err
	}
	for _, h := range a.ix.Judge(clauseQuery, ids) {
		for i := range out {
			if out[i].ID == h.ID {
				out[i].clause, out[i].clauseHead = match(h), h.Headline
			}
		}
	}
	return out, nil
}

func (a *Answerer) answered(r *Reply, hits []index.Hit, an index.Analysis) *Reply {
	r.Answered = true
	r.Kind = ReplyAnswer
	if hits[0].Kind == knowledge.KindService {
		r.Kind = ReplyServices
	}
	r.Results = a.results(hits)
	r.Related = a.related(r.Results[0], an)
	return r
}

// aboutPlace answers from an FAQ written about a place ("is there a Whitby
// social prescribing newsletter?") a question that would otherwise be read
// as a search for that place's link workers.
func (a *Answerer) aboutPlace(ctx context.Context, r *Reply, q question, an index.Analysis, ask asked) (*Reply, bool, error) {
	hits, err := a.searchGeneral(ctx, q, an)
	if err != nil {
		return nil, false, err
	}
	if len(hits) == 0 || hits[0].Kind != knowledge.KindFAQ || match(hits[0]) < MinPlaceFAQ {
		return nil, false, nil
	}
	return a.answered(r, hits, an), true, nil
}

// searchGeneral searches every kind of entry for a question. A place named
// in a question that is not a service search is part of what is asked: an
// entry that mentions it ("the Whitby newsletter") matches it as it would
// any word, and one that does not covers that much less of the question.
func (a *Answerer) searchGeneral(ctx context.Context, q question, an index.Analysis) ([]index.Hit, error) {
	query, err := a.generalQuery(ctx, q, an)
	if err != nil {
		return nil, err
	}
	query.Size = maxCandidates
	hits, _, err := a.ix.Search(ctx, query)
	return hits, err
}

// generalQuery is the query for a question that is not a service search:
// its words, the places it names weighed as what an entry must also say.
func (a *Answerer) generalQuery(ctx context.Context, q question, an index.Analysis) (index.Query, error) {
	an, unmatched, err := a.ix.WithPlaces(ctx, an, q.placesWritten, len(q.content))
	if err != nil {
		return index.Query{}, err
	}
	return index.Query{Analysis: an, Subject: a.subject(q, an), Unmatched: unmatched}, nil
}

// describe names categories for a sentence: "befriending or music and
// singing services", "free befriending services (self-referral)".
func (a *Answerer) describe(cats []string, fallback string, filters []string) string {
	s := fallback
	if len(cats) > 0 {
		labels := make([]string, len(cats))
		for i, c := range cats {
			labels[i] = a.vocab.Label(c)
		}
		s = strings.Join(labels, " or ")
		if fallback != "" {
			s += " services"
		}
	}
	if f := FilterText(filters); f != "" {
		s += " (" + f + ")"
	}
	return s
}

func (a *Answerer) results(hits []index.Hit) []Result {
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		e, ok := a.ix.Entry(h.ID)
		if !ok {
			continue
		}
		res := Result{Kind: e.Kind, ID: h.ID, Score: h.Score, Coverage: h.Coverage, HeadCoverage: h.HeadCoverage, FAQ: e.FAQ, Term: e.Term, Service: e.Service, DistanceKm: h.DistanceKm}
		switch {
		case e.FAQ != nil:
			res.Title, res.Text = e.FAQ.Question, e.FAQ.Answer
		case e.Term != nil:
			res.Title, res.Text = e.Term.Term, e.Term.Definition
		case e.Service != nil:
			res.Title, res.Text = e.Service.Name, e.Service.Description
		}
		out = append(out, res)
	}
	return out
}

// related points from an answer to glossary terms: a term's see-also
// entries, and the terms the question named.
func (a *Answerer) related(top Result, an index.Analysis) []Related {
	var out []Related
	add := func(id string) {
		if id == top.ID || len(out) >= maxRelated {
			return
		}
		for _, r := range out {
			if r.ID == id {
				return
			}
		}
		if e, ok := a.ix.Entry(id); ok && e.Term != nil {
			out = append(out, Related{ID: id, Term: e.Term.Term})
		}
	}
	if top.Term != nil {
		for _, id := range top.Term.SeeAlso {
			add(id)
		}
	}
	for _, k := range index.Keys(an.Concepts) {
		add(k)
	}
	return out
}

func (a *Answerer) setCategories(r *Reply, cats []string) {
	r.Categories = cats
	r.Labels = make([]string, len(cats))
	for i, c := range cats {
		r.Labels[i] = a.vocab.Label(c)
	}
}
