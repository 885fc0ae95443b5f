package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
)

// Query is what to look for: a question's analysis plus what the asker
// narrowed it to.
type Query struct {
	Analysis
	Subject    string   // the term a question asks to define
	Categories []string // service categories asked for (a boost, or a filter with OnlyCategories)
	// OnlyCategories makes Categories a filter: only services in one of them.
	OnlyCategories bool
	Areas          []place.Key // when set, only services in these areas
	Districts      []string    // services in these postcode districts rank first
	Filters        []string    // knowledge.Filter…: self-referral, free, carers, children
	// Age, when set, finds only services whose eligibility takes someone
	// of this age (those that say nothing of age take anyone).
	Age  int
	Kind knowledge.Kind // when set, only entries of this kind
	// Near, when set, orders services by distance from it (nearest first
	// among those that match the question equally well). With RadiusKm,
	// only services within that distance match.
	Near     *place.Point
	RadiusKm float64
	// WithinKm, with Near, puts services within that distance before
	// those further away, however well the others' words match: someone
	// who asks for a group near Pool means near Pool.
	WithinKm float64
	From     int // skip this many hits (for "more…")
	Size     int // how many hits; 5 when zero
	// Unmatched is the weight (in IDF units) of parts of the question no
	// entry's text can match, such as a place named in a question that is
	// not a service search. It lowers every hit's coverage.
	Unmatched float64
}

// Hit is one entry found, with how much of the question it covers.
type Hit struct {
	ID       string
	Kind     knowledge.Kind
	Score    float64
	Coverage float64 // share of the question's weight (by IDF) this entry matches, 0–1
	// HeadCoverage is the share matched by the entry's question, other
	// phrasings, name or tags: what it is about, not what it mentions.
	HeadCoverage float64
	Concept      bool // the entry is about a concept the question names
	// Headline is the share of the entry's best headline (its question or
	// another phrasing, a term's name, a service's name), weighted by how
	// telling each term is, that the question contains: how much of what
	// the entry is about was asked, however much else the message says.
	Headline float64
	// DistanceKm is how far a service is from Query.Near; -1 when either
	// location is unknown.
	DistanceKm float64
	// Primary marks a service whose first category is one asked for: it
	// is mainly that kind of service, not one that also offers it.
	Primary bool
}

// Field weights: what an entry is about counts for more than what it says
// in passing.
const (
	boostTitle    = 3.0
	boostAlt      = 2.2
	boostTags     = 1.5
	boostBody     = 1.0
	boostConcept  = 2.5
	boostMention  = 0.7
	boostSubject  = 4.0
	boostCategory = 3.0
	boostDistrict = 1.5
)

// A search fetches more hits than asked for, since coverage and distance
// reorder them: overFetch times as many, and at least minCandidates.
const (
	overFetch     = 4
	minCandidates = 20
	// tiers is how finely hits are bucketed by how well they answer
	// (quarters) before Bleve's score breaks ties.
	tiers = 4
)

// nearCandidates is how many of the nearest matching services are weighed
// against each other when ordering by distance.
const nearCandidates = 50

// Search runs a query and returns the best hits, best first, and how many
// entries matched in all.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, int, error) {
	size := q.Size
	if size <= 0 {
		size = defaultSize
	}
	root := bleveQuery(q, ix.said)
	if root == nil {
		return nil, 0, nil
	}
	// Fetch more than asked for: coverage, and distance, reorder them.
	req := bleve.NewSearchRequestOptions(root, max(overFetch*(q.From+size), minCandidates), 0, false)
	if q.Near != nil {
		req.Size = max(req.Size, nearCandidates)
		req.SortByCustom(search.SortOrder{
			&search.SortGeoDistance{Field: fieldLocation, Lon: q.Near.Lon, Lat: q.Near.Lat, Unit: "km"},
			&search.SortScore{Desc: true},
		})
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("searching: %w", err)
	}
	hits := ix.judge(q, res.Hits)
	rank(q, hits)
	if q.From > 0 {
		hits = hits[min(q.From, len(hits)):]
	}
	if len(hits) > size {
		hits = hits[:size]
	}
	return hits, int(res.Total), nil
}

// defaultSize is how many hits a search returns when Query.Size is unset.
const defaultSize = 5

