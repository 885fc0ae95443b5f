package answer

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/privacy"
)

// placeRadiusKm is how far from a town the knowledge does not list as an
// area a service can be and still count as in that town.
const placeRadiusKm = 8

// When nothing of a kind is listed where asked, the alternatives offered.
const (
	maxNational  = 3 // services open to anyone in England
	maxElsewhere = 8 // of the same kind elsewhere, nearest first
	// maxElsewhereKm is how far the nearest services elsewhere may be to
	// be offered: a group further than this is no use to go to, and
	// national services are offered instead.
	maxElsewhereKm = 40
)

// serviceRequest is a service search worked out from a question.
type serviceRequest struct {
	an index.Analysis // the question without its filter words
	// rank is what orders services of the kinds asked for: the whole
	// question, filter words too ("young carers" ranks the young carers'
	// service first among carers' services).
	rank    index.Analysis
	cats    []string
	filters []string
	// soft are the filters only the story named ("kids coughing" in a
	// damp flat), not the sentence that asks: when no service meets them,
	// the search goes on without them rather than finding nothing.
	soft []string
	from int
	// age is the age the question gives the person ("his mum's 48"): a
	// service whose eligibility leaves it out is not offered. 0: not said.
	age int
}

// search is a service search as it was made: the request, and where it
// looked. A conversation keeps it, so that a follow-up ("any free ones?",
// "and in Derby?") changes what it changes and searches again, rather
// than being written out as a sentence and read again.
type search struct {
	sr    serviceRequest
	where question // only the place: areas, districts, unknown, place, point
}

// searched records on r the search it answers: the request from its first
// page, and the place as the conversation may keep it (a full postcode
// only as its district).
func searched(r *Reply, q question, sr serviceRequest) {
	sr.from = 0
	r.made = &search{sr: sr, where: question{
		areas: q.areas, districts: q.districts, unknown: q.unknown,
		place: privacy.Shareable(q.place), point: q.point, pointIsArea: q.pointIsArea, pointRough: q.pointRough,
	}}
}

// query is the service search a request asks for, wherever it looks:
// its words, kinds, filters and age, services only. Callers add where.
func (sr serviceRequest) query(size int) index.Query {
	return index.Query{Analysis: sr.an, Categories: sr.cats, OnlyCategories: len(sr.cats) > 0, Filters: sr.filters,
		Age: sr.age, Kind: knowledge.KindService, Size: size}
}

// ageText says the age a request gives, for a notice: " for someone aged 48".
func (sr serviceRequest) ageText() string {
	if sr.age == 0 {
		return ""
	}
	return fmt.Sprintf(" for someone aged %d", sr.age)
}

// storyFilters are the filters a message names only outside the sentence
// that asks: "kids coughing constantly" tells of the household. An age
// ("her son's 16") says whom the question is about: then children stays.
func storyFilters(whole, clause index.Analysis, age bool) []string {
	var out []string
	for _, m := range whole.Filters {
		if age && m.Key == knowledge.FilterChildren || slices.ContainsFunc(clause.Filters, func(c index.Match) bool { return c.Key == m.Key }) {
			continue
		}
		if !slices.Contains(out, m.Key) {
			out = append(out, m.Key)
		}
	}
	return out
}

// request separates filter words ("free", "self-referral", "for carers")
// from the rest of a service question.
func (a *Answerer) request(an index.Analysis, cats []string, from int) serviceRequest {
	req := serviceRequest{an: an, rank: an, cats: cats, from: from}
	if len(an.Filters) == 0 {
		return req
	}
	for _, m := range an.Filters {
		if !slices.Contains(req.filters, m.Key) {
			req.filters = append(req.filters, m.Key)
		}
	}
	req.an = a.ix.Without(an, an.Filters...)
	// "befriending for carers": carers is who it is for, not a second kind
	// of service, once the filter has taken the words.
	var kept []string
	for _, c := range req.cats {
		if c == "link-worker" || slices.Contains(categoryKeys(req.an.Categories), c) || !slices.Contains(categoryKeys(an.Categories), c) {
			kept = append(kept, c)
		}
	}
	if len(kept) > 0 || len(req.cats) == 0 {
		req.cats = kept
	}
	return req
}

