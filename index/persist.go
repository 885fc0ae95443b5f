package index

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/safefile"
)

// formatVersion changes whenever what Signpost keeps in an index directory
// changes shape, so an old directory is rebuilt rather than misread.
const formatVersion = 6

// manifest records which knowledge an index directory holds.
type manifest struct {
	Hash    string    `json:"hash"`
	Format  int       `json:"format"`
	Built   time.Time `json:"built"`
	Summary string    `json:"summary"`
}

// stored is what an index keeps beside Bleve's files: the knowledge
// itself (parsing 100,000 services of YAML takes seconds) and the numbered
// terms of each entry.
type stored struct {
	KB      *knowledge.Base
	Vocab   map[string]int
	Terms   map[string]uint32
	Entries []snapshotTerms
}

type snapshotTerms struct {
	Head, Body []uint32
	Phrasings  [][]uint32
}

// Info says what Open did.
type Info struct {
	Reused bool   // the stored index was up to date
	Hash   string // fingerprint of the knowledge, vocabulary and format
}

// Open returns an index of the knowledge directory fsys kept on disk under
// dir. When dir already holds an index of exactly this knowledge (the same
// files, contents and vocabulary), it is opened as it is, which takes a
// fraction of a second even for 100,000 services; otherwise the knowledge
// is loaded, validated and indexed again. Loading errors are returned as
// knowledge.Load gives them, and leave dir as it was.
func Open(ctx context.Context, dir string, fsys fs.FS, vocab *knowledge.Vocabulary) (*Index, Info, error) {
	hash, err := indexHash(fsys)
	if err != nil {
		return nil, Info{}, err
	}
	info := Info{Hash: hash}
	current := filepath.Join(dir, info.Hash[:16])
	if m, err := readManifest(dir); err == nil && m.Hash == info.Hash && m.Format == formatVersion {
		ix, err := openAt(current, vocab, false)
		if err == nil {
			info.Reused = true
			ix.persisted, ix.keptAt = dir, current
			return ix, info, nil
		}
		// A damaged directory is rebuilt, not fatal.
	}
	kb, err := knowledge.Load(fsys)
	if err != nil {
		return nil, info, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, info, fmt.Errorf("index directory: %w", err)
	}
	if err := os.RemoveAll(current); err != nil {
		return nil, info, fmt.Errorf("index directory: %w", err)
	}
	ix, err := build(ctx, filepath.Join(current, "bleve"), kb, vocab.With(kb.CategoryWords))
	if err != nil {
		return nil, info, err
	}
	if err := ix.writeSnapshot(filepath.Join(current, "snapshot.gob")); err != nil {
		ix.Close()
		return nil, info, err
	}
	m := manifest{Hash: info.Hash, Format: formatVersion, Built: time.Now().UTC(), Summary: kb.Summary()}
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := safefile.Write(filepath.Join(dir, manifestName), data, 0o644); err != nil {
		ix.Close()
		return nil, info, err
	}
	ix.persisted, ix.keptAt = dir, current
	// Only now, with the new index complete, remove older ones.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && e.Name() != filepath.Base(current) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	return ix, info, nil
}

// KeptFile is where a layer above may keep what it works out from this
// knowledge beside the kept index (name, in its folder), so that the next
// start reads it instead of working it out again: "" for an index in
// memory, or one changed by saves since it was kept. The folder is the
// knowledge's own, so a change of knowledge starts it empty.
func (ix *Index) KeptFile(name string) string {
	if ix.keptAt == "" || ix.terms.saved != nil {
		return ""
	}
	return filepath.Join(ix.keptAt, name)
}

// indexHash names an index of the knowledge in fsys: its files, the
// vocabulary and the shape of what is kept. Equal hashes, equal indexes.
func indexHash(fsys fs.FS) (string, error) {
	fp, err := knowledge.Fingerprint(fsys)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d", fp, knowledge.DefaultVocabularyID(), formatVersion)))
	return hex.EncodeToString(sum[:]), nil
}

// manifestName is the file that says which knowledge the saved index holds.
const manifestName = "manifest.json"

func readManifest(dir string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(data, &m)
}

// openAt opens the index kept in dir. Read-only, several processes may
// open it at once (Bleve's own store then takes a shared lock).
func openAt(dir string, base *knowledge.Vocabulary, readOnly bool) (*Index, error) {
	f, err := os.Open(filepath.Join(dir, "snapshot.gob"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var snap stored
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&snap); err != nil {
		return nil, fmt.Errorf("reading the index snapshot: %w", err)
	}
	b, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), map[string]any{"read_only": readOnly})
	if err != nil {
		return nil, fmt.Errorf("opening index: %w", err)
	}
	m, ok := b.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		b.Close()
		return nil, fmt.Errorf("opening index: unexpected mapping %T", b.Mapping())
	}
	ix, err := newIndex(snap.KB, base.With(snap.KB.CategoryWords), b, m)
	if err != nil {
		b.Close()
		return nil, err
	}
	ix.readOnly = readOnly
	ix.register()
	if len(snap.Entries) != int(ix.docs) {
		b.Close()
		return nil, fmt.Errorf("index snapshot holds %d entries, knowledge %d", len(snap.Entries), ix.docs)
	}
	ix.vocab, ix.terms.ids = wordCounts{built: snap.Vocab}, snap.Terms
	ix.entryTerms = entryTable{built: make([]entryTerms, len(snap.Entries)), n: len(snap.Entries)}
	for i, e := range snap.Entries {
		ix.entryTerms.built[i] = entryTerms{head: e.Head, body: e.Body, phrasings: e.Phrasings}
	}
	ix.termDF = countTerms(ix.entryTerms.built, ix.terms.size())
	return ix, nil
}

func (ix *Index) writeSnapshot(path string) error {
	if ix.terms.saved != nil {
		// Only a built index is kept: a save invalidates the kept one.
		return fmt.Errorf("writing the index snapshot: an index changed by saves is not kept")
	}
	snap := stored{KB: ix.kb, Vocab: ix.vocab.built, Terms: ix.terms.ids, Entries: make([]snapshotTerms, len(ix.entryTerms.built))}
	for i, e := range ix.entryTerms.built {
		snap.Entries[i] = snapshotTerms{Head: e.head, Body: e.body, Phrasings: e.phrasings}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := gob.NewEncoder(w).Encode(snap); err != nil {
		f.Close()
		return fmt.Errorf("writing the index snapshot: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
