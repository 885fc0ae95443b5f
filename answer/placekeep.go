package answer

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"os"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/gazetteer"
	"github.com/signpost-ahp/signpost/safefile"
)

// Working out a knowledge's places reads every service's address and
// description: 0.7 s of a restart at 100,000 services, the same each time
// the knowledge is the same. So the place table is kept beside a kept
// index and read back.

// placesFile is the file the place table is kept in, beside the index.
const placesFile = "places.gob"

// placesFormat changes whenever keptPlaces or how places are worked out
// changes, so an old file is worked out again rather than misread.
const placesFormat = 1

// keptPlaces is what of the place table comes from the knowledge.
type keptPlaces struct {
	Version       string // placesFormat and the gazetteer's version
	Names         map[place.Key]string
	ByName        map[place.Key]place.Key
	Longest       map[string]int
	ByDistrict    map[string][]place.Key
	National      []place.Key
	AreaPoint     map[place.Key]place.Point
	DistrictPoint map[string]place.Point
	PostcodePoint map[string]place.Point
	Local         map[place.Key]keptNeighbourhood
}

type keptNeighbourhood struct {
	Name     string
	Areas    map[place.Key]int
	Lat, Lon float64
	N        int
	GZ       *place.Point
}

func placesVersion(gz *gazetteer.Gazetteer) string {
	return fmt.Sprintf("%d|%s", placesFormat, gz.Version())
}

// placesFor is the place table of ix's knowledge: read from beside a kept
// index when it was kept there, otherwise worked out (and kept, when the
// index is).
func placesFor(ix *index.Index, gz *gazetteer.Gazetteer, vocab *knowledge.Vocabulary) *places {
	path := ix.KeptFile(placesFile)
	if path != "" {
		if t, err := readPlaces(path, gz, vocab, ix.Common); err == nil {
			return t
		}
	}
	t := newPlaces(ix.Knowledge(), ix.Areas(), gz, vocab, ix.Common)
	if path != "" {
		// Best effort: without it the next start works them out again.
		_ = writePlaces(path, t)
	}
	return t
}

// emptyPlaces is a table with what comes from the vocabulary and the
// gazetteer, for what comes from the knowledge to be filled in.
func emptyPlaces(gz *gazetteer.Gazetteer, vocab *knowledge.Vocabulary, common func(string) bool) *places {
	return &places{
		common:        common,
		categoryWords: categoryWords(vocab),
		gz:            gz,
		nationwide:    keys(vocab.NationalAreas...),
		street:        set(vocab.StreetWords...),
		names:         map[place.Key]string{},
		byName:        map[place.Key]place.Key{},
		longest:       map[string]int{},
		byDistrict:    map[string][]place.Key{},
	}
}

func writePlaces(path string, t *places) error {
	k := keptPlaces{
		Version: placesVersion(t.gz), Names: t.names, ByName: t.byName, Longest: t.longest,
		ByDistrict: t.byDistrict, National: t.national, AreaPoint: t.areaPoint,
		DistrictPoint: t.districtPoint, PostcodePoint: t.postcodePoint,
		Local: make(map[place.Key]keptNeighbourhood, len(t.local)),
	}
	for key, n := range t.local {
		k.Local[key] = keptNeighbourhood{Name: n.name, Areas: n.areas, Lat: n.at.lat, Lon: n.at.lon, N: n.at.n, GZ: n.gz}
	}
	// Written whole or not at all: a reader finds the old file or the new.
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(k); err != nil {
		return err
	}
	return safefile.Write(path, b.Bytes(), 0o644)
}

func readPlaces(path string, gz *gazetteer.Gazetteer, vocab *knowledge.Vocabulary, common func(string) bool) (*places, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var k keptPlaces
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&k); err != nil {
		return nil, err
	}
	if k.Version != placesVersion(gz) {
		return nil, errors.New("kept places are of another gazetteer or format")
	}
	t := emptyPlaces(gz, vocab, common)
	t.national = k.National
	t.areaPoint, t.districtPoint, t.postcodePoint = k.AreaPoint, k.DistrictPoint, k.PostcodePoint
	t.local = make(map[place.Key]*neighbourhood, len(k.Local))
	for key, n := range k.Local {
		t.local[key] = &neighbourhood{name: n.Name, areas: n.Areas, at: centroid{lat: n.Lat, lon: n.Lon, n: n.N}, gz: n.GZ}
	}
	// gob leaves an empty map nil, which reads as empty: only the maps
	// emptyPlaces makes are kept as it made them.
	if k.Names != nil {
		t.names = k.Names
	}
	if k.ByName != nil {
		t.byName = k.ByName
	}
	if k.Longest != nil {
		t.longest = k.Longest
	}
	if k.ByDistrict != nil {
		t.byDistrict = k.ByDistrict
	}
	return t, nil
}