// servicesIn searches for services in the areas or districts a question
// named: only services there, of the kind asked for, nearest first when
// the place has a location. National services fill the list, marked.
func (a *Answerer) servicesIn(ctx context.Context, r *Reply, q question, sr serviceRequest) (*Reply, error) {
	r.Kind = ReplyUnknown
	searched(r, q, sr)
	a.setCategories(r, sr.cats)
	r.Filters, r.From = sr.filters, sr.from
	iq := sr.query(maxResults)
	if len(sr.cats) > 0 {
		iq.Analysis = sr.rank // every service found is of a kind asked for: the words only rank
	}
	iq.Areas, iq.Districts, iq.Near, iq.WithinKm, iq.From = q.areas, q.districts, q.point, nearKm(q), sr.from
	hits, total, err := a.ix.Search(ctx, iq)
	if err != nil {
		return nil, err
	}
	var found []index.Hit
	for _, h := range hits {
		if len(sr.cats) > 0 || len(sr.an.Words) == 0 || h.Coverage >= MinServiceCoverage {
			found = append(found, h)
		}
	}
	if len(found) == 0 && len(sr.soft) > 0 {
		return a.withoutStoryFilters(ctx, r, q, sr)
	}
	if len(found) == 0 {
		// Nothing listed for the area itself, but the kind may be close
		// by under another area's name ("Sheffield North and East" for
		// "link worker Sheffield", 1.4 km away): that is near, not
		// elsewhere.
		if ok, err := a.nearby(ctx, r, q, sr); err != nil || ok {
			return r, err
		}
		r.Notice = fmt.Sprintf("I couldn't find %s%s in %s.", a.describe(sr.cats, "a service like that", sr.filters), sr.ageText(), r.Place)
		return a.offerElsewhere(ctx, r, q, sr)
	}
	r.Answered = true
	r.Kind = ReplyServices
	r.Results = a.placed(found, q)
	if len(sr.cats) > 0 {
		r.More = max(0, total-sr.from-len(found))
	}
	if n := maxResults - len(found); n > 0 && sr.from == 0 {
		national, err := a.nationalServices(ctx, sr, n)
		if err != nil {
			return nil, err
		}
		r.Results = append(r.Results, national...)
	}
	return r, nil
}

// withoutStoryFilters searches again without the filters only the story
// named, and says so. Finding nothing either, its reply (nothing there
// even without them, and what is offered instead) is the answer.
func (a *Answerer) withoutStoryFilters(ctx context.Context, r *Reply, q question, sr serviceRequest) (*Reply, error) {
	wider := sr
	wider.filters = slices.DeleteFunc(slices.Clone(sr.filters), func(f string) bool { return slices.Contains(sr.soft, f) })
	wider.soft = nil
	got, err := a.servicesIn(ctx, r, q, wider)
	if err != nil || !got.Answered {
		return got, err
	}
	got.Notice = fmt.Sprintf("Nothing in %s is listed %s; here is what else is there:", r.Place, FilterText(sr.soft))
	return got, nil
}

// nearKm is how far from the place asked about services come first: only
// when the place is a point (a neighbourhood, a postcode), not the middle
// of an area.
func nearKm(q question) float64 {
	if q.point == nil || q.pointIsArea {
		return 0
	}
	return placeRadiusKm
}

// servicesNear searches around a town the knowledge does not list as an
// area: services within placeRadiusKm count as in it. Further ones are
// offered only as alternatives, clearly marked, with their distance.
func (a *Answerer) servicesNear(ctx context.Context, r *Reply, q question, sr serviceRequest) (*Reply, error) {
	searched(r, q, sr)
	a.setCategories(r, sr.cats)
	r.Filters, r.From = sr.filters, sr.from
	if ok, err := a.nearby(ctx, r, q, sr); err != nil || ok {
		return r, err
	}
	return a.notCovered(ctx, r, q, sr)
}

