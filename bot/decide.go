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
	r.Results = a.results(hits)
	if len(hits) > 0 && match(hits[0]) >= MinMatch {
		r.Answered = true
		r.Kind = ReplyAnswer
		if hits[0].Kind == knowledge.KindService {
			r.Kind = ReplyServices
		}
		r.Related = a.related(r.Results[0], an)
	}
	return r, nil
}

// servicesIn searches for services in the places a question named.
func (a *Answerer) servicesIn(ctx context.Context, r *Reply, q question, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	r.Categories = cats
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
		if len(cats) > 0 && !a.hasCategory(h.ID, cats) {
			continue
		}
		if len(cats) == 0 && len(an.Words) > 0 && h.Coverage < MinServiceCoverage {
			continue
		}
		found = append(found, h)
	}
	if len(found) > 0 {
		r.Answered = true
		r.Kind = ReplyServices
		r.Results = a.results(found)
		return r, nil
	}
	r.Notice = fmt.Sprintf("I couldn't find %s in %s.", a.describe(cats, "a service like that"), r.Place)
	if len(cats) > 0 {
		near, err := a.elsewhere(ctx, an, cats)
		if err != nil {
			return nil, err
		}
		r.Results = near
	}
	return r, nil
}

// servicesAnywhere searches for services of a kind when no place was named.
func (a *Answerer) servicesAnywhere(ctx context.Context, r *Reply, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	r.Categories = cats
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Categories: cats, Kind: knowledge.KindService, Size: maxResults})
	if err != nil {
		return nil, err
	}
	r.Results = a.results(hits)
	if len(hits) > 0 && a.hasCategory(hits[0].ID, cats) {
		r.Answered = true
		r.Kind = ReplyServices
		r.Notice = "Add a town or postcode district to see what is near the person, e.g. \"" + a.describe(cats, "") + " in Harrogate\"."
	}
	return r, nil
}

// notCovered answers a service question about a place the knowledge does
// not cover: Signpost says so and offers the same kind of service elsewhere,
// marked as further away, rather than pretending.
func (a *Answerer) notCovered(ctx context.Context, r *Reply, q question, an index.Analysis, cats []string) (*Reply, error) {
	r.Kind = ReplyUnknown
	r.Categories = cats
	r.Notice = fmt.Sprintf("I don't have %s listed for %s yet.", a.describe(cats, "services"), q.unknown[0])
	if len(cats) == 0 {
		return r, nil
	}
	near, err := a.elsewhere(ctx, an, cats)
	if err != nil {
		return nil, err
	}
	r.Results = near
	return r, nil
}

func (a *Answerer) elsewhere(ctx context.Context, an index.Analysis, cats []string) ([]Result, error) {
	hits, err := a.ix.Search(ctx, index.Query{Analysis: an, Categories: cats, Kind: knowledge.KindService, Size: 3})
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
	for i := range res {
		res[i].Further = true
	}
	return res, nil
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
