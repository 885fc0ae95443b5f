package answer

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/gazetteer"
	"github.com/signpost-ahp/signpost/place/postcode"
	"github.com/signpost-ahp/signpost/reading"
)

// places is what the Answerer knows of where things are: the knowledge's
// areas by name and alias, postcode districts, the neighbourhoods its
// services name, where each of them is, and the gazetteer for places
// beyond the knowledge. It is built once for a knowledge base and only
// read afterwards.
type places struct {
	gz         *gazetteer.Gazetteer
	names      map[place.Key]string    // area names as written
	byName     map[place.Key]place.Key // area, by the key of its name or an alias
	longest    map[string]int          // first word of an area or neighbourhood name → most words in one
	byDistrict map[string][]place.Key  // areas, by postcode district
	national   []place.Key             // areas that mean services available across England
	// Where places are: an area's declared location or the middle of its
	// services; a district's middle; a service's exact postcode.
	areaPoint     map[place.Key]place.Point
	districtPoint map[string]place.Point
	postcodePoint map[string]place.Point
	// local are neighbourhoods the services name.
	local map[place.Key]*neighbourhood
	// nationwide are the vocabulary's names for "anywhere in England";
	// street its words that end a street's or building's name.
	nationwide map[place.Key]bool
	street     map[string]bool
	// common says whether a word is common English, not a name.
	common func(string) bool
	// categoryWords are the vocabulary's words for kinds of service.
	categoryWords map[string]bool
}

// knows reports whether a name is one of the knowledge's areas or
// neighbourhoods.
func (t *places) knows(name string) bool {
	k := place.KeyOf(name)
	_, area := t.byName[k]
	_, local := t.local[k]
	return area || local
}

// compassSwapped is a two-word place name with its compass word moved to
// the other end: "Leeds North" and "North Leeds".
func compassSwapped(name string) (place.Key, bool) {
	words := strings.Fields(string(place.KeyOf(name)))
	if len(words) != 2 {
		return "", false
	}
	if compass[words[0]] != compass[words[1]] {
		return place.Key(words[1] + " " + words[0]), true
	}
	return "", false
}

var compass = set(reading.List("compass")...)

// isNational reports whether an area name means anywhere in England.
func (t *places) isNational(area place.Key) bool { return t.nationwide[area] }

// newPlaces learns the places of a knowledge base whose index lists
// services in areas.
func newPlaces(kb *knowledge.Base, areas map[place.Key]string, gz *gazetteer.Gazetteer, vocab *knowledge.Vocabulary, common func(string) bool) *places {
	t := emptyPlaces(gz, vocab, common)
	for key, name := range areas {
		t.names[key] = name
		if t.isNational(key) {
			t.national = append(t.national, key)
			continue
		}
		t.byName[place.KeyOf(name)] = key
		if swapped, ok := compassSwapped(name); ok {
			t.byName[swapped] = key
		}
	}
	slices.Sort(t.national)
	for _, ar := range kb.Areas {
		key := place.KeyOf(ar.Name)
		if _, ok := t.names[key]; !ok {
			t.names[key] = ar.Name
		}
		t.byName[place.KeyOf(ar.Name)] = key
		for _, alias := range ar.Aliases {
			t.byName[place.KeyOf(alias)] = key
		}
		// "Leeds North" is "North Leeds" too.
		if swapped, ok := compassSwapped(ar.Name); ok {
			if _, taken := t.byName[swapped]; !taken {
				t.byName[swapped] = key
			}
		}
		for _, d := range ar.Districts {
			t.addDistrict(d, key)
		}
	}
	for _, s := range kb.Services {
		if pc, ok := postcode.Parse(s.Postcode); ok && !t.isNational(place.KeyOf(s.Area)) {
			t.addDistrict(pc.District(), place.KeyOf(s.Area))
		}
	}
	for key := range t.byName {
		words := strings.Fields(string(key))
		if len(words) > 0 {
			t.longest[words[0]] = max(t.longest[words[0]], len(words))
		}
	}
	t.locate(kb)
	t.learnNeighbourhoods(kb)
	return t
}

// locate works out where the knowledge's places are, from declared area
// locations and the services' own postcodes and locations: no postcode
// register is needed.
func (t *places) locate(kb *knowledge.Base) {
	t.areaPoint, t.districtPoint, t.postcodePoint = map[place.Key]place.Point{}, map[string]place.Point{}, map[string]place.Point{}
	byArea, byDistrict := map[place.Key]*centroid{}, map[string]*centroid{}
	for _, s := range kb.Services {
		area := place.KeyOf(s.Area)
		if s.Location == nil || t.isNational(area) {
			continue
		}
		p := *s.Location
		addTo(byArea, area, p)
		if pc, ok := postcode.Parse(s.Postcode); ok {
			addTo(byDistrict, pc.District(), p)
			t.postcodePoint[pc.String()] = p
		}
	}
	for k, c := range byArea {
		t.areaPoint[k] = c.point()
	}
	for k, c := range byDistrict {
		t.districtPoint[k] = c.point()
	}
	for _, ar := range kb.Areas {
		if ar.Location == nil {
			continue
		}
		p := *ar.Location
		t.areaPoint[place.KeyOf(ar.Name)] = p // declared beats derived
		for _, d := range ar.Districts {
			if _, ok := t.districtPoint[d]; !ok {
				t.districtPoint[d] = p
			}
		}
	}
}

