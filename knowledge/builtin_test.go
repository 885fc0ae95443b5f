package knowledge

import (
	"slices"
	"strings"
	"testing"
)

func TestBuiltin(t *testing.T) {
	kb, err := Load(Builtin())
	if err != nil {
		t.Fatalf("built-in knowledge does not validate:\n%v", err)
	}
	if len(kb.FAQs) < 40 || len(kb.Terms) < 30 || len(kb.Services) == 0 {
		t.Errorf("built-in knowledge has %s; want at least 40 faq, 30 terms and some services", kb.Summary())
	}
	for _, f := range kb.FAQs {
		if f.Source == nil || f.Reviewed.IsZero() {
			t.Errorf("%s: faq %s has no source or reviewed date", f.Pos, f.ID)
		}
	}
	for _, term := range kb.Terms {
		if term.Source == nil || term.Reviewed.IsZero() {
			t.Errorf("%s: term %s has no source or reviewed date", term.Pos, term.ID)
		}
	}
	for _, s := range kb.Services {
		if s.Area != "England" || s.Reviewed.IsZero() || s.Contact == nil || s.Contact.Website == "" {
			t.Errorf("%s: national service %s needs area England, a reviewed date and a website", s.Pos, s.ID)
		}
		if strings.Contains(s.Contact.Website, "example.") {
			t.Errorf("%s: service %s looks fictional", s.Pos, s.ID)
		}
	}
}

// The 2019 report lists these local names for the link worker role; every
// one must lead to the link worker term.
func TestBuiltinLinkWorkerNames(t *testing.T) {
	kb, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var lw *Term
	for i := range kb.Terms {
		if kb.Terms[i].ID == "link-worker" {
			lw = &kb.Terms[i]
		}
	}
	if lw == nil {
		t.Fatal("no link-worker term")
	}
	for _, name := range []string{
		"care navigator", "health navigator", "community navigator", "care worker", "care co-ordinator",
		"key worker", "peer support worker", "support worker", "community development worker", "health coach",
		"health trainer", "referrer", "team link", "liaison officer", "befriender", "community connector",
		"social connector", "village agent",
	} {
		if !slices.Contains(lw.Aliases, name) {
			t.Errorf("link-worker aliases lack %q", name)
		}
	}
}

func TestVocabulary(t *testing.T) {
	v, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Categories) != len(Categories()) {
		t.Errorf("vocabulary covers %d categories, want %d", len(v.Categories), len(Categories()))
	}
	if got := v.Label("physical-activity"); got != "physical activity" {
		t.Errorf("Label(physical-activity) = %q", got)
	}
	var lonely bool
	for _, d := range v.Synonyms() {
		for _, in := range d.Input {
			if strings.Contains(in, " ") {
				t.Errorf("synonym input %q has more than one word; Bleve would drop it", in)
			}
			if in == "lonely" && slices.Equal(d.Synonyms, []string{"befriending"}) {
				lonely = true
			}
		}
	}
	if !lonely {
		t.Error("lonely is not a synonym of befriending")
	}
	if _, err := ParseVocabulary([]byte("categories:\n  walking: {label: x}\n")); err == nil {
		t.Error("ParseVocabulary accepted an unknown category")
	}
	if _, err := ParseVocabulary([]byte("categorys: {}\n")); err == nil {
		t.Error("ParseVocabulary accepted an unknown key")
	}
	// The word lists code relies on come from the YAML.
	for name, tc := range map[string]struct {
		list []string
		has  string
	}{
		"national_areas": {v.NationalAreas, "online"},
		"street_words":   {v.StreetWords, "road"},
		"weak_words":     {v.WeakWords, "thing"},
		"service_words":  {v.ServiceWords, "group"},
	} {
		t.Run(name, func(t *testing.T) {
			if !slices.Contains(tc.list, tc.has) {
				t.Errorf("%s lacks %q: %v", name, tc.has, tc.list)
			}
		})
	}
}
