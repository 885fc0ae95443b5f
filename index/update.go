package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/signpost-ahp/signpost/knowledge"
)

// WithFAQ returns an index of the same knowledge with one FAQ entry added,
// or replaced when its id is in use, without rebuilding: a champion's save
// answers in milliseconds however many services the knowledge lists.
//
// The new index shares this one's Bleve index, which gets the entry at
// once. Until this index is dropped it may therefore find the new text
// under an id it judges by the old: harmless for a moment, and a full
// reload replaces both.
func (ix *Index) WithFAQ(ctx context.Context, f knowledge.FAQ) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ix.readOnly {
		// Bleve opened read-only would wait for ever for the write.
		return nil, errors.New("the built-in knowledge's index takes no saves: answer from a knowledge folder to change answers")
	}
	if ix.persisted != "" {
		// The index on disk will no longer match its snapshot: make the
		// next start build afresh rather than reuse it.
		if err := os.Remove(filepath.Join(ix.persisted, manifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("invalidating the saved index: %w", err)
		}
	}
	kb := *ix.kb
	kb.FAQs = slices.Clone(ix.kb.FAQs)
	nx := &Index{
		lexicon:    ix.lexicon,
		kb:         &kb,
		bleve:      ix.bleve,
		docs:       ix.docs,
		entries:    ix.entries.forSave(),
		terms:      ix.terms.forSave(),
		entryTerms: ix.entryTerms.forSave(),
		termDF:     slices.Clone(ix.termDF),
		vocab:      ix.vocab.forSave(),
		persisted:  ix.persisted,
	}
	ref, exists := ix.entries.get(f.ID)
	switch {
	case exists && ref.kind != knowledge.KindFAQ:
		return nil, fmt.Errorf("id %q is already a %s", f.ID, ref.kind)
	case exists:
		// The old text's words no longer count towards how common words are.
		seen := map[string]bool{}
		old := faqDoc(&ix.kb.FAQs[ref.i])
		for _, text := range append(append(append([]string{old.Title}, old.Alt...), old.Tags...), old.Body) {
			for _, w := range nx.Light(text) {
				seen[w] = true
			}
		}
		for w := range seen {
			nx.vocab.add(w, -1)
		}
		kb.FAQs[ref.i] = f
	default:
		kb.FAQs = append(kb.FAQs, f)
		ref = entryRef{kind: knowledge.KindFAQ, i: len(kb.FAQs) - 1, ord: nx.entryTerms.add()}
		nx.entries.saved[f.ID] = ref
		nx.docs++
	}
	if exists {
		addTerms(nx.termDF, nx.entryTerms.get(ref.ord), -1)
	}
	d := faqDoc(&kb.FAQs[ref.i])
	et := nx.annotate(d)
	nx.entryTerms.set(ref.ord, et)
	// New terms get numbers past the end of the counts: grow them.
	nx.termDF = append(nx.termDF, make([]int32, nx.terms.size()-len(nx.termDF))...)
	addTerms(nx.termDF, et, 1)
	if err := ix.bleve.Index(f.ID, d); err != nil {
		return nil, fmt.Errorf("indexing %s: %w", f.ID, err)
	}
	return nx, nil
}
