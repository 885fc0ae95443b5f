package gazetteer

import (
	"testing"

	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/postcode"
)

func TestLookup(t *testing.T) {
	g := New()
	if g.Len() < 4000 {
		t.Fatalf("gazetteer has %d names, want over 4,000", g.Len())
	}
	for _, name := range []string{"Harrogate", "harrogate", "HASTINGS", "Leeds", "Cardiff", "Stockton-on-Tees", "stockton on tees", "Chapel Allerton"} {
		if len(g.Lookup(place.KeyOf(name))) == 0 {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
	for _, name := range []string{"", "social prescribing", "Atlantis"} {
		if ps := g.Lookup(place.KeyOf(name)); len(ps) != 0 {
			t.Errorf("Lookup(%q) = %v, want nothing", name, ps)
		}
	}
	p := g.Lookup(place.KeyOf("Harrogate"))[0]
	if p.Lat < 53.9 || p.Lat > 54.1 || p.Lon < -1.6 || p.Lon > -1.4 || p.Nation != "England" {
		t.Errorf("Harrogate = %+v", p)
	}
	if g.MaxWords() < 3 {
		t.Errorf("MaxWords() = %d, want place names of three words or more", g.MaxWords())
	}
	g.Add(Place{Name: "Leeds North", Point: place.Point{Lat: 53.85, Lon: -1.54}})
	if len(g.Lookup(place.KeyOf("leeds north"))) != 1 {
		t.Error("Add did not make a place known")
	}
}

// TestPostcodeAreaTowns: every postcode area's town is a place the
// gazetteer knows, so an unknown district can be placed.
func TestPostcodeAreaTowns(t *testing.T) {
	g := New()
	for area, town := range postcode.AreaTowns() {
		if len(g.Lookup(place.KeyOf(town))) == 0 {
			t.Errorf("postcode area %s: the gazetteer does not know %q", area, town)
		}
	}
}