// bleveQuery is the Bleve query for q, or nil when q asks for nothing.
// What must hold (kind, areas, categories, filters, radius) filters; the
// words, concepts, subject and districts only rank. A carers' group in
// Chorlton is one whether or not its text says "group". said reports
// whether a stem can match at all (see rankingClauses).
func bleveQuery(q Query, said func(stem string) bool) query.Query {
	should, must := rankingClauses(q, said), filterClauses(q)
	switch {
	case len(must) > 0:
		bq := bleve.NewBooleanQuery()
		bq.AddMust(must...)
		if len(should) > 0 {
			bq.AddShould(bleve.NewDisjunctionQuery(should...))
		}
		return bq
	case len(should) > 0:
		return bleve.NewDisjunctionQuery(should...)
	}
	return nil
}

// rankingClauses are what make an entry rank higher: its words, in each
// text field; the concepts, paraphrases and categories asked about; the
// subject; the districts named.
//
// A story's words are mostly ones no entry says, and Bleve pays to look
// up each in each field: only the stems said reports are asked for. The
// scores stay as they were: a disjunction multiplies its sum by the share
// of its parts that match, so each term's boost is raised by the share of
// stems kept, and a field with none keeps its place in the outer
// disjunction with a query that matches nothing. (The query's overall
// norm changes, which scales every score alike.)
func rankingClauses(q Query, said func(stem string) bool) []query.Query {
	var should []query.Query
	// One disjunction of term queries per field, as a match query would
	// build, but from the stems already worked out.
	var stems []string
	for _, w := range q.Words {
		if w.Stem != "" && !slices.Contains(stems, w.Stem) {
			stems = append(stems, w.Stem)
		}
	}
	if len(stems) > 0 {
		kept := slices.DeleteFunc(slices.Clone(stems), func(st string) bool { return !said(st) })
		scale := float64(len(kept)) / float64(len(stems))
		for _, f := range []struct {
			name  string
			boost float64
		}{{fieldTitle, boostTitle}, {fieldAlt, boostAlt}, {fieldTags, boostTags}, {fieldBody, boostBody}} {
			if len(kept) == 0 {
				should = append(should, bleve.NewMatchNoneQuery())
				continue
			}
			// Bleve ignores a disjunction's own boost: weight each term.
			terms := make([]query.Query, len(kept))
			for i, st := range kept {
				terms[i] = term(f.name, st, f.boost*scale)
			}
			should = append(should, bleve.NewDisjunctionQuery(terms...))
		}
	}
	for _, c := range Keys(append(slices.Clip(q.Concepts), q.Paraphrases...)) {
		should = append(should, term(fieldConcepts, c, boostConcept), term(fieldMentions, c, boostMention))
	}
	if q.Subject != "" {
		should = append(should, term(fieldSelf, q.Subject, boostSubject))
	}
	if !q.OnlyCategories {
		for _, c := range q.Categories {
			should = append(should, term(fieldCategories, c, boostCategory))
		}
	}
	for _, d := range q.Districts {
		should = append(should, term(fieldDistrict, d, boostDistrict))
	}
	return should
}

// filterClauses are what an entry must satisfy to be found at all.
func filterClauses(q Query) []query.Query {
	var must []query.Query
	if q.Kind != "" {
		must = append(must, term(fieldKind, string(q.Kind), 0))
	}
	named := namedKinds(q)
	switch {
	case len(q.Areas) > 0 && q.OnlyCategories && len(q.Categories) > 0:
		// A kind in a place: one term a pair, the same services as the
		// area's and the kind's terms crossed; and, in the place, those
		// named for the kind.
		var pairs []string
		for _, a := range q.Areas {
			for _, c := range q.Categories {
				pairs = append(pairs, areaKind(a, c))
			}
		}
		var inPlace query.Query = anyOf(fieldAreaKind, pairs)
		if len(named) > 0 {
			inPlace = bleve.NewDisjunctionQuery(inPlace, bleve.NewConjunctionQuery(anyOf(fieldArea, q.Areas), bleve.NewDisjunctionQuery(named...)))
		}
		must = append(must, inPlace)
	default:
		if len(q.Areas) > 0 {
			must = append(must, anyOf(fieldArea, q.Areas))
		}
		if q.OnlyCategories && len(q.Categories) > 0 {
			kinds := anyOf(fieldCategories, q.Categories)
			if len(named) > 0 {
				kinds = bleve.NewDisjunctionQuery(append([]query.Query{kinds}, named...)...)
			}
			must = append(must, kinds)
		}
	}
	for _, f := range q.Filters {
		field, value := filterField(f)
		must = append(must, term(field, value, 0))
	}
	if q.Age > 0 {
		age, yes := float64(q.Age), true
		young := bleve.NewNumericRangeInclusiveQuery(nil, &age, nil, &yes)
		young.SetField(fieldAgeMin)
		old := bleve.NewNumericRangeInclusiveQuery(&age, nil, &yes, nil)
		old.SetField(fieldAgeMax)
		must = append(must, young, old)
	}
	if q.Near != nil && q.RadiusKm > 0 {
		gq := bleve.NewGeoDistanceQuery(q.Near.Lon, q.Near.Lat, fmt.Sprintf("%gkm", q.RadiusKm))
		gq.SetField(fieldLocation)
		must = append(must, gq)
	}
	return must
}

