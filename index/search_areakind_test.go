package index

import (
	"context"
	"slices"
	"testing"

	"github.com/signpost-ahp/signpost/internal/kbgen"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place"
)

// A search for kinds in places finds exactly the services listed in one
// of the places under one of the kinds, as crossing the two filters did:
// the area-and-kind terms are a faster way to the same set.
func TestAreaKindFindsWhatTheFiltersFind(t *testing.T) {
	kb := kbgen.Base(3000, 7, nil)
	ix := buildIndex(t, kb)
	towns := kbgen.Towns()
	for _, tc := range []struct {
		areas []place.Key
		cats  []string
	}{
		{[]place.Key{place.KeyOf(towns[0].Name)}, []string{"befriending"}},
		{[]place.Key{place.KeyOf(towns[1].Name), place.KeyOf(towns[2].Name)}, []string{"music", "arts"}},
		{[]place.Key{place.KeyOf(towns[3].Name)}, []string{"physical-activity", "gardening", "money-advice"}},
	} {
		var want []string
		for _, s := range kb.Services {
			if slices.Contains(tc.areas, place.KeyOf(s.Area)) && slices.ContainsFunc(s.Categories, func(c string) bool { return slices.Contains(tc.cats, c) }) {
				want = append(want, s.ID)
			}
		}
		hits, total, err := ix.Search(context.Background(), Query{Areas: tc.areas, Categories: tc.cats, OnlyCategories: true, Kind: knowledge.KindService, Size: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 || total != len(want) || !slices.Equal(got, want) {
			t.Errorf("%v %v: found %d (%d in all), want the %d listed there", tc.areas, tc.cats, len(got), total, len(want))
		}
	}
}
