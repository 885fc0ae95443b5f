// Package index builds a Bleve search index from Signpost's knowledge and
// searches it.
//
// Every FAQ entry, term and service becomes one document with fields
// weighted by meaning (a question or a name outranks answer text), a
// concept field linking every name of a glossary term, and, for services,
// categories, area, postcode district and location. The index is an
// in-memory scorch index: the older upsidedown format that bleve.NewMemOnly
// builds ignores BM25 and synonym sources.
package index

import (
	"github.com/signpost-ahp/signpost/english"

	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	regexpchar "github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/mrkdwn"
	"github.com/signpost-ahp/signpost/place"
)

// Field names in the Bleve documents.
const (
	fieldKind       = "kind"
	fieldTitle      = "title"    // question, term or service name
	fieldAlt        = "alt"      // other phrasings, other names
	fieldTags       = "tags"     // champions' tags; a service's category words
	fieldBody       = "body"     // answer, definition, description
	fieldWords      = "words"    // every word unstemmed: the spelling vocabulary
	fieldConcepts   = "concepts" // glossary concepts an entry is about
	fieldMentions   = "mentions" // glossary concepts its body mentions
	fieldSelf       = "self"     // a term's own id
	fieldCategories = "categories"
	fieldArea       = "area"
	// fieldAreaKind holds a service's area and each of its categories as
	// one term ("whitby|befriending"): a search for a kind in a place
	// reads one short posting list, where crossing the area's and the
	// kind's lists stepped through thousands at 100,000 services.
	fieldAreaKind = "area_kind"
	fieldDistrict = "district"
	fieldLocation = "location"
	fieldReferral = "referral" // self, link-worker, professional
	fieldFree     = "free"     // "yes" when the service costs nothing
	fieldAudience = "audience" // carers, children
	fieldAgeMin   = "age_min"  // the youngest a service is for (0 when it does not say)
	fieldAgeMax   = "age_max"  // the oldest (noAgeLimit when it does not say)

	analyzerText  = "signpost_en"
	analyzerLight = "signpost_light"
	charQuotes    = "signpost_quotes"
	synonymSource = "everyday"
	synonymColl   = "everyday_words"
)

// Index is a searchable, read-only view of one knowledge base.
type Index struct {
	// lexicon is shared with the indexes WithFAQ makes from this one.
	*lexicon

	kb    *knowledge.Base
	bleve bleve.Index
	words cache[[]Word]
	docs  uint64
	// entries finds each entry's kind and place by id.
	entries refTable
	// terms and entryTerms record what each entry says, by ordinal, for
	// judging coverage; vocab counts the entries using each light word.
	terms      termTable
	entryTerms entryTable
	termDF     []int32 // entries saying each term, by term number
	vocab      wordCounts
	// persisted is the directory Open keeps this index in; "" in memory.
	// keptAt is the folder of this index within it, named for the
	// knowledge: what is kept there is of this knowledge alone.
	persisted, keptAt string
	// readOnly is an index opened read-only (the built-in one, shared by
	// processes): it takes no saves.
	readOnly bool
}

// lexicon is how an index reads words: its analyzers, the glossary, the
// everyday vocabulary's matchers and synonyms, and the areas services are
// listed for. Adding or changing an FAQ changes none of these, so it is
// filled while the first index is built and only read afterwards.
type lexicon struct {
	mapping  *mapping.IndexMappingImpl
	text     analysis.Analyzer
	light    analysis.Analyzer
	glossary *Glossary
	// kinds are the glossary terms that name a kind of service, by term
	// id: "social prescribing link worker" (and so "SPLW") is the
	// link-worker kind, whatever id the knowledge gives the term.
	kinds map[string]string
	// categories finds everyday category words, keyed by category.
	categories *Glossary
	// filters finds words that narrow a service search, keyed by filter.
	filters *Glossary
	// same finds paraphrases (agree, consent, permission) by their stems,
	// keyed "same:" and the group's first word.
	same *Glossary
	// everyday is the vocabulary of service categories and paraphrases.
	everyday *knowledge.Vocabulary
	// synonyms maps the stem of a word to the stems Bleve's synonym source
	// expands it to, so coverage can tell a synonym match.
	synonyms map[string][]string
	areas    map[place.Key]string // area name as written, by its key
	// weak are the vocabulary's weak words: they count for little when
	// judging whether an entry answers.
	weak map[string]bool
	// english are common English words: spelling correction never turns
	// one into another.
	english map[string]bool
	// everydayWords are the vocabulary's single words ("grieving",
	// "woodwork"): words Signpost knows, never to be corrected into
	// others.
	everydayWords map[string]bool
}