// centroid averages points; over a town, flat-earth averaging is fine.
type centroid struct {
	lat, lon float64
	n        int
}

func (c *centroid) add(p place.Point) { c.lat += p.Lat; c.lon += p.Lon; c.n++ }

func (c *centroid) point() place.Point {
	return place.Point{Lat: c.lat / float64(c.n), Lon: c.lon / float64(c.n)}
}

func addTo[K comparable](m map[K]*centroid, k K, p place.Point) {
	c, ok := m[k]
	if !ok {
		c = &centroid{}
		m[k] = c
	}
	c.add(p)
}

// pointOf is where a gazetteer place is; of several with the name (there
// are many Suttons), the one nearest an area the knowledge covers.
func (t *places) pointOf(places []gazetteer.Place) *place.Point {
	if len(places) == 0 {
		return nil
	}
	best, bestD := places[0], math.MaxFloat64
	for _, p := range places {
		for _, ap := range t.areaPoint {
			if d := place.DistanceKm(p.Point, ap); d < bestD {
				best, bestD = p, d
			}
		}
	}
	return &best.Point
}

func (t *places) addDistrict(d string, area place.Key) {
	if !slices.Contains(t.byDistrict[d], area) {
		t.byDistrict[d] = append(t.byDistrict[d], area)
	}
}

// How long a word must be to be read as a misspelt place: shorter words
// are too often other words a letter away.
const (
	minPlaceTypo     = 5 // letters for one wrong letter
	minPlaceTwoTypos = 8 // letters for two
	// minNeighbourhood is the shortest neighbourhood name learnt from
	// services' addresses and text.
	minNeighbourhood = 3
)

// nearest returns the key of the area or neighbourhood one letter
// from a word (two for a long one), with the same first letter; "" for
// none or more than one.
func (t *places) nearest(word string) place.Key {
	w := place.KeyOf(word)
	if len(w) < minPlaceTypo {
		return ""
	}
	maxD := 1
	if len(w) >= minPlaceTwoTypos {
		maxD = 2
	}
	found := place.Key("")
	try := func(key place.Key) {
		if key[0] == w[0] && !strings.Contains(string(key), " ") && knowledge.EditDistance(string(w), string(key)) <= maxD {
			if found != "" && found != key {
				found = "\x00" // ambiguous
				return
			}
			if found == "" {
				found = key
			}
		}
	}
	for key := range t.byName {
		try(key)
	}
	for key := range t.local {
		try(key)
	}
	if found == "\x00" {
		return ""
	}
	return found
}

// learnNeighbourhoods finds the places each service's address and text
// name, and records them under the service's area.
// categoryWords are the vocabulary's everyday words for kinds of service,
// in lower case.
func categoryWords(v *knowledge.Vocabulary) map[string]bool {
	out := map[string]bool{}
	for _, c := range v.Categories {
		out[strings.ToLower(c.Label)] = true
		for _, w := range c.Words {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// mentions reports whether text names name as words of its own.
func mentions(text *strings.Builder, name string) bool {
	s := text.String()
	for at := 0; ; {
		i := strings.Index(s[at:], name)
		if i < 0 {
			return false
		}
		start, end := at+i, at+i+len(name)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		at = end
	}
}

// vocabWord says whether a name is one of the everyday words for a kind
// of service ("Wellbeing Hub"), which names no place.
func (t *places) vocabWord(name string) bool { return t.categoryWords[strings.ToLower(name)] }

func (t *places) learnNeighbourhoods(kb *knowledge.Base) {
	t.local = map[place.Key]*neighbourhood{}
	add := func(name string, s *knowledge.Service, area place.Key) {
		key := place.KeyOf(name)
		if key == "" || len(key) < minNeighbourhood {
			return
		}
		if _, isArea := t.byName[key]; isArea {
			return
		}
		n, ok := t.local[key]
		if !ok {
			n = &neighbourhood{name: name, areas: map[place.Key]int{}}
			t.local[key] = n
		}
		n.areas[area]++
		if s.Location != nil {
			n.at.add(*s.Location)
		}
		if places := t.gz.Lookup(place.KeyOf(name)); len(places) > 0 && n.gz == nil {
			n.gz = t.pointOf(places)
		}
	}
	var said strings.Builder
	for _, s := range kb.Services {
		said.WriteString(s.Name + "\n" + s.Description + "\n")
	}
	for i := range kb.Services {
		s := &kb.Services[i]
		area := place.KeyOf(s.Area)
		if t.isNational(area) {
			continue
		}
		for _, name := range addressPlaces(s.Address, t.street) {
			add(name, s, area)
		}
		for _, name := range buildingPlaces(s.Address, t.street, t.common) {
			// A building's name is a place's only when the services say
			// it again ("Silverhill Digital Drop-in"): "Quaker Meeting
			// House" names no neighbourhood.
			if mentions(&said, name) && !t.vocabWord(name) {
				add(name, s, area)
			}
		}
		for _, text := range []string{s.Description, s.Eligibility} {
			for _, name := range coveredPlaces(text, t.street) {
				add(name, s, area)
			}
			// A town the gazetteer knows, named in the text ("anyone
			// living in Penwith, St Ives or Hayle").
			for _, name := range capitalisedRuns(text) {
				if len(t.gz.Lookup(place.KeyOf(name))) > 0 {
					add(name, s, area)
				}
			}
		}
	}
	for key := range t.local {
		words := strings.Fields(string(key))
		t.longest[words[0]] = max(t.longest[words[0]], len(words))
	}
}
