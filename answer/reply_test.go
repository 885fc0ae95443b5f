package answer

import (
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

func TestNearness(t *testing.T) {
	svc := &knowledge.Service{Name: "Club"}
	tests := []struct {
		name   string
		res    Result
		words  string
		caveat bool
	}{
		{"national", Result{Service: svc, National: true, DistanceKm: -1}, "available across England", true},
		{"further with distance", Result{Service: svc, Further: true, DistanceKm: 16.2}, "further away: 16 km", true},
		{"further", Result{Service: svc, Further: true, DistanceKm: -1}, "further away", true},
		{"near", Result{Service: svc, DistanceKm: 0.42}, "400 m", false},
		{"no place asked about", Result{Service: svc, DistanceKm: -1}, "", false},
		{"an FAQ has no distance", Result{FAQ: &knowledge.FAQ{}, DistanceKm: 3}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, caveat := tt.res.Nearness()
			if words != tt.words || caveat != tt.caveat {
				t.Errorf("Nearness() = %q, %v; want %q, %v", words, caveat, tt.words, tt.caveat)
			}
		})
	}
}

func TestCitation(t *testing.T) {
	day := knowledge.Date{}
	tests := []struct {
		name    string
		src     *knowledge.Source
		wantSrc string
		wantURL string
	}{
		{"title and address", &knowledge.Source{Title: "NHS England", URL: "https://www.england.nhs.uk"}, "NHS England", "https://www.england.nhs.uk"},
		{"address only", &knowledge.Source{URL: "https://x.org"}, "https://x.org", "https://x.org"},
		{"title only", &knowledge.Source{Title: "AHP survey 2023"}, "AHP survey 2023", ""},
		{"none", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Result{FAQ: &knowledge.FAQ{Source: tt.src, Reviewed: day}}
			c := r.Citation()
			if c.Source != tt.wantSrc || c.URL != tt.wantURL {
				t.Errorf("Citation() = %+v, want source %q url %q", c, tt.wantSrc, tt.wantURL)
			}
		})
	}
}

func TestSeeAlso(t *testing.T) {
	res := func(id, title string) Result { return Result{ID: id, Title: title, FAQ: &knowledge.FAQ{}} }
	r := &Reply{Results: []Result{
		res("a", "What is a link worker?"),
		res("a", "What is a link worker?"), // the same entry again
		res("b", "what is a link worker?"), // another named the same
		res("c", "How do I refer?"),
		res("d", "Who pays?"),
		res("e", "Where are they?"),
		res("f", "One too many"),
	}}
	got := r.SeeAlso()
	var ids []string
	for _, g := range got {
		ids = append(ids, g.ID)
	}
	if len(ids) != SeeAlsoCount || ids[0] != "c" || ids[1] != "d" || ids[2] != "e" {
		t.Errorf("SeeAlso ids = %v, want [c d e]", ids)
	}
	if (&Reply{}).SeeAlso() != nil {
		t.Error("SeeAlso of no results is not empty")
	}
}