type entryRef struct {
	kind knowledge.Kind
	i    int // index in the knowledge base's slice of that kind
	ord  int // index in entryTerms
}

// doc is what Bleve indexes for one entry.
type doc struct {
	Kind       string    `json:"kind"`
	Title      string    `json:"title"`
	Alt        []string  `json:"alt,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	Body       string    `json:"body"`
	Words      string    `json:"words"`
	Concepts   []string  `json:"concepts,omitempty"`
	Mentions   []string  `json:"mentions,omitempty"`
	Self       string    `json:"self,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	Area       string    `json:"area,omitempty"`
	AreaKind   []string  `json:"area_kind,omitempty"`
	District   string    `json:"district,omitempty"`
	Location   []float64 `json:"location,omitempty"` // [lon, lat], as Bleve reads a slice
	Referral   []string  `json:"referral,omitempty"`
	Free       string    `json:"free,omitempty"`
	Audience   []string  `json:"audience,omitempty"`
	AgeMin     *float64  `json:"age_min,omitempty"`
	AgeMax     *float64  `json:"age_max,omitempty"`
}

// newMapping is the index mapping: BM25 scoring, Signpost's analyzers
// and synonym source, and a static mapping of a doc's fields.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	if err := addAnalysis(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerText
	m.DefaultMapping = docMapping()
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	return m, nil
}

// addAnalysis registers how text is read: the quote filter, the text and
// light analyzers, and the everyday synonym source.
func addAnalysis(m *mapping.IndexMappingImpl) error {
	// Typographic apostrophes (what’s, don’t) read as plain ones, and
	// accented letters as plain ones (café, cafe), in the knowledge and in
	// questions alike.
	if err := m.AddCustomCharFilter(charQuotes, map[string]any{
		"type":    regexpchar.Name,
		"regexp":  "[\u2018\u2019\u201b\u2032\u02bc\uff07]",
		"replace": "'",
	}); err != nil {
		return fmt.Errorf("quote filter: %w", err)
	}
	if err := m.AddCustomAnalyzer(analyzerText, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{charQuotes, asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, en.SnowballStemmerName},
	}); err != nil {
		return fmt.Errorf("text analyzer: %w", err)
	}
	// The light analyzer keeps words recognisable (no stemming, only plurals
	// folded) so that spelling can be corrected and glossary names matched
	// without "befriender" colliding with "befriending".
	if err := m.AddCustomAnalyzer(analyzerLight, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{charQuotes, asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, en.PluralStemmerName},
	}); err != nil {
		return fmt.Errorf("light analyzer: %w", err)
	}
	if err := m.AddSynonymSource(synonymSource, map[string]any{
		"collection": synonymColl,
		"analyzer":   analyzerText,
	}); err != nil {
		return fmt.Errorf("synonym source: %w", err)
	}
	return nil
}

// docMapping maps each field of a doc: nothing is stored or in _all, and
// only the location keeps doc values.
func docMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldKind, keywordField())
	dm.AddFieldMappingsAt(fieldTitle, textField())
	dm.AddFieldMappingsAt(fieldAlt, textField())
	// Everyday category words (lonely → befriending) expand only where a
	// service's category words are: its tags.
	tags := textField()
	tags.SynonymSource = synonymSource
	dm.AddFieldMappingsAt(fieldTags, tags)
	dm.AddFieldMappingsAt(fieldBody, textField())
	dm.AddFieldMappingsAt(fieldWords, wordsField())
	dm.AddFieldMappingsAt(fieldConcepts, keywordField())
	dm.AddFieldMappingsAt(fieldMentions, keywordField())
	dm.AddFieldMappingsAt(fieldSelf, keywordField())
	dm.AddFieldMappingsAt(fieldCategories, keywordField())
	dm.AddFieldMappingsAt(fieldArea, keywordField())
	dm.AddFieldMappingsAt(fieldAreaKind, keywordField())
	dm.AddFieldMappingsAt(fieldDistrict, keywordField())
	dm.AddFieldMappingsAt(fieldLocation, geoField())
	dm.AddFieldMappingsAt(fieldReferral, keywordField())
	dm.AddFieldMappingsAt(fieldFree, keywordField())
	dm.AddFieldMappingsAt(fieldAudience, keywordField())
	ages := bleve.NewNumericFieldMapping()
	ages.Store, ages.IncludeInAll, ages.DocValues = false, false, false
	dm.AddFieldMappingsAt(fieldAgeMin, ages)
	dm.AddFieldMappingsAt(fieldAgeMax, ages)
	return dm
}

