package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
)

const maxResults = 5

// general answers a question that is not a search for services in a place.
func (a *Answerer) general(ctx context.Context, r *Reply, q question, an index.Analysis) (*Reply, error) {
	r.Kind = ReplyUnknown
	if len(an.Words) == 0 {
		return r, nil
	}
	// A place named in a question that is not a service search is part of
	// what is asked; an answer that ignores it covers less of the question.
	unmatched := 0.0
	for range len(q.areas) + len(q.districts) + len(q.unknown) {
		unmatched += a.ix.MaxIDF()
	}
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Subject: a.subject(q, an), Size: maxResults, Unmatched: unmatched})
	if err != nil {
		return nil, err
	}
	if len(hits) > 0 && match(hits[0]) >= MinMatch {
		r.Answered = true
		r.Kind = ReplyAnswer
		if hits[0].Kind == knowledge.KindService {
			r.Kind = ReplyServices
		}
		r.Results = a.results(hits)
		r.Related = a.related(r.Results[0], an)
		return r, nil
	}
	// Offer near misses only when they answer some of the question: an
	// off-topic question gets none.
	var near []index.Hit
	for _, h := range hits {
		if match(h) >= MinNearMiss {
			near = append(near, h)
		}
	}
	r.Results = a.results(near[:min(len(near), 3)])
	return r, nil
}

// servicesIn searches for services in the places a question named. Local
// services come first; national ones fill the list, marked as such.
func (a *Answerer) servicesIn(ctx context.Context, r *Reply, q question, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	a.setCategories(r, cats)
	hits, err := a.ix.Search(ctx, index.Query{
		Analysis:   an,
		Categories: cats,
		Areas:      q.areas,
		Districts:  q.districts,
		Kind:       knowledge.KindService,
		Size:       maxResults,
	})
	if err != nil {
		return nil, err
	}
	var found []index.Hit
	for _, h := range hits {
		if a.relevantService(h, an, cats) {
			found = append(found, h)
		}
	}
	if len(found) == 0 {
		r.Notice = fmt.Sprintf("I couldn't find %s in %s.", a.describe(cats, "a service like that"), r.Place)
		alt, err := a.alternatives(ctx, an, cats, q.areas)
		if err != nil {
			return nil, err
		}
		r.Results = alt
		return r, nil
	}
	r.Answered = true
	r.Kind = ReplyServices
	r.Results = a.results(found)
	if n := maxResults - len(found); n > 0 && len(a.national) > 0 {
		national, err := a.nationalServices(ctx, an, cats, n)
		if err != nil {
			return nil, err
		}
		r.Results = append(r.Results, national...)
	}
	return r, nil
}

// relevantService reports whether a service found in a place answers the
// request: it is in a category asked for, or matches enough of the words.
func (a *Answerer) relevantService(h index.Hit, an index.Analysis, cats []string) bool {
	if len(cats) > 0 {
		return a.hasCategory(h.ID, cats)
	}
	return len(an.Words) == 0 || h.Coverage >= MinServiceCoverage
}

// servicesAnywhere searches for services of a kind when no place was named.
func (a *Answerer) servicesAnywhere(ctx context.Context, r *Reply, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	a.setCategories(r, cats)
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Categories: cats, Kind: knowledge.KindService, Size: maxResults})
	if err != nil {
		return nil, err
	}
	r.Results = a.results(hits)
	a.markNational(r.Results)
	if len(hits) > 0 && a.hasCategory(hits[0].ID, cats) {
		r.Answered = true
		r.Kind = ReplyServices
		r.Notice = "Add a town or postcode district to see what is near the person"
		if ex := a.exampleArea(); ex != "" {
			r.Notice += fmt.Sprintf(", e.g. \"%s in %s\"", a.describe(cats, ""), ex)
		}
		r.Notice += "."
	}
	return r, nil
}

// notCovered answers a service question about a place the knowledge does
// not cover: Signpost says so and offers national services and the same
// kind of service elsewhere, marked, rather than pretending.
func (a *Answerer) notCovered(ctx context.Context, r *Reply, q question, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	a.setCategories(r, cats)
	r.Notice = fmt.Sprintf("I don't have %s listed for %s yet.", a.describe(cats, "services"), q.unknown[0])
	alt, err := a.alternatives(ctx, an, cats, nil)
	if err != nil {
		return nil, err
	}
	r.Results = alt
	return r, nil
}

// alternatives are what to offer when nothing matches in the place asked
// about: national services first, then the same kind of service in other
// areas, each marked.
func (a *Answerer) alternatives(ctx context.Context, an index.Analysis, cats []string, exclude []string) ([]Result, error) {
	if len(cats) == 0 {
		return nil, nil
	}
	out, err := a.nationalServices(ctx, an, cats, 3)
	if err != nil {
		return nil, err
	}
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Categories: cats, Kind: knowledge.KindService, Size: 8})
	if err != nil {
		return nil, err
	}
	var keep []index.Hit
	for _, h := range hits {
		e, _ := a.ix.Entry(h.ID)
		if e.Service == nil || !a.hasCategory(h.ID, cats) || slices.Contains(exclude, index.AreaKey(e.Service.Area)) || a.isNational(e.Service) {
			continue
		}
		keep = append(keep, h)
	}
	further := a.results(keep)
	for i := range further {
		further[i].Further = true
	}
	out = append(out, further...)
	return out[:min(len(out), maxResults)], nil
}

func (a *Answerer) nationalServices(ctx context.Context, an index.Analysis, cats []string, n int) ([]Result, error) {
	if len(a.national) == 0 || len(cats) == 0 {
		return nil, nil
	}
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Categories: cats, Areas: a.national, Kind: knowledge.KindService, Size: n})
	if err != nil {
		return nil, err
	}
	var keep []index.Hit
	for _, h := range hits {
		if a.hasCategory(h.ID, cats) {
			keep = append(keep, h)
		}
	}
	res := a.results(keep)
	a.markNational(res)
	return res, nil
}

func (a *Answerer) markNational(rs []Result) {
	for i := range rs {
		if rs[i].Service != nil && a.isNational(rs[i].Service) {
			rs[i].National = true
		}
	}
}

func (a *Answerer) isNational(s *knowledge.Service) bool {
	return nationalAreas[index.AreaKey(s.Area)]
}

// exampleArea names one local area the knowledge covers, for hints.
func (a *Answerer) exampleArea() string {
	var names []string
	for key, name := range a.areaNames {
		if !nationalAreas[key] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return names[0]
}

func (a *Answerer) hasCategory(id string, cats []string) bool {
	e, ok := a.ix.Entry(id)
	if !ok || e.Service == nil {
		return false
	}
	for _, c := range e.Service.Categories {
		if slices.Contains(cats, c) {
			return true
		}
	}
	return false
}

// describe names categories for a sentence: "befriending or music and singing services".
func (a *Answerer) describe(cats []string, fallback string) string {
	if len(cats) == 0 {
		return fallback
	}
	labels := make([]string, len(cats))
	for i, c := range cats {
		labels[i] = a.vocab.Label(c)
	}
	s := strings.Join(labels, " or ")
	if fallback == "" {
		return s
	}
	return s + " services"
}

func (a *Answerer) results(hits []index.Hit) []Result {
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		e, ok := a.ix.Entry(h.ID)
		if !ok {
			continue
		}
		res := Result{Kind: e.Kind, ID: h.ID, Score: h.Score, Coverage: h.Coverage, HeadCoverage: h.HeadCoverage, FAQ: e.FAQ, Term: e.Term, Service: e.Service, DistanceKm: -1}
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
		if id == top.ID || len(out) >= 5 {
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
