package index

import "maps"

// An index answers from what was built, which never changes afterwards,
// and a champion's saves since: each save makes a new index that shares
// the built part and copies only what was saved since. Copying the built
// part instead took 11 ms a save at 100,000 services.

// refTable finds each entry's kind and place by id.
type refTable struct {
	built map[string]entryRef
	saved map[string]entryRef // nil until the first save
}

func (t refTable) get(id string) (entryRef, bool) {
	if r, ok := t.saved[id]; ok {
		return r, true
	}
	r, ok := t.built[id]
	return r, ok
}

// forSave is a table for a new index: the built part shared, the saved
// part copied, for it to add to.
func (t refTable) forSave() refTable {
	saved := maps.Clone(t.saved)
	if saved == nil {
		saved = map[string]entryRef{}
	}
	return refTable{built: t.built, saved: saved}
}

// entryTable holds what each entry says, by ordinal.
type entryTable struct {
	built []entryTerms
	saved map[int]entryTerms // changed or added since the build
	n     int                // ordinals in use
}

func (t entryTable) get(ord int) entryTerms {
	if et, ok := t.saved[ord]; ok {
		return et
	}
	return t.built[ord]
}

func (t entryTable) forSave() entryTable {
	saved := maps.Clone(t.saved)
	if saved == nil {
		saved = map[int]entryTerms{}
	}
	return entryTable{built: t.built, saved: saved, n: t.n}
}

// set replaces an entry's terms in a table made by forSave.
func (t *entryTable) set(ord int, et entryTerms) { t.saved[ord] = et }

// add gives a new entry the next ordinal, in a table made by forSave.
func (t *entryTable) add() int {
	t.n++
	return t.n - 1
}

// wordCounts counts the entries using each light word: those built, and
// the changes saves made since.
type wordCounts struct {
	built map[string]int
	saved map[string]int // differences from built; nil until a save
}

// count is how many entries use w, and whether any does.
func (c wordCounts) count(w string) (int, bool) {
	n := c.built[w] + c.saved[w]
	return n, n > 0
}

// add counts one more (or, with -1, one fewer) entry using w: into the
// built counts while building, into the saved ones after.
func (c wordCounts) add(w string, delta int) {
	if c.saved != nil {
		c.saved[w] += delta
		return
	}
	c.built[w] += delta
}

func (c wordCounts) forSave() wordCounts {
	saved := maps.Clone(c.saved)
	if saved == nil {
		saved = map[string]int{}
	}
	return wordCounts{built: c.built, saved: saved}
}
