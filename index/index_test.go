package index

import (
	"github.com/signpost-ahp/signpost/english"

	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/signpost-ahp/signpost/internal/kbgen"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
)

var update = flag.Bool("update", false, "rewrite golden files")

func builtinIndex(t testing.TB) *Index {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return buildIndex(t, kb)
}

func buildIndex(t testing.TB, kb *knowledge.Base) *Index {
	t.Helper()
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), kb, vocab)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestGlossaryFind(t *testing.T) {
	g := newGlossary()
	g.add("link-worker", []string{"link", "worker"})
	g.add("link-worker", []string{"social", "prescribing", "link", "worker"})
	g.add("social-prescribing", []string{"social", "prescribing"})
	g.add("pcn", []string{"pcn"})
	tests := []struct {
		name   string
		tokens []string
		want   string
	}{
		{"link worker after other words", []string{"how", "refer", "link", "worker"}, "link-worker 2-4"},
		{"overlapping phrases", []string{"social", "prescribing", "link", "worker"}, "link-worker 0-4, social-prescribing 0-2, link-worker 2-4"},
		{"pcn", []string{"what", "pcn"}, "pcn 1-2"},
		{"partial phrase", []string{"link"}, ""},
		{"no tokens", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range g.Find(tt.tokens) {
				got = append(got, fmt.Sprintf("%s %d-%d", m.Key, m.Start, m.End))
			}
			if strings.Join(got, ", ") != tt.want {
				t.Errorf("Find(%v) = %v, want %s", tt.tokens, got, tt.want)
			}
		})
	}
}

func TestAnalyse(t *testing.T) {
	ix := builtinIndex(t)
	tests := []struct {
		words    string
		lights   string // light tokens after correction
		concepts string // glossary concept keys
		cats     string
	}{
		{"socal prescibing", "social prescribing", "social-prescribing", "link-worker"},
		{"link wroker", "link worker", "link-worker", "link-worker"},
		{"care navigators", "care navigator", "link-worker", "link-worker"},
		{"village agent", "village agent", "link-worker", "link-worker"},
		{"befriender", "befriender", "link-worker", "befriending"},
		{"befriending", "befriending", "befriending", "befriending"},
		{"claim mileage", "claim mileage", "", ""},
		{"lonely allotment", "lonely allotment", "", "befriending gardening"},
		{"the and of", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			an, err := ix.Analyse(context.Background(), strings.Fields(tt.words))
			if err != nil {
				t.Fatal(err)
			}
			var lights []string
			for _, w := range an.Words {
				lights = append(lights, w.Light)
			}
			if got := strings.Join(lights, " "); got != tt.lights {
				t.Errorf("Analyse(%q) words = %q, want %q", tt.words, got, tt.lights)
			}
			if got := strings.Join(Keys(an.Concepts), " "); got != tt.concepts {
				t.Errorf("Analyse(%q) concepts = %q, want %q", tt.words, got, tt.concepts)
			}
			if got := strings.Join(Keys(an.Categories), " "); got != tt.cats {
				t.Errorf("Analyse(%q) categories = %q, want %q", tt.words, got, tt.cats)
			}
		})
	}
}

