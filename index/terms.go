package index

import (
	"maps"
	"slices"
)

// termTable numbers stems and concept keys, so that what each entry says
// can be kept as two short sorted lists of numbers. Judging how much of a
// question an entry covers then needs no term locations from Bleve, which
// cost more to collect than the search itself.
//
// The numbers given while building never change; a save numbers new
// terms after them, in a table of its own (see overlay.go).
type termTable struct {
	ids   map[string]uint32
	saved map[string]uint32 // nil until a save
}

// forSave is a table for a new index: the built numbers shared, those
// saves gave copied.
func (t termTable) forSave() termTable {
	saved := maps.Clone(t.saved)
	if saved == nil {
		saved = map[string]uint32{}
	}
	return termTable{ids: t.ids, saved: saved}
}

// size is how many terms have numbers.
func (t *termTable) size() int { return len(t.ids) + len(t.saved) }

// conceptTerm keeps concept keys apart from stems in the table.
func conceptTerm(key string) string { return "\x00" + key }

func (t *termTable) intern(s string) uint32 {
	if id, ok := t.lookup(s); ok {
		return id
	}
	id := uint32(t.size())
	if t.saved != nil {
		t.saved[s] = id
	} else {
		t.ids[s] = id
	}
	return id
}

func (t *termTable) lookup(s string) (uint32, bool) {
	if id, ok := t.ids[s]; ok {
		return id, true
	}
	id, ok := t.saved[s]
	return id, ok
}

// entryTerms is what one entry holds, split by where it says it.
type entryTerms struct {
	head []uint32 // stems of its question, other phrasings, name and tags; concepts it is about
	body []uint32 // stems of its answer, definition or description; concepts it mentions
	// phrasings are its question and other phrasings (a term's name and
	// other names, a service's name), each as the stems and concepts that
	// say it: a concept's name counts once, however many words it has.
	phrasings [][]uint32
}

func sortedSet(ids []uint32) []uint32 {
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

func has(set []uint32, id uint32) bool {
	_, ok := slices.BinarySearch(set, id)
	return ok
}

// countTerms counts, for each term, the entries that say it anywhere: how
// telling a term is when weighing an entry's headline.
func countTerms(ets []entryTerms, n int) []int32 {
	df := make([]int32, n)
	for _, et := range ets {
		addTerms(df, et, 1)
	}
	return df
}

// addTerms adds one entry's terms to the counts (delta -1 takes them away).
func addTerms(df []int32, et entryTerms, delta int32) {
	i, j := 0, 0
	for i < len(et.head) || j < len(et.body) {
		var id uint32
		switch {
		case j == len(et.body) || i < len(et.head) && et.head[i] < et.body[j]:
			id = et.head[i]
			i++
		case i == len(et.head) || et.body[j] < et.head[i]:
			id = et.body[j]
			j++
		default: // in both
			id = et.head[i]
			i++
			j++
		}
		if int(id) < len(df) {
			df[id] += delta
		}
	}
}