// textField is a field read by the text analyzer.
func textField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzerText
	return searchedOnly(f)
}

// keywordField is a field matched whole.
func keywordField() *mapping.FieldMapping { return searchedOnly(bleve.NewKeywordFieldMapping()) }

// wordsField is the spelling vocabulary's field: read by the light
// analyzer, and without length norms.
func wordsField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzerLight
	f.SkipFreqNorm = true
	return searchedOnly(f)
}

// searchedOnly keeps a field for searching alone: entries are read from
// the knowledge, so nothing is stored, put in _all, or kept for sorting
// or highlighting.
func searchedOnly(f *mapping.FieldMapping) *mapping.FieldMapping {
	f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
	return f
}

// geoField is a service's location.
func geoField() *mapping.FieldMapping {
	geo := bleve.NewGeoPointFieldMapping()
	geo.Store = false
	geo.IncludeInAll = false
	geo.DocValues = true // distance sort reads doc values
	return geo
}

// Build indexes a knowledge base in memory. vocab supplies the everyday
// words for service categories.
func Build(ctx context.Context, kb *knowledge.Base, vocab *knowledge.Vocabulary) (*Index, error) {
	return build(ctx, "", kb, vocab)
}

// build indexes into path, or in memory when path is "".
func build(ctx context.Context, path string, kb *knowledge.Base, vocab *knowledge.Vocabulary) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("creating index: %w", err)
	}
	ix, err := newIndex(kb, vocab, b, m)
	if err != nil {
		b.Close()
		return nil, err
	}
	ix.register()
	if err := ix.load(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return ix, nil
}

// newIndex sets up what an index needs beside Bleve: analyzers, and the
// glossary, category, filter and paraphrase matchers.
func newIndex(kb *knowledge.Base, vocab *knowledge.Vocabulary, b bleve.Index, m *mapping.IndexMappingImpl) (*Index, error) {
	ix := &Index{
		lexicon: &lexicon{
			mapping:       m,
			text:          m.AnalyzerNamed(analyzerText),
			light:         m.AnalyzerNamed(analyzerLight),
			everyday:      vocab,
			areas:         map[place.Key]string{},
			weak:          make(map[string]bool, len(vocab.WeakWords)),
			english:       english.Words(),
			everydayWords: everydayWords(vocab),
		},
		kb:      kb,
		bleve:   b,
		entries: refTable{built: make(map[string]entryRef, len(kb.FAQs)+len(kb.Terms)+len(kb.Services))},
		terms:   termTable{ids: map[string]uint32{}},
		vocab:   wordCounts{built: map[string]int{}},
	}
	if ix.text == nil || ix.light == nil {
		return nil, fmt.Errorf("creating index: analyzers missing")
	}
	for _, w := range vocab.WeakWords {
		ix.weak[w] = true
	}
	ix.glossary = ix.buildGlossary()
	ix.categories = newGlossary()
	for _, c := range vocab.Categories {
		for _, w := range c.Words {
			ix.categories.add(c.Category, ix.Light(w))
		}
	}
	ix.kinds = ix.termKinds()
	ix.filters = newGlossary()
	for name, words := range vocab.Filters {
		for _, w := range ix.phrases(words) {
			ix.filters.add(name, w)
		}
	}
	ix.same = newGlossary()
	for _, g := range vocab.Same {
		if len(g) == 0 {
			continue
		}
		key := SamePrefix + g[0]
		for _, w := range g {
			ix.same.add(key, ix.Stems(w))
		}
	}
	ix.synonyms = map[string][]string{}
	for _, def := range vocab.Synonyms() {
		from := def.Input
		if len(from) == 0 {
			from = def.Synonyms
		}
		for _, in := range from {
			for _, st := range ix.Stems(in) {
				for _, syn := range def.Synonyms {
					for _, to := range ix.Stems(syn) {
						if to != st && !slices.Contains(ix.synonyms[st], to) {
							ix.synonyms[st] = append(ix.synonyms[st], to)
						}
					}
				}
			}
		}
	}
	return ix, nil
}

