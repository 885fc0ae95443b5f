package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

// The index the binary carries is of the built-in knowledge as it is now.
func TestBuiltinIndexIsCurrent(t *testing.T) {
	hash, err := indexHash(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	data, err := builtinFiles.ReadFile("builtin/" + manifestName)
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Hash != hash || m.Format != formatVersion {
		t.Fatalf("index/builtin holds the index of other knowledge (%s, format %d; the knowledge is %s, format %d): run go generate ./index",
			m.Hash[:16], m.Format, hash[:16], formatVersion)
	}
	if _, err := builtinFiles.ReadFile("builtin/" + hash[:16] + "/snapshot.gob"); err != nil {
		t.Errorf("index/builtin lacks the index itself: %v", err)
	}
}

func TestOpenBuiltin(t *testing.T) {
	ctx := context.Background()
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	first, err := OpenBuiltin(ctx, cache, vocab)
	if err != nil {
		t.Fatal(err)
	}
	// A second process opens the same copy while the first has it open:
	// read-only, neither waits for the other's lock.
	second, err := OpenBuiltin(ctx, cache, vocab)
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{first, second} {
		if ix.persisted != "" || len(ix.Knowledge().FAQs) == 0 {
			t.Errorf("opened index: persisted %q, %d FAQs", ix.persisted, len(ix.Knowledge().FAQs))
		}
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 1 || filepath.Ext(entries[0].Name()) != "" || entries[0].Name()[:8] != "builtin-" {
		t.Errorf("cache holds %v, want one builtin-<hash> folder and no leftovers", entries)
	}
	first.Close()
	second.Close()

	// Without a cache folder, or with one that cannot be written, the
	// index is built: slower, the same knowledge.
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "file", "below")} {
		if dir != "" {
			os.WriteFile(filepath.Dir(filepath.Dir(dir))+"/file", nil, 0o600)
		}
		ix, err := OpenBuiltin(ctx, dir, vocab)
		if err != nil {
			t.Fatalf("OpenBuiltin(%q): %v", dir, err)
		}
		if len(ix.Knowledge().FAQs) != len(first.Knowledge().FAQs) {
			t.Errorf("OpenBuiltin(%q) has %d FAQs, want %d", dir, len(ix.Knowledge().FAQs), len(first.Knowledge().FAQs))
		}
		ix.Close()
	}
}

// A damaged copy in the cache is copied afresh, and the built-in index
// takes no saves (Bleve, opened read-only, would wait for ever).
func TestBuiltinCopyRepairedAndReadOnly(t *testing.T) {
	ctx := context.Background()
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	ix, err := OpenBuiltin(ctx, cache, vocab)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.WithFAQ(ctx, knowledge.FAQ{ID: "new", Question: "Is this saved?", Answer: "No."}); err == nil {
		t.Error("the read-only built-in index took a save")
	}
	ix.Close()
	copies, _ := filepath.Glob(filepath.Join(cache, "builtin-*", "snapshot.gob"))
	if len(copies) != 1 {
		t.Fatalf("copies: %v", copies)
	}
	if err := os.WriteFile(copies[0], []byte("not a snapshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err = OpenBuiltin(ctx, cache, vocab)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.keptAt == "" && !ix.readOnly {
		t.Error("a damaged copy was built over instead of copied afresh")
	}
	if data, _ := os.ReadFile(copies[0]); string(data) == "not a snapshot" {
		t.Error("the damaged copy is still there")
	}
}
