package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func topIDs(t *testing.T, ix *Index, q string) []string {
	t.Helper()
	an, err := ix.Analyse(context.Background(), []string{q})
	if err != nil {
		t.Fatal(err)
	}
	hits, _, err := ix.Search(context.Background(), Query{Analysis: an, Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestOpenReusesUntilKnowledgeChanges(t *testing.T) {
	kbDir, idxDir := t.TempDir(), t.TempDir()
	copyDir(t, "../testdata/kb", kbDir)
	vocab, _ := knowledge.DefaultVocabulary()
	ctx := context.Background()

	ix, info, err := Open(ctx, idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	if info.Reused {
		t.Error("first Open reused an index that did not exist")
	}
	built := topIDs(t, ix, "befriending")
	ix.Close()

	ix, info, err = Open(ctx, idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Reused {
		t.Error("second Open of unchanged knowledge rebuilt the index")
	}
	if got := topIDs(t, ix, "befriending"); !slices.Equal(got, built) {
		t.Errorf("reopened index answers %v, built one %v", got, built)
	}
	if e, ok := ix.Entry("whitby-befriending"); !ok || e.Service.Location == nil || e.Service.Reviewed.String() != "2026-02-01" {
		t.Errorf("reopened entry = %+v", e.Service)
	}
	ix.Close()

	// A change to any knowledge file means a rebuild, which sees the change.
	extra := "services:\n  - id: whitby-new\n    name: New Befriending Club\n    description: Befriending.\n    categories: [befriending]\n    area: Whitby\n"
	os.WriteFile(filepath.Join(kbDir, "services", "new.yaml"), []byte(extra), 0o644)
	ix, info, err = Open(ctx, idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	if info.Reused {
		t.Error("changed knowledge reused the old index")
	}
	if _, ok := ix.Entry("whitby-new"); !ok {
		t.Error("rebuilt index lacks the new service")
	}
	ix.Close()
	dirs, _ := os.ReadDir(idxDir)
	if len(dirs) != 2 { // manifest.json and the one current index
		t.Errorf("index directory holds %d entries, want the manifest and one index", len(dirs))
	}

	// Broken knowledge: an error, and the last good index stays usable.
	os.WriteFile(filepath.Join(kbDir, "broken.yaml"), []byte("faq: [\n"), 0o644)
	if _, _, err := Open(ctx, idxDir, os.DirFS(kbDir), vocab); err == nil {
		t.Fatal("Open of broken knowledge succeeded")
	} else if kerr := (*knowledge.Error)(nil); !errors.As(err, &kerr) {
		t.Errorf("error = %v, want the knowledge problems", err)
	}
	os.Remove(filepath.Join(kbDir, "broken.yaml"))
	if _, info, err := Open(ctx, idxDir, os.DirFS(kbDir), vocab); err != nil || !info.Reused {
		t.Errorf("after fixing, Open = %v reused=%v; want the last good index reused", err, info.Reused)
	}
}

func TestOpenRebuildsDamagedIndex(t *testing.T) {
	kbDir, idxDir := t.TempDir(), t.TempDir()
	copyDir(t, "../testdata/kb", kbDir)
	vocab, _ := knowledge.DefaultVocabulary()
	ix, info, err := Open(context.Background(), idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	os.WriteFile(filepath.Join(idxDir, info.Hash[:16], "snapshot.gob"), []byte("garbage"), 0o644)
	ix, info, err = Open(context.Background(), idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if info.Reused {
		t.Error("a damaged index was reused")
	}
	if len(topIDs(t, ix, "befriending")) == 0 {
		t.Error("rebuilt index finds nothing")
	}
}

// A patched index on disk no longer matches its snapshot, so the next
// start must not reuse it, even if the knowledge files are put back.
func TestPatchedSavedIndexIsNotReused(t *testing.T) {
	kbDir, idxDir := t.TempDir(), t.TempDir()
	copyDir(t, "../testdata/kb", kbDir)
	vocab, _ := knowledge.DefaultVocabulary()
	ctx := context.Background()
	ix, _, err := Open(ctx, idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	patched, err := ix.WithFAQ(ctx, knowledge.FAQ{ID: "bulletin", Question: "Is there a weekly bulletin?", Answer: "Yes."})
	if err != nil {
		t.Fatal(err)
	}
	if ids := topIDs(t, patched, "bulletin"); len(ids) == 0 || ids[0] != "bulletin" {
		t.Errorf("patched saved index finds %v", ids)
	}
	ix.Close()
	again, info, err := Open(ctx, idxDir, os.DirFS(kbDir), vocab)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if info.Reused {
		t.Error("reused a saved index that a patch changed")
	}
	if ids := topIDs(t, again, "bulletin"); len(ids) > 0 && ids[0] == "bulletin" {
		t.Errorf("the rebuilt index still holds the patched entry: %v", ids)
	}
}