// nearby answers r with the local services of the kinds asked within
// placeRadiusKm of the place, when it has a point to measure from, and
// reports whether it found any.
func (a *Answerer) nearby(ctx context.Context, r *Reply, q question, sr serviceRequest) (bool, error) {
	if len(sr.cats) == 0 || q.point == nil || q.pointRough {
		return false, nil
	}
	iq := sr.query(maxResults)
	iq.Near, iq.RadiusKm, iq.From = q.point, placeRadiusKm, sr.from
	hits, total, err := a.ix.Search(ctx, iq)
	if err != nil {
		return false, err
	}
	var local []index.Hit
	for _, h := range hits {
		if !a.isNational(a.service(h.ID)) {
			local = append(local, h)
		}
	}
	if len(local) == 0 {
		return false, nil
	}
	r.Kind = ReplyServices
	r.Answered = true
	r.Near = true
	r.Results = a.placed(local, q)
	r.More = max(0, total-sr.from-len(local))
	return true, nil
}

// notCovered answers a service question about a place the knowledge does
// not cover: Signpost says so and offers national services and the same
// kind of service elsewhere, marked, rather than pretending.
func (a *Answerer) notCovered(ctx context.Context, r *Reply, q question, sr serviceRequest) (*Reply, error) {
	r.Kind = ReplyUnknown
	a.setCategories(r, sr.cats)
	r.Notice = fmt.Sprintf("I don't have %s listed for %s yet.", a.describe(sr.cats, "services", sr.filters), q.unknown[0])
	return a.offerElsewhere(ctx, r, q, sr)
}

// placed is the results for services found around the place asked
// about, with their distances unless the place is only an area's middle,
// from which a distance means little.
func (a *Answerer) placed(hits []index.Hit, q question) []Result {
	out := a.results(hits)
	if q.pointIsArea {
		for i := range out {
			out[i].DistanceKm = -1
		}
	}
	return out
}

// offerElsewhere ends a reply that found nothing where asked with what
// there is instead (see alternatives), and says how far the nearest is
// when it is too far to offer.
func (a *Answerer) offerElsewhere(ctx context.Context, r *Reply, q question, sr serviceRequest) (*Reply, error) {
	alt, beyond, err := a.alternatives(ctx, q, sr)
	if err != nil {
		return nil, err
	}
	if beyond >= 0 {
		r.Notice += fmt.Sprintf(" The nearest listed elsewhere is %s away.", Distance(beyond))
	}
	r.Results = alt
	return r, nil
}

// servicesAnywhere searches for services of a kind when no place was named.
func (a *Answerer) servicesAnywhere(ctx context.Context, r *Reply, sr serviceRequest) (*Reply, error) {
	r.Kind = ReplyUnknown
	searched(r, question{}, sr)
	a.setCategories(r, sr.cats)
	r.Filters, r.From = sr.filters, sr.from
	iq := sr.query(maxResults)
	iq.From = sr.from
	hits, total, err := a.ix.Search(ctx, iq)
	if err != nil {
		return nil, err
	}
	// Without a place, what anyone in England can use comes first: a local
	// service from somewhere else is no use to most people asking.
	if sr.from == 0 {
		national, err := a.nationalServices(ctx, sr, maxResults)
		if err != nil {
			return nil, err
		}
		r.Results = national
	}
	for _, res := range a.results(hits) {
		if len(r.Results) < maxResults && !slices.ContainsFunc(r.Results, func(x Result) bool { return x.ID == res.ID }) {
			r.Results = append(r.Results, res)
		}
	}
	a.markNational(r.Results)
	if len(r.Results) > 0 {
		r.Answered = true
		r.Kind = ReplyServices
		r.More = max(0, total-sr.from-len(r.Results))
		r.Notice = "Where is the person? Add their town or postcode district to see what is near them"
		if ex := a.exampleArea(); ex != "" {
			r.Notice += fmt.Sprintf(", e.g. \"%s in %s\"", a.describe(sr.cats, "", nil), ex)
		}
		r.Notice += "."
	}
	return r, nil
}