// register numbers the entries (FAQs, terms, services, in that order) and
// notes the areas services are listed for.
func (ix *Index) register() {
	ord := 0
	for i, f := range ix.kb.FAQs {
		ix.entries.built[f.ID] = entryRef{kind: knowledge.KindFAQ, i: i, ord: ord}
		ord++
	}
	for i, t := range ix.kb.Terms {
		ix.entries.built[t.ID] = entryRef{kind: knowledge.KindTerm, i: i, ord: ord}
		ord++
	}
	for i, s := range ix.kb.Services {
		ix.entries.built[s.ID] = entryRef{kind: knowledge.KindService, i: i, ord: ord}
		ix.areas[place.KeyOf(s.Area)] = s.Area
		ord++
	}
	ix.docs = uint64(ord)
}

// phrases are words and phrases as the light analyser reads them, less
// any phrase that it reads as one word the list does not hold: its other
// words are stop words, and the one left means something else alone ("no
// cost" is not "cost", "under 18s" not "18"). ("walk-in" stays "walk":
// the glance knows that walk is how to get in, not a walk.)
func (ix *Index) phrases(list []string) [][]string {
	phrase := func(w string) bool { return strings.Contains(w, " ") }
	single := map[string]bool{}
	for _, w := range list {
		if !phrase(w) {
			for _, t := range ix.Light(w) {
				single[t] = true
			}
		}
	}
	var out [][]string
	for _, w := range list {
		light := ix.Light(w)
		if len(light) == 1 && (phrase(w) && !single[light[0]] || isNumber(light[0])) {
			continue // ("under-18s" is read as "18")
		}
		out = append(out, light)
	}
	return out
}

// Vocabulary returns the everyday words the index was built with.
func (ix *Index) Vocabulary() *knowledge.Vocabulary { return ix.everyday }

// Close releases the index.
func (ix *Index) Close() error { return ix.bleve.Close() }

// Knowledge returns the knowledge base the index was built from.
func (ix *Index) Knowledge() *knowledge.Base { return ix.kb }

// Glossary returns the glossary matcher built from the knowledge's terms.
func (ix *Index) Glossary() *Glossary { return ix.glossary }

func (ix *Index) buildGlossary() *Glossary {
	g := newGlossary()
	names := map[string]bool{}
	acronyms := map[string][]string{} // acronym, light → the terms whose names use it
	for _, t := range ix.kb.Terms {
		for _, name := range t.Names() {
			light := ix.Light(name)
			g.add(t.ID, light)
			names[strings.Join(light, " ")] = true
			for _, w := range nameAcronyms(name) {
				if isAcronym(w) {
					key := strings.Join(ix.Light(w), " ")
					if key != "" && !slices.Contains(acronyms[key], t.ID) {
						acronyms[key] = append(acronyms[key], t.ID)
					}
				}
			}
		}
	}
	// An acronym that ends a term's name ("Network Contract DES", "PCN
	// DES") or stands in brackets ("Allied health professional (AHP)")
	// names the term alone ("what's the DES?"), unless it is another
	// term's own name or more than one term's names use it. (One that
	// starts a name qualifies it: "GP referral scheme" is not what "GP"
	// means.)
	for key, ids := range acronyms {
		if len(ids) == 1 && !names[key] {
			g.add(ids[0], strings.Fields(key))
		}
	}
	return g
}

// termKinds finds the terms one of whose names is wholly a kind of
// service's everyday name.
func (ix *Index) termKinds() map[string]string {
	kinds := map[string]string{}
	for _, t := range ix.kb.Terms {
		for _, name := range t.Names() {
			light := ix.Light(name)
			for _, m := range ix.categories.Find(light) {
				if m.Start == 0 && m.End == len(light) {
					kinds[t.ID] = m.Key
				}
			}
			if kinds[t.ID] != "" {
				break
			}
		}
	}
	return kinds
}

