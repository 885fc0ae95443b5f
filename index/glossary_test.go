package index

import (
	"fmt"
	"testing"
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