// alternatives are what to offer when nothing matches in the place asked
// about: national services, then the nearest services of the same kind
// elsewhere within maxElsewhereKm, each marked, with their distance when
// it is known. beyond is how far the nearest was when every one was
// further than that; -1 otherwise.
func (a *Answerer) alternatives(ctx context.Context, q question, sr serviceRequest) (out []Result, beyond float64, err error) {
	beyond = -1
	if len(sr.cats) == 0 {
		return nil, beyond, nil
	}
	out, err = a.nationalServices(ctx, sr, maxNational)
	if err != nil {
		return nil, beyond, err
	}
	iq := sr.query(maxElsewhere)
	iq.Near = q.point
	hits, _, err := a.ix.Search(ctx, iq)
	if err != nil {
		return nil, beyond, err
	}
	var keep []index.Hit
	for _, h := range hits {
		s := a.service(h.ID)
		if s == nil || slices.Contains(q.areas, place.KeyOf(s.Area)) || a.isNational(s) {
			continue
		}
		// Only a point that is where the person is rules a service out:
		// a rough one (the town a postcode area is named after) may be
		// 60 km from them in a large area, and a service with no known
		// location may be anywhere.
		if q.point != nil && h.DistanceKm < 0 {
			// A service with no location of its own is where its area is.
			if p, ok := a.places.areaPoint[place.KeyOf(s.Area)]; ok {
				h.DistanceKm = place.DistanceKm(*q.point, p)
			}
		}
		if q.point != nil && !q.pointRough {
			if h.DistanceKm < 0 {
				continue
			}
			if h.DistanceKm > maxElsewhereKm {
				if beyond < 0 || h.DistanceKm < beyond {
					beyond = h.DistanceKm
				}
				continue
			}
		}
		keep = append(keep, h)
	}
	if len(keep) > 0 {
		beyond = -1
	}
	// Nearest first, those whose distance is unknown last.
	slices.SortStableFunc(keep, func(x, y index.Hit) int {
		return cmpFloat(distanceOrFar(x.DistanceKm), distanceOrFar(y.DistanceKm))
	})
	further := a.results(keep)
	for i := range further {
		further[i].Further = true
		if q.pointRough {
			further[i].DistanceKm = -1
		}
	}
	out = append(out, further...)
	return out[:min(len(out), maxResults)], beyond, nil
}

func (a *Answerer) nationalServices(ctx context.Context, sr serviceRequest, n int) ([]Result, error) {
	if len(a.places.national) == 0 || len(sr.cats) == 0 {
		return nil, nil
	}
	iq := sr.query(n)
	iq.Areas = a.places.national
	hits, _, err := a.ix.Search(ctx, iq)
	if err != nil {
		return nil, err
	}
	res := a.results(hits)
	a.markNational(res)
	return res, nil
}

func (a *Answerer) service(id string) *knowledge.Service {
	e, _ := a.ix.Entry(id)
	return e.Service
}

func (a *Answerer) markNational(rs []Result) {
	for i := range rs {
		if rs[i].Service != nil && a.isNational(rs[i].Service) {
			rs[i].National = true
		}
	}
}

func (a *Answerer) isNational(s *knowledge.Service) bool {
	return s != nil && a.places.isNational(place.KeyOf(s.Area))
}

// exampleArea names one local area the knowledge covers, for hints.
func (a *Answerer) exampleArea() string {
	var names []string
	for key, name := range a.places.names {
		if !a.places.isNational(key) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return names[0]
}

// filterLabels say in words what filters ask for.
var filterLabels = map[string]string{
	knowledge.FilterSelfReferral: "self-referral",
	knowledge.FilterFree:         "free",
	knowledge.FilterCarers:       "for carers",
	knowledge.FilterChildren:     "for children and families",
}

// FilterText says in words what a reply's filters asked for: "free, self-referral".
func FilterText(filters []string) string {
	var out []string
	for _, f := range filters {
		out = append(out, filterLabels[f])
	}
	return strings.Join(out, ", ")
}

// distanceOrFar orders an unknown distance (-1) after every known one.
func distanceOrFar(km float64) float64 {
	if km < 0 {
		return math.MaxFloat64
	}
	return km
}