// namedKinds admits a service whose name says the phrase that named a
// kind asked for, whatever the knowledge files it under: "memory cafe"
// means peer support to the vocabulary, and a knowledge base may list its
// "Belmont Memory Café" as befriending. Single words are left to the
// categories: "walk" or "food" in a name says less.
func namedKinds(q Query) []query.Query {
	var out []query.Query
	for _, m := range q.Analysis.Categories {
		var stems []query.Query
		for _, w := range q.Words[m.Start:min(m.End, len(q.Words))] {
			if w.Stem != "" {
				stems = append(stems, term(fieldTitle, w.Stem, 0))
			}
		}
		if len(stems) >= 2 && slices.Contains(q.Categories, m.Key) {
			out = append(out, bleve.NewConjunctionQuery(stems...))
		}
	}
	return out
}

// judge turns Bleve's matches into hits: how much of the question each
// entry covers, its score weighed by that, and for services how far away
// they are and whether their main category is one asked for.
func (ix *Index) judge(q Query, matches search.DocumentMatchCollection) []Hit {
	qt := ix.queryTerms(q)
	hits := make([]Hit, 0, len(matches))
	for _, h := range matches {
		ref, ok := ix.entries.get(h.ID)
		if !ok {
			continue
		}
		et := ix.entryTerms.get(ref.ord)
		cov, head, about := qt.coverage(et)
		hit := Hit{ID: h.ID, Kind: ref.kind, Score: h.Score * coverageFactor(cov, head), Coverage: cov, HeadCoverage: head, Concept: about,
			Headline: ix.headline(qt, et), DistanceKm: -1}
		if ref.kind == knowledge.KindService {
			s := &ix.kb.Services[ref.i]
			if q.Near != nil && s.Location != nil {
				hit.DistanceKm = place.DistanceKm(*q.Near, *s.Location)
			}
			hit.Primary = len(s.Categories) > 0 && slices.Contains(q.Categories, s.Categories[0])
		}
		hits = append(hits, hit)
	}
	return hits
}

