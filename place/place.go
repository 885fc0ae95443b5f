// Package place is where things are: points and the distances between
// them, and the one way Signpost folds a place name into a key. Its
// subpackages read places from what people write: postcode (UK postcodes
// and districts) and gazetteer (UK place names and their locations).
package place

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/geo"
)

// Point is a location in decimal degrees (WGS84).
type Point struct{ Lat, Lon float64 }

// DistanceKm is the great-circle distance between two points (Bleve's
// haversine, the one its geo queries use).
func DistanceKm(a, b Point) float64 { return geo.Haversin(a.Lon, a.Lat, b.Lon, b.Lat) }

// Key is a place name folded for comparison. It is a type of its own so
// that a raw name cannot be looked up where a key is wanted.
type Key string

// KeyOf folds a place name: "Stockton-on-Tees" and "stockton on tees"
// share a key, as do "St. Ives" and "St Ives", and "Whitby " and "whitby".
func KeyOf(name string) Key {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '\'' || r == '’' || r == '.':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return Key(b.String())
}