// TestSearchGolden checks the top three entries for representative
// questions (testdata/search.txt) against testdata/search.golden.
func TestSearchGolden(t *testing.T) {
	ix := builtinIndex(t)
	f, err := os.Open("testdata/search.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" || strings.HasPrefix(q, "#") {
			continue
		}
		an, err := ix.Analyse(context.Background(), strings.Fields(strings.ToLower(q)))
		if err != nil {
			t.Fatal(err)
		}
		hits, _, err := ix.Search(context.Background(), Query{Analysis: an, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		fmt.Fprintf(&b, "%s\t%s\n", q, strings.Join(ids, " "))
	}
	got := b.String()
	if *update {
		if err := os.WriteFile("testdata/search.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/search.golden")
	if err != nil {
		t.Fatalf("%v (run go test ./index -update)", err)
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := line(gotLines, i), line(wantLines, i)
		if g != w {
			t.Errorf("search results changed:\n got  %s\n want %s", g, w)
		}
	}
}

func line(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return ""
}

func TestSearchFilters(t *testing.T) {
	kb := &knowledge.Base{Services: kbgen.Services(300, 7)}
	ix := buildIndex(t, kb)
	an, err := ix.Analyse(context.Background(), []string{"walking", "group"})
	if err != nil {
		t.Fatal(err)
	}
	hits, _, err := ix.Search(context.Background(), Query{Analysis: an, Areas: []place.Key{"harrogate"}, Categories: []string{"physical-activity"}, Kind: knowledge.KindService, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no services found in Harrogate")
	}
	for _, h := range hits {
		e, _ := ix.Entry(h.ID)
		if e.Service == nil || e.Service.Area != "Harrogate" {
			t.Errorf("hit %s is not a Harrogate service", h.ID)
		}
	}
	if e, _ := ix.Entry(hits[0].ID); !slices.Contains(e.Service.Categories, "physical-activity") {
		t.Errorf("top hit %s is not physical activity", hits[0].ID)
	}
}

// TestFilterPhrases: a filter phrase the analyser reads as one common
// word ("no cost" as "cost") does not make that word a filter.
func TestFilterPhrases(t *testing.T) {
	ix := builtinIndex(t)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"how much does it cost", nil},
		{"is there a charge", nil},
		{"pt is 18", nil},
		{"can she just turn up", []string{knowledge.FilterSelfReferral}},
		{"is it free", []string{knowledge.FilterFree}},
		{"costs nothing", []string{knowledge.FilterFree}},
		{"befriending for carers", []string{knowledge.FilterCarers}},
		{"she is her mum's carer", []string{knowledge.FilterCarers}},
		{"anything for kids", []string{knowledge.FilterChildren}},
	} {
		an, err := ix.Analyse(context.Background(), strings.Fields(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		got := Keys(an.Filters)
		if !slices.Equal(got, tc.want) {
			t.Errorf("filters of %q = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestLongestKind: a kind named in more words wins over one inside it.
func TestLongestKind(t *testing.T) {
	ix := builtinIndex(t)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"on a low income", []string{"money-advice"}},
		{"she has been so low", []string{"mental-wellbeing"}},
		{"low mood and debts", []string{"mental-wellbeing", "money-advice"}},
	} {
		an, err := ix.Analyse(context.Background(), strings.Fields(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		if got := Keys(an.Categories); !slices.Equal(got, tc.want) {
			t.Errorf("kinds of %q = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestSearchAge: an age finds only services whose eligibility takes it;
// those that say nothing of age take anyone.
func TestSearchAge(t *testing.T) {
	svc := func(id, elig string) knowledge.Service {
		return knowledge.Service{ID: id, Name: id + " group", Description: "A group for low mood.", Categories: []string{"mental-wellbeing"},
			Area: "Whitby", Eligibility: elig}
	}
	ix := buildIndex(t, &knowledge.Base{Services: []knowledge.Service{
		svc("youth", "Young people aged 11 to 25"), svc("adults", "Adults 18+"), svc("older", "People aged 60 and over"), svc("anyone", ""),
	}})
	for _, tc := range []struct {
		age  int
		want []string
	}{
		{0, []string{"adults", "anyone", "older", "youth"}},
		{17, []string{"anyone", "youth"}},
		{25, []string{"adults", "anyone", "youth"}},
		{48, []string{"adults", "anyone"}},
		{72, []string{"adults", "anyone", "older"}},
	} {
		hits, total, err := ix.Search(context.Background(), Query{Categories: []string{"mental-wellbeing"}, OnlyCategories: true, Age: tc.age, Kind: knowledge.KindService, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("age %d: %v (total %d), want %v", tc.age, got, total, tc.want)
		}
	}
}

// TestWithout: taking words out finds the matches again over the rest.
func TestWithout(t *testing.T) {
	ix := builtinIndex(t)
	an, err := ix.Analyse(context.Background(), strings.Fields("free befriending for carers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Filters) == 0 {
		t.Fatalf("no filters found in %+v", an)
	}
	got := ix.Without(an, an.Filters...)
	if len(got.Filters) != 0 {
		t.Errorf("filters left: %+v", got.Filters)
	}
	for _, w := range got.Words {
		if w.Light == "free" {
			t.Errorf("filter word %q kept", w.Light)
		}
	}
	if len(got.Categories) == 0 || got.Categories[0].Key != "befriending" {
		t.Errorf("categories after Without = %+v, want befriending found again", got.Categories)
	}
	if same := ix.Without(an); len(same.Words) != len(an.Words) {
		t.Errorf("Without no spans changed the words")
	}
}

// TestWithPlaces: a place weighs as one rare word however long its name,
// and a place no entry names is unmatched weight.
func TestWithPlaces(t *testing.T) {
	kb, err := knowledge.Load(os.DirFS("../testdata/kb"))
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(t, kb)
	an, err := ix.Analyse(context.Background(), []string{"newsletter"})
	if err != nil {
		t.Fatal(err)
	}
	got, unmatched, err := ix.WithPlaces(context.Background(), an, []string{"Whitby", "Nowhere Atall"}, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Words) != len(an.Words)+1 {
		t.Fatalf("words = %+v, want the question's and Whitby", got.Words)
	}
	whitby := got.Words[len(got.Words)-1]
	if whitby.Light != "whitby" || whitby.Pos != 7 || whitby.IDF != ix.MaxIDF() {
		t.Errorf("place word = %+v, want whitby at 7 weighing MaxIDF", whitby)
	}
	if unmatched != ix.MaxIDF() {
		t.Errorf("unmatched = %v, want one MaxIDF for the unknown place", unmatched)
	}
	if len(an.Words) != 1 {
		t.Errorf("the analysis passed in was changed: %+v", an.Words)
	}
}

func TestForChildren(t *testing.T) {
	for _, tc := range []struct {
		elig string
		want bool
	}{
		{"young carers aged 8 to 18", true},
		{"ages 11-16", true},
		{"aged 5–11 and their parents", true},
		{"under 16s", true},
		{"children and families", true},
		{"anyone", false},
		{"adults aged 18 to 65", false},
		{"young adults aged 16 to 25", false},
		{"over 50s", false},
		{"carers of people with dementia", false},
		{"unpaid carers of any age living in west cornwall", true},
		{"adults 60+, or housebound adults of any age", false},
	} {
		if got := forChildren(tc.elig); got != tc.want {
			t.Errorf("forChildren(%q) = %v, want %v", tc.elig, got, tc.want)
		}
	}
}

func TestAgeRange(t *testing.T) {
	const any = noAgeLimit
	for _, tc := range []struct {
		elig   string
		lo, hi int
		ok     bool
	}{
		{"Adults (18+) registered with a GP practice in a north Leeds primary care network", 18, any, true},
		{"Adults 16+ living in M22 or M23", 16, any, true},
		{"Adults 18 to 66 with a health condition or disability", 18, 66, true},
		{"Adults 18+; young people 14-17 with a parent or supporter", 14, any, true},
		{"Adults 60+, or housebound adults of any age, living in TR17, TR18, TR19 or TR20", 18, any, true},
		{"Adults aged 19 and over", 19, any, true},
		{"Adults living in south Manchester (M20 to M23)", 18, any, true},
		{"Adults with a BMI of 30 or more (27.5 for some ethnic groups)", 18, any, true},
		{"Adults; home visits for housebound people over 65", 18, any, true},
		{"Anyone who registers; under-11s with an adult", 0, any, true},
		{"People aged 60 and over living in Harrogate", 60, any, true},
		{"Walking football 50+; walks for all adults", 18, any, true},
		{"Young carers aged 8 to 18", 8, 18, true},
		{"Young people aged 11 to 25 living or studying in M20 to M23", 11, 25, true},
		{"Women 18+", 18, any, true},
		{"Older people who are lonely or isolated", 0, 0, false},
		{"People living in TR14, TR15 or TR16 on a low income", 0, 0, false},
		{"Anyone who can walk for 30 minutes unaided or with a stick", 0, any, true},
		{"Adults and families", 0, any, true},
		{"Adults 18+; young people with a parent or carer", 0, any, true},
		{"Carers of people aged 65+", 0, 0, false},
		{"Unpaid carers aged 18+ caring for someone in Leicester", 18, any, true},
		{"Parents of children aged 0 to 5", 0, any, true}, // the parents' own ages: any
		{"Adults with a BMI of 35 or above", 18, any, true},
		{"People with a BMI of 30 or more", 0, 0, false},
		{"Families with children under 5", 0, any, true},
		{"Adults 18+; carers of any age", 0, any, true},
	} {
		lo, hi, ok := AgeRange(&knowledge.Service{Eligibility: tc.elig})
		if ok != tc.ok || ok && (lo != tc.lo || hi != tc.hi) {
			t.Errorf("AgeRange(%q) = %d, %d, %v; want %d, %d, %v", tc.elig, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

func TestOtherWord(t *testing.T) {
	ix := &Index{lexicon: &lexicon{english: english.Words()}}
	for _, tc := range []struct {
		typed, fixed string
		want         bool
	}{
		{"still", "skill", true},
		{"sign", "sing", true},
		{"wife", "life", true},
		{"taking", "making", true},
		{"days", "day", false},
		{"responded", "response", false},
		{"meant", "mean", false},
		{"befriening", "befriending", false}, // not a word: a spelling to fix
		{"ther", "there", false},
	} {
		if got := ix.otherWord(tc.typed, tc.typed, tc.fixed); got != tc.want {
			t.Errorf("otherWord(%q, %q) = %v, want %v", tc.typed, tc.fixed, got, tc.want)
		}
	}
}

// TestEverydayWordsAreNotCorrected: a word of the vocabulary is a word
// Signpost knows, even when no entry uses it: "rent" is not "Kent", while
// "carers" may still become "care".
func TestEverydayWordsAreNotCorrected(t *testing.T) {
	kb, err := knowledge.Load(os.DirFS("../testdata/kb"))
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(t, kb)
	for _, tc := range []struct{ word, want string }{
		{"rent", "rent"},
		{"meals", "meal"},
		{"carers", "care"},
		{"gardener", "garden"},
	} {
		an, err := ix.Analyse(context.Background(), []string{tc.word})
		if err != nil {
			t.Fatal(err)
		}
		if len(an.Words) != 1 || an.Words[0].Light != tc.want {
			t.Errorf("%q read as %+v, want %q", tc.word, an.Words, tc.want)
		}
	}
}

// TestUnsaidStemsLeaveScores: leaving out the stems no entry says (see
// rankingClauses) changes no entry's score relative to the others, so
// the order and every decision on it stay as they were.
func TestUnsaidStemsLeaveScores(t *testing.T) {
	ix := builtinIndex(t)
	for _, msg := range []string{
		"my patient's husband died last month and she is struggling, is there bereavement support in Leeds",
		"zzyzx qwerty blorp",
		"what is a link worker",
		"pulmonary rehab cohort finishes and they feel abandoned, any walking groups or exercise they could join afterwards",
	} {
		an, err := ix.Analyse(context.Background(), []string{msg})
		if err != nil {
			t.Fatal(err)
		}
		relative := func(said func(string) bool) map[string]float64 {
			root := bleveQuery(Query{Analysis: an}, said)
			if root == nil {
				return nil
			}
			res, err := ix.bleve.Search(bleve.NewSearchRequestOptions(root, 50, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]float64{}
			for _, h := range res.Hits {
				out[h.ID] = h.Score / res.Hits[0].Score
			}
			return out
		}
		all, kept := relative(func(string) bool { return true }), relative(ix.said)
		if len(all) != len(kept) {
			t.Errorf("%q: %d entries found with every stem, %d with those said", msg, len(all), len(kept))
		}
		for id, r := range all {
			if k, ok := kept[id]; !ok || math.Abs(k-r) > 1e-9 {
				t.Errorf("%q: %s scores %.6f of the best with every stem, %.6f with those said", msg, id, r, k)
			}
		}
	}
}

// FuzzLightAndStems: reading a text both ways in one pass gives what the
// two analyzers give on their own.
func FuzzLightAndStems(f *testing.F) {
	for _, s := range []string{"What’s a social prescribing link worker?", "Carers' café (Leeds) runs Tuesdays", "the and of", "", "ʼtis ＇quoted＇ naïve résumé"} {
		f.Add(s)
	}
	ix := builtinIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		lights, stems := ix.lightAndStems(s)
		if want := ix.Light(s); !slices.Equal(lights, want) {
			t.Fatalf("%q: light %q, want %q", s, lights, want)
		}
		if want := ix.Stems(s); !slices.Equal(stems, want) {
			t.Fatalf("%q: stems %q, want %q", s, stems, want)
		}
	})
}
