package index

import (
	"slices"
)

// termTable numbers stems and concept keys, so that what each entry says
// can be kept as two short sorted lists of numbers. Judging how much of a
// question an entry covers then needs no term locations from Bleve, which
// cost more to collect than the search itself.
type termTable struct {
	ids map[string]uint32
}

// conceptTerm keeps concept keys apart from stems in the table.
func conceptTerm(key string) string { return "\x00" + key }

func (t *termTable) intern(s string) uint32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	id := uint32(len(t.ids))
	t.ids[s] = id
	return id
}

func (t *termTable) lookup(s string) (uint32, bool) {
	id, ok := t.ids[s]
	return id, ok
}

// entryTerms is what one entry holds, split by where it says it.
type entryTerms struct {
	head []uint32 // stems of its question, other phrasings, name and tags; concepts it is about
	body []uint32 // stems of its answer, definition or description; concepts it mentions
}

func sortedSet(ids []uint32) []uint32 {
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

func has(set []uint32, id uint32) bool {
	_, ok := slices.BinarySearch(set, id)
	return ok
}
