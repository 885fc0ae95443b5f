package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

// TestGlossaryManyNames: a term with 100,000 names sharing their first
// word (a 2 MB file validate used to accept) builds and is searched in time
// in proportion to the names, and finds the right one.
func TestGlossaryManyNames(t *testing.T) {
	g := newGlossary()
	for i := range 100_000 {
		g.add("lw", []string{"alias", fmt.Sprint(i), "for", "the", "role"})
	}
	g.add("cn", []string{"alias"})
	ms := g.Find([]string{"the", "alias", "99999", "for", "the", "role", "today"})
	if len(ms) != 2 || ms[0].Key != "lw" || ms[0].Start != 1 || ms[0].End != 6 || ms[1].Key != "cn" {
		t.Errorf("Find = %+v, want the long name first, then the short one", ms)
	}
}

// BenchmarkGlossaryBuild adds n names sharing a first word: the time per
// name stays flat as n grows (it grew with n when names were scanned).
func BenchmarkGlossaryBuild(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g := newGlossary()
				for i := range n {
					g.add("lw", []string{"alias", fmt.Sprint(i), "for", "the", "role"})
				}
				g.Find([]string{"alias", "7", "for", "the", "role"})
			}
		})
	}
}

// TestAcronymsInNames checks an acronym inside a term's name names the
// term alone, unless it is another term's own name or several terms use it.
func TestAcronymsInNames(t *testing.T) {
	ix := buildIndex(t, &knowledge.Base{Terms: []knowledge.Term{
		{ID: "des", Term: "Network Contract DES", Aliases: []string{"PCN DES"}, Definition: "A contract."},
		{ID: "pcn", Term: "Primary care network", Aliases: []string{"PCN"}, Definition: "Practices together."},
		{ID: "ahp", Term: "Allied health professional (AHPs)", Definition: "A profession."},
		{ID: "one", Term: "XYZ scheme one", Definition: "One."},
		{ID: "two", Term: "XYZ scheme two", Definition: "Two."},
		{ID: "lower", Term: "the des moines plan", Definition: "Not an acronym."},
		{ID: "scheme", Term: "exercise on referral", Aliases: []string{"GP referral scheme"}, Definition: "A scheme."},
	}})
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"des", []string{"des"}},
		{"what is the des", []string{"des"}},
		{"pcn", []string{"pcn"}},                   // its own term, not the DES's
		{"pcn des", []string{"des", "pcn", "des"}}, // the whole name first, then each name in it
		{"ahp", []string{"ahp"}},                   // in brackets, plural
		{"xyz", nil},                               // two terms use it
		{"moines", nil},                            // written in lower case: not an acronym
	} {
		an, err := ix.Analyse(context.Background(), strings.Fields(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range an.Concepts {
			got = append(got, m.Key)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("concepts in %q = %v, want %v", tc.q, got, tc.want)
		}
	}
}
