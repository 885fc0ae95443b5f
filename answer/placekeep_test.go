package answer

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/place/gazetteer"
)

// The place table read back from beside a kept index is the one worked
// out from the knowledge, field for field; one kept for another gazetteer
// is worked out again.
func TestKeptPlacesAreTheWorkedOutOnes(t *testing.T) {
	ctx := context.Background()
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for _, kbDir := range []string{"../testdata/kb-d", "../testdata/kb-h"} {
		dir := t.TempDir()
		ix, _, err := index.Open(ctx, dir, os.DirFS(kbDir), vocab)
		if err != nil {
			t.Fatal(err)
		}
		gz := gazetteer.New()
		worked := placesFor(ix, gz, ix.Vocabulary())
		path := ix.KeptFile(placesFile)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%s: nothing kept beside the index: %v", kbDir, err)
		}
		read, err := readPlaces(path, gz, ix.Vocabulary(), ix.Common)
		if err != nil {
			t.Fatal(err)
		}
		for name, pair := range map[string][2]any{
			"names": {worked.names, read.names}, "byName": {worked.byName, read.byName}, "longest": {worked.longest, read.longest},
			"byDistrict": {worked.byDistrict, read.byDistrict}, "national": {worked.national, read.national},
			"areaPoint": {worked.areaPoint, read.areaPoint}, "districtPoint": {worked.districtPoint, read.districtPoint},
			"postcodePoint": {worked.postcodePoint, read.postcodePoint}, "local": {worked.local, read.local},
		} {
			if !reflect.DeepEqual(pair[0], pair[1]) {
				t.Errorf("%s: %s read back differs from worked out", kbDir, name)
			}
		}
		if len(read.local) == 0 || len(read.byName) == 0 {
			t.Errorf("%s: an empty table (%d neighbourhoods, %d names) proves little", kbDir, len(read.local), len(read.byName))
		}

		// Another gazetteer's places are not used.
		other := gazetteer.New()
		other.Add(gazetteer.Place{Name: "Nowhere Magna", Point: place.Point{Lat: 52, Lon: -1}})
		if _, err := readPlaces(path, other, ix.Vocabulary(), ix.Common); err == nil {
			t.Errorf("%s: places kept for one gazetteer were read for another", kbDir)
		}
		ix.Close()
	}
}

// An index in memory keeps nothing beside it.
func TestNoKeptPlacesInMemory(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(context.Background(), kb, vocab)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if p := ix.KeptFile(placesFile); p != "" {
		t.Errorf("an index in memory keeps places at %s", p)
	}
}