// rank orders hits: by score, or for a search near a place, those within
// WithinKm first, then nearest first among services that answer the
// question equally well: "cookery classes" puts the cookery course before
// a weight group that also teaches cooking, however close the group is.
func rank(q Query, hits []Hit) {
	if q.Near == nil {
		slices.SortFunc(hits, byScore)
		return
	}
	within := func(h Hit) bool { return q.WithinKm > 0 && h.DistanceKm >= 0 && h.DistanceKm <= q.WithinKm }
	slices.SortFunc(hits, func(a, b Hit) int {
		if wa, wb := within(a), within(b); wa != wb {
			if wa {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(tier(b), tier(a)); c != 0 {
			return c
		}
		if a.Primary != b.Primary {
			if a.Primary {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(distanceKey(a), distanceKey(b)); c != 0 {
			return c
		}
		return byScore(a, b)
	})
}

// Judge works out how well entries answer a question without searching:
// their coverage and headline figures as Search gives them, with no score.
// Ids the index does not hold are left out.
func (ix *Index) Judge(q Query, ids []string) []Hit {
	qt := ix.queryTerms(q)
	out := make([]Hit, 0, len(ids))
	for _, id := range ids {
		ref, ok := ix.entries.get(id)
		if !ok {
			continue
		}
		et := ix.entryTerms.get(ref.ord)
		cov, head, about := qt.coverage(et)
		out = append(out, Hit{ID: id, Kind: ref.kind, Coverage: cov, HeadCoverage: head, Concept: about, Headline: ix.headline(qt, et), DistanceKm: -1})
	}
	return out
}

// Says reports whether an entry says a word anywhere (its stem, or an
// everyday synonym of it), or, when the word is part of a glossary name
// the question uses, that name's concept.
func (ix *Index) Says(id string, w Word, concepts []Match, at int) bool {
	ref, ok := ix.entries.get(id)
	if !ok {
		return false
	}
	et := ix.entryTerms.get(ref.ord)
	in := func(t uint32) bool { return has(et.head, t) || has(et.body, t) }
	if st, ok := ix.terms.lookup(w.Stem); ok && in(st) {
		return true
	}
	for _, syn := range ix.synonyms[w.Stem] {
		if st, ok := ix.terms.lookup(syn); ok && in(st) {
			return true
		}
	}
	for _, m := range concepts {
		if m.Start <= at && at < m.End {
			if c, ok := ix.terms.lookup(conceptTerm(m.Key)); ok && in(c) {
				return true
			}
		}
	}
	return false
}

// HeadSays reports whether what an entry is about (its question, other
// phrasings, name or tags) says a word: its stem or an everyday synonym.
func (ix *Index) HeadSays(id string, w Word) bool {
	ref, ok := ix.entries.get(id)
	if !ok {
		return false
	}
	et := ix.entryTerms.get(ref.ord)
	for _, stem := range append([]string{w.Stem}, ix.synonyms[w.Stem]...) {
		if st, ok := ix.terms.lookup(stem); ok && has(et.head, st) {
			return true
		}
	}
	return false
}

// byScore orders by score; ties go by id, since Bleve's order for equal
// scores can change with how its segments happen to be merged.
func byScore(a, b Hit) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// tier buckets how well a hit answers the question, in quarters.
func tier(h Hit) int { return int(tiers * h.Match()) }

// Match is how much of the question an entry answers, 0 to 1: the mean of
// the share of the question's weight it matches anywhere and the share its
// headline matches. Ranking and the decision to answer both use it.
func (h Hit) Match() float64 { return matchOf(h.Coverage, h.HeadCoverage) }

func matchOf(cov, head float64) float64 { return (cov + head) / 2 }

func distanceKey(h Hit) float64 {
	if h.DistanceKm < 0 {
		return math.MaxFloat64
	}
	return h.DistanceKm
}

func anyOf[S ~string](field string, values []S) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = term(field, string(v), 0)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// Meets reports whether a service meets every filter, as a search with
// those filters would find it: free, open to self-referral, for carers or
// for children.
func Meets(s *knowledge.Service, filters []string) bool {
	for _, f := range filters {
		var ok bool
		switch f {
		case knowledge.FilterSelfReferral:
			ok = slices.Contains(s.Referral, "self")
		case knowledge.FilterFree:
			ok = isFree(s.Cost)
		default:
			ok = slices.Contains(audience(s), f)
		}
		if !ok {
			return false
		}
	}
	return true
}

// filterField is where a filter looks in the index.
func filterField(f string) (field, value string) {
	switch f {
	case knowledge.FilterSelfReferral:
		return fieldReferral, "self"
	case knowledge.FilterFree:
		return fieldFree, "yes"
	}
	return fieldAudience, f // carers, children
}

// coverageFactor scales a BM25 score by how much of the question an entry
// answers: an entry that matches one rare word strongly should not beat one
// that answers the whole question.
func coverageFactor(cov, head float64) float64 {
	c := matchOf(cov, head)
	return coverageFloor + (1-coverageFloor)*c*c
}

const coverageFloor = 0.2

func term(field, value string, boost float64) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	if boost > 0 {
		tq.SetBoost(boost)
	} else {
		tq.SetBoost(1e-9) // a filter: it must match but should not move the score
	}
	return tq
}

// queryTerms is a question's words and concepts as term numbers, worked
// out once per search so every candidate can be judged cheaply.
type queryTerms struct {
	words     []wordTerms
	concepts  []conceptTerms
	unmatched float64
	// said is every term the question says: stems, their everyday
	// synonyms, concepts and paraphrase groups.
	said []uint32
}

type wordTerms struct {
	idf      float64
	stem     uint32
	known    bool     // the stem is in some entry
	synonyms []uint32 // stems the everyday-word synonyms expand it to
}

type conceptTerms struct {
	id         uint32
	known      bool
	glossary   bool // a glossary term, not a paraphrase group
	start, end int
}

func (ix *Index) queryTerms(q Query) queryTerms {
	qt := queryTerms{unmatched: q.Unmatched, words: make([]wordTerms, len(q.Words))}
	for i, w := range q.Words {
		wt := wordTerms{idf: w.IDF}
		if w.Stem != "" {
			wt.stem, wt.known = ix.terms.lookup(w.Stem)
			for _, syn := range ix.synonyms[w.Stem] {
				if id, ok := ix.terms.lookup(syn); ok {
					wt.synonyms = append(wt.synonyms, id)
				}
			}
		}
		qt.words[i] = wt
	}
	for _, m := range append(slices.Clip(q.Concepts), q.Paraphrases...) {
		id, ok := ix.terms.lookup(conceptTerm(m.Key))
		qt.concepts = append(qt.concepts, conceptTerms{id: id, known: ok, glossary: !strings.HasPrefix(m.Key, SamePrefix), start: m.Start, end: m.End})
	}
	for _, w := range qt.words {
		if w.known {
			qt.said = append(qt.said, w.stem)
		}
		qt.said = append(qt.said, w.synonyms...)
	}
	for _, c := range qt.concepts {
		if c.known {
			qt.said = append(qt.said, c.id)
		}
	}
	qt.said = sortedSet(qt.said)
	return qt
}

// headline is the best share of one of the entry's phrasings, by weight,
// that the question says.
func (ix *Index) headline(qt queryTerms, et entryTerms) float64 {
	best := 0.0
	for _, ph := range et.phrasings {
		var got, total float64
		for _, id := range ph {
			w := ix.termIDF(id)
			total += w
			if has(qt.said, id) {
				got += w
			}
		}
		if total > 0 {
			best = max(best, got/total)
		}
	}
	return best
}

// said reports whether a stem can match a text field: some entry says
// it, or the synonym source may expand it to a word one says.
func (ix *Index) said(stem string) bool {
	if id, ok := ix.terms.lookup(stem); ok && int(id) < len(ix.termDF) && ix.termDF[id] > 0 {
		return true
	}
	return len(ix.synonyms[stem]) > 0
}

func (ix *Index) termIDF(id uint32) float64 {
	df := 0
	if int(id) < len(ix.termDF) {
		df = int(ix.termDF[id])
	}
	return ix.idf(df)
}

// coverage works out which of the question's words an entry matches,
// weighting each word by its IDF. A word that is part of a glossary name
// or a paraphrase counts as matched when the entry is about, or mentions,
// that concept under any of its names; a word matched only through an
// everyday-word synonym counts half. It returns the share matched anywhere,
// the share matched in the entry's headline (question, other phrasings,
// name, tags) and whether the entry is about a glossary concept the
// question names.
func (qt queryTerms) coverage(et entryTerms) (all, head float64, about bool) {
	anyIn := func(set, ids []uint32) bool {
		for _, id := range ids {
			if has(set, id) {
				return true
			}
		}
		return false
	}
	covAll := make([]float64, len(qt.words))
	covHead := make([]float64, len(qt.words))
	for i, w := range qt.words {
		switch {
		case w.known && has(et.head, w.stem):
			covHead[i], covAll[i] = 1, 1
		case w.known && has(et.body, w.stem):
			covAll[i] = 1
		case anyIn(et.head, w.synonyms):
			covHead[i], covAll[i] = 0.5, 0.5
		case anyIn(et.body, w.synonyms):
			covAll[i] = 0.5
		}
	}
	for _, c := range qt.concepts {
		if !c.known {
			continue
		}
		inHead, inBody := has(et.head, c.id), has(et.body, c.id)
		if !inHead && !inBody {
			continue
		}
		about = about || inHead && c.glossary
		for i := c.start; i < c.end; i++ {
			covAll[i] = 1
			if inHead {
				covHead[i] = 1
			}
		}
	}
	var gotAll, gotHead float64
	total := qt.unmatched
	for i, w := range qt.words {
		total += w.idf
		gotAll += w.idf * covAll[i]
		gotHead += w.idf * covHead[i]
	}
	if total == 0 {
		return 0, 0, about
	}
	return gotAll / total, gotHead / total, about
}

// cache remembers the analysis of words as typed. It is bounded: when full
// it starts again, which is cheap and keeps memory flat under any input.
type cache[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

const cacheSize = 20000

func (c *cache[V]) get(k string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *cache[V]) put(k string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cacheSize {
		c.m = make(map[string]V)
	}
	c.m[k] = v
}