// KindOf is the kind of service a glossary term names, if it names one.
func (ix *Index) KindOf(term string) (string, bool) {
	k, ok := ix.kinds[term]
	return k, ok
}

// nameAcronyms are the words of a name that may be its acronym: the last,
// when the name has several, and any in brackets.
func nameAcronyms(name string) []string {
	words := strings.Fields(name)
	var out []string
	for i, w := range words {
		bracketed := strings.HasPrefix(w, "(") || strings.HasPrefix(w, "[")
		if bracketed || i == len(words)-1 && i > 0 {
			out = append(out, strings.Trim(w, "()[],.;:'\"‘’“”"))
		}
	}
	return out
}

// isAcronym reports whether a word is written as an acronym: two to six
// letters and digits, capitals but for a plural s ("DES", "VCSE", "C25K",
// "AHPs").
func isAcronym(w string) bool {
	if n := len(w); n < 2 || n > 6 {
		return false
	}
	caps := 0
	for i, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			caps++
		case r >= '0' && r <= '9':
		case r == 's' && i == len(w)-1:
		default:
			return false
		}
	}
	return caps >= 2
}

// Light splits text into light tokens: lower case, no stop words, plurals
// folded, no other stemming.
func (ix *Index) Light(text string) []string {
	ts := ix.light.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

// lightAndStems is Light and Stems of one text from one pass: the two
// analyzers share their character filters, tokenizer and every token
// filter but the last, so that much is run once and only the last filter
// of each on its own copy. Building an index reads every entry's text
// both ways, and did it twice over.
func (ix *Index) lightAndStems(text string) (lights, stems []string) {
	l, lok := ix.light.(*analysis.DefaultAnalyzer)
	t, tok := ix.text.(*analysis.DefaultAnalyzer)
	if !lok || !tok || len(l.TokenFilters) != len(t.TokenFilters) || len(l.TokenFilters) == 0 {
		return ix.Light(text), ix.Stems(text)
	}
	input := []byte(text)
	for _, cf := range l.CharFilters {
		input = cf.Filter(input)
	}
	shared := l.Tokenizer.Tokenize(input)
	last := len(l.TokenFilters) - 1
	for _, tf := range l.TokenFilters[:last] {
		shared = tf.Filter(shared)
	}
	copied := make(analysis.TokenStream, len(shared))
	for i, tk := range shared {
		c := *tk
		c.Term = slices.Clone(tk.Term)
		copied[i] = &c
	}
	return terms(l.TokenFilters[last].Filter(shared)), terms(t.TokenFilters[last].Filter(copied))
}

func terms(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

// Stems splits text into the stemmed tokens the text fields index.
func (ix *Index) Stems(text string) []string {
	ts := ix.text.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

const batchSize = 2000

func (ix *Index) load(ctx context.Context) error {
	batch := ix.bleve.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.bleve.Batch(batch); err != nil {
			return fmt.Errorf("indexing: %w", err)
		}
		batch.Reset()
		return nil
	}
	ix.entryTerms = entryTable{built: make([]entryTerms, ix.docs), n: int(ix.docs)}
	add := func(id string, kind knowledge.Kind, i int, d *doc) error {
		ix.entryTerms.built[ix.entries.built[id].ord] = ix.annotate(d)
		if err := batch.Index(id, d); err != nil {
			return fmt.Errorf("indexing %s: %w", id, err)
		}
		if batch.Size() >= batchSize {
			return flush()
		}
		return nil
	}
	for i := range ix.kb.FAQs {
		f := &ix.kb.FAQs[i]
		if err := add(f.ID, knowledge.KindFAQ, i, faqDoc(f)); err != nil {
			return err
		}
	}
	for i := range ix.kb.Terms {
		t := &ix.kb.Terms[i]
		d := &doc{Kind: string(knowledge.KindTerm), Title: t.Term, Alt: t.Aliases, Body: plain(t.Definition), Self: t.ID}
		if err := add(t.ID, knowledge.KindTerm, i, d); err != nil {
			return err
		}
	}
	for i := range ix.kb.Services {
		s := &ix.kb.Services[i]
		d := &doc{
			Kind:       string(knowledge.KindService),
			Title:      s.Name,
			Tags:       ix.everyday.Labels(s.Categories),
			Body:       plain(s.Description) + "\n" + s.Eligibility,
			Categories: s.Categories,
			Area:       string(place.KeyOf(s.Area)),
			AreaKind:   areaKinds(place.KeyOf(s.Area), s.Categories),
			Referral:   s.Referral,
			Audience:   audience(s),
		}
		lo, hi, ok := AgeRange(s)
		if !ok {
			lo, hi = 0, noAgeLimit
		}
		d.AgeMin, d.AgeMax = ptr(float64(lo)), ptr(float64(hi))
		if isFree(s.Cost) {
			d.Free = "yes"
		}
		if s.Postcode != "" {
			d.District = strings.Fields(s.Postcode)[0]
		}
		if s.Location != nil {
			d.Location = []float64{s.Location.Lon, s.Location.Lat}
		}
		if err := add(s.ID, knowledge.KindService, i, d); err != nil {
			return err
		}
	}
	for _, def := range ix.everyday.Synonyms() {
		if err := batch.IndexSynonym(def.ID, synonymColl, &bleve.SynonymDefinition{Input: def.Input, Synonyms: def.Synonyms}); err != nil {
			return fmt.Errorf("indexing synonyms %s: %w", def.ID, err)
		}
	}
	ix.termDF = countTerms(ix.entryTerms.built, ix.terms.size())
	return flush()
}

// areaKinds are the terms of fieldAreaKind: the area with each category.
func areaKinds(area place.Key, cats []string) []string {
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = areaKind(area, c)
	}
	return out
}

func areaKind(area place.Key, cat string) string { return string(area) + "|" + cat }

func faqDoc(f *knowledge.FAQ) *doc {
	return &doc{Kind: string(knowledge.KindFAQ), Title: f.Question, Alt: f.AlsoAsked, Tags: f.Tags, Body: plain(f.Answer)}
}

// annotate fills the derived fields of a document (the spelling
// vocabulary and the glossary concepts it is about and mentions) and
// returns what it says, for judging coverage.
func (ix *Index) annotate(d *doc) entryTerms {
	head := make([]string, 0, 2+len(d.Alt)+len(d.Tags))
	head = append(append(append(head, d.Title), d.Alt...), d.Tags...)
	d.Words = strings.Join(head, "\n") + "\n" + d.Body
	var et entryTerms
	seen := map[string]bool{}
	// Each text is read once: the headline phrasings are read again from
	// what describe read.
	read := map[string]tokens{}
	d.Concepts, et.head = ix.describe(head, seen, read)
	for _, text := range append([]string{d.Title}, d.Alt...) {
		if ph := ix.phrasing(read[text]); len(ph) > 0 {
			et.phrasings = append(et.phrasings, ph)
		}
	}
	if d.Self != "" {
		et.head = append(et.head, ix.terms.intern(conceptTerm(d.Self)))
	}
	d.Mentions, et.body = ix.describe([]string{d.Body}, seen, read)
	for w := range seen {
		ix.vocab.add(w, 1)
	}
	et.head, et.body = sortedSet(et.head), sortedSet(et.body)
	return et
}

// describe finds the glossary concepts and paraphrase groups in texts and
// numbers their stems and concepts. seen collects the light words used.
func (ix *Index) describe(texts []string, seen map[string]bool, read map[string]tokens) (concepts []string, ids []uint32) {
	found := map[string]bool{}
	for _, text := range texts {
		tk, ok := read[text]
		if !ok {
			tk.lights, tk.stems = ix.lightAndStems(text)
			read[text] = tk
		}
		lights, stems := tk.lights, tk.stems
		for _, w := range lights {
			seen[w] = true
		}
		for _, st := range stems {
			ids = append(ids, ix.terms.intern(st))
		}
		ms := ix.glossary.Find(lights)
		ms = append(ms, ix.same.Find(stems)...)
		for _, m := range ms {
			if !found[m.Key] {
				found[m.Key] = true
				concepts = append(concepts, m.Key)
				ids = append(ids, ix.terms.intern(conceptTerm(m.Key)))
			}
		}
	}
	return concepts, ids
}

// phrasing numbers what one headline says: its stems, with the words of a
// glossary name replaced by the name's concept ("what is a village
// agent" is what, village agent; "link worker" and "care navigator" both
// become the link worker concept).
func (ix *Index) phrasing(tk tokens) []uint32 {
	lights, stems := tk.lights, tk.stems
	if len(lights) != len(stems) {
		return nil // the analysers disagree on words: judge by stems alone
	}
	covered := make([]bool, len(stems))
	var out []uint32
	for _, m := range ix.glossary.Find(lights) {
		out = append(out, ix.terms.intern(conceptTerm(m.Key)))
		for k := m.Start; k < m.End; k++ {
			covered[k] = true
		}
	}
	for i, st := range stems {
		if !covered[i] && !ix.weak[lights[i]] {
			out = append(out, ix.terms.intern(st))
		}
	}
	return sortedSet(out)
}

// tokens is one text read both ways (see lightAndStems).
type tokens struct{ lights, stems []string }

// SamePrefix starts the concept key of a group of paraphrases.
const SamePrefix = "same:"

// isFree reads a service's cost: "free", "Free (some trips £2)" and
// "free on referral" are free; "£2, free for carers" is not.
func isFree(cost string) bool {
	c := strings.ToLower(strings.TrimSpace(cost))
	return strings.HasPrefix(c, "free") || c == "£0" || c == "no charge" || c == "no cost"
}

// audience is who a service is for beyond adults in general: carers
// (its category, or its eligibility says so) and children and families.
func audience(s *knowledge.Service) []string {
	var out []string
	elig := strings.ToLower(s.Eligibility + " " + s.Name)
	if slices.Contains(s.Categories, "carers") || strings.Contains(elig, "carer") {
		out = append(out, knowledge.FilterCarers)
	}
	if forChildren(elig) {
		out = append(out, knowledge.FilterChildren)
	}
	return out
}

// everydayWords are the vocabulary's words, in lower case: its single
// words, and the words of its phrases ("alone" in "lives alone", which is
// not a misspelt "along").
func everydayWords(v *knowledge.Vocabulary) map[string]bool {
	out := map[string]bool{}
	add := func(phrases []string) {
		for _, p := range phrases {
			if !strings.ContainsAny(p, "-'") {
				for _, w := range strings.Fields(p) {
					out[strings.ToLower(w)] = true
				}
			}
		}
	}
	for _, c := range v.Categories {
		add(c.Words)
	}
	for _, f := range v.Filters {
		add(f)
	}
	for _, g := range v.Same {
		add(g)
	}
	return out
}

// childWords in a service's eligibility or name say it is for children.
var childWords = []string{"child", "young people", "young person", "young carer", "youth", "famil", "teen", "under 18", "under-18", "parents", "kids", "pupils"}

// ageLimitRE reads an upper age: "aged 8 to 18", "ages 11-16", "under 16s".
var ageLimitRE = regexp.MustCompile(`\b(?:aged?s?\s*\d{1,2}\s*(?:to|-|–)\s*|under\s*-?\s*)(\d{1,2})s?\b`)

// Patterns of the ages an eligibility states.
var (
	agePlusRE  = regexp.MustCompile(`(?:^|[^a-z0-9])(\d{1,2})\s*\+`)                                  // "18+", "(18+)"
	ageSpanRE  = regexp.MustCompile(`(?:^|[^a-z0-9])(\d{1,2})\s*(?:to|-|–)\s*(\d{1,2})(?:[^0-9]|$)`)  // "aged 16 to 25", "14-17"
	ageOverRE  = regexp.MustCompile(`(?:^|[^a-z0-9])(\d{1,2})\s+(?:and|or)\s+(?:over|older|above)\b`) // "60 and over"
	ageAbove   = regexp.MustCompile(`\bover\s+(\d{1,2})s?\b`)                                         // "over 65"
	adultAgeRE = regexp.MustCompile(`\badults?\s*(?:\(|aged\s+)?\d`)                                  // "Adults 16+", "Adults (18+)", "Adults aged 19"
)

// noAgeLimit is as old as anyone asks about.
const noAgeLimit = 200

// AgeRange reads the ages a service is for from its eligibility: the
// widest span of what each of its parts (split at semicolons) states
// ("Adults 18+; young people 14-17 with a parent" is 14 and over). In a
// part with no age, "adults" is 18 and over and children's words under 18
// ("Adults and families" is anyone); "anyone" and "any age" lift a limit.
// Ages of whom people care for ("carers of people aged 65+") and a BMI are
// not theirs. ok is false when it says nothing of age.
func AgeRange(s *knowledge.Service) (lo, hi int, ok bool) {
	lo, hi = noAgeLimit, -1
	span := func(a, b int) {
		lo, hi, ok = min(lo, a), max(hi, b), true
	}
	for _, part := range strings.Split(strings.ToLower(s.Eligibility), ";") {
		switch {
		case strings.Contains(part, "adults of any age"):
			span(18, noAgeLimit)
		case strings.Contains(part, "anyone") || strings.Contains(part, "all ages") || strings.Contains(part, "any age"):
			span(0, noAgeLimit) // "carers of any age"
		}
		if strings.Contains(part, "famil") || strings.Contains(part, "parents") {
			span(0, noAgeLimit) // "families with children under 5": the parents too
		}
		if loc := caresForRE.FindStringIndex(part); loc != nil {
			part = part[:loc[0]] // what follows is about those cared for
		}
		part = bmiRE.ReplaceAllString(part, " ")
		stated := false
		for _, m := range ageSpanRE.FindAllStringSubmatch(part, -1) {
			if a, b := atoi(m[1]), atoi(m[2]); a < b {
				span(a, b)
				stated = true
			}
		}
		for _, re := range []*regexp.Regexp{agePlusRE, ageOverRE, ageAbove} {
			for _, m := range re.FindAllStringSubmatch(part, -1) {
				span(atoi(m[1]), noAgeLimit)
				stated = true
			}
		}
		if strings.Contains(part, "adult") && !adultAgeRE.MatchString(part) {
			span(18, noAgeLimit) // "Adults 60+, or housebound adults of any age": any adult
		}
		if !stated && forChildren(part) && !strings.Contains(part, "adults of any age") {
			span(0, 17) // "young people with a parent"
		}
	}
	return lo, hi, ok
}

// caresForRE finds eligibility about whom people care for, whose ages are
// not theirs: "carers of people aged 65+", "parents of children aged 0 to 5".
var caresForRE = regexp.MustCompile(`\b(?:carers?|parents?|families|family|relatives)\s+(?:of|looking after)\b|\bcaring for\b`)

// bmiRE finds a body mass index, which is not an age: "a BMI of 35 or above".
var bmiRE = regexp.MustCompile(`\bbmi\s*(?:of\s*)?\d+(?:\.\d+)?(?:\s*(?:or|and)\s*(?:more|above|over|higher))?`)

func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}

func ptr[T any](v T) *T { return &v }

// forChildren says whether eligibility (lower case) is for children: in
// words, or by an upper age of 18 or below. A range that runs past 18
// ("aged 16 to 25") is for young adults as much as children.
func forChildren(elig string) bool {
	if slices.ContainsFunc(childWords, func(w string) bool { return strings.Contains(elig, w) }) {
		return true
	}
	if (strings.Contains(elig, "any age") || strings.Contains(elig, "all ages")) && !strings.Contains(elig, "adults of any age") {
		return true // "unpaid carers of any age"
	}
	for _, m := range ageLimitRE.FindAllStringSubmatch(elig, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n <= 18 {
			return true
		}
	}
	return false
}

// Areas returns the areas services are listed for, by their keys.
func (ix *Index) Areas() map[place.Key]string { return ix.areas }

// plain strips Slack mrkdwn links down to their labels so that URLs do not
// pollute the text index.
func plain(s string) string {
	return mrkdwn.ReplaceLinks(s, mrkdwn.Link.Readable)
}

// Entry is a knowledge entry the index holds; exactly one pointer is set.
type Entry struct {
	Kind    knowledge.Kind
	FAQ     *knowledge.FAQ
	Term    *knowledge.Term
	Service *knowledge.Service
}

// Entry looks up an entry by id.
func (ix *Index) Entry(id string) (Entry, bool) {
	ref, ok := ix.entries.get(id)
	if !ok {
		return Entry{}, false
	}
	e := Entry{Kind: ref.kind}
	switch ref.kind {
	case knowledge.KindFAQ:
		e.FAQ = &ix.kb.FAQs[ref.i]
	case knowledge.KindTerm:
		e.Term = &ix.kb.Terms[ref.i]
	case knowledge.KindService:
		e.Service = &ix.kb.Services[ref.i]
	}
	return e, true
}
