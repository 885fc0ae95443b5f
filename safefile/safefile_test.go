package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists files in dir other than want: a temporary file left
// behind would be one.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range ents {
		found := false
		for _, w := range want {
			found = found || e.Name() == w
		}
		if !found {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name     string
		existing string // "" for no file before
		data     string
		perm     os.FileMode
	}{
		{name: "new file", data: "id: a\n", perm: 0o644},
		{name: "replaces", existing: "old contents that are longer\n", data: "new\n", perm: 0o600},
		{name: "empty data", existing: "old\n", data: "", perm: 0o644},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "entry.yaml")
			if tc.existing != "" {
				if err := os.WriteFile(path, []byte(tc.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := Write(path, []byte(tc.data), tc.perm); err != nil {
				t.Fatalf("Write: %v", err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != tc.data {
				t.Fatalf("file holds %q (%v), want %q", got, err, tc.data)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != tc.perm {
				t.Errorf("mode %v, want %v", info.Mode().Perm(), tc.perm)
			}
			if extra := leftovers(t, dir, "entry.yaml"); len(extra) > 0 {
				t.Errorf("left behind %v", extra)
			}
		})
	}
}

// TestFailedWriteKeepsTheOldFile: when the new file cannot replace the
// old one, the old one is untouched and no temporary file is left.
func TestFailedWriteKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be: the rename fails after the
	// temporary file has been written and synced.
	target := filepath.Join(dir, "entry.yaml")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(target, "inside.yaml")
	if err := os.WriteFile(keep, []byte("good\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(target, []byte("new\n"), 0o644)
	if err == nil {
		t.Fatal("Write over a non-empty directory succeeded")
	}
	if !strings.Contains(err.Error(), target) {
		t.Errorf("error %q does not name the file", err)
	}
	if got, _ := os.ReadFile(keep); string(got) != "good\n" {
		t.Errorf("existing content now %q", got)
	}
	if extra := leftovers(t, dir, "entry.yaml"); len(extra) > 0 {
		t.Errorf("left behind %v", extra)
	}
}

func TestWriteIntoMissingFolder(t *testing.T) {
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "no-such-folder", "entry.yaml"), []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "no-such-folder") {
		t.Fatalf("err = %v, want one naming the path", err)
	}
	if extra := leftovers(t, dir); len(extra) > 0 {
		t.Errorf("left behind %v", extra)
	}
}

// TestReadOnlyFolder: a folder Signpost may not write leaves the existing
// file as it was.
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "entry.yaml")
	if err := os.WriteFile(path, []byte("good\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if err := Write(path, []byte("new\n"), 0o644); err == nil {
		t.Fatal("Write into a read-only folder succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != "good\n" {
		t.Errorf("existing file now %q", got)
	}
	if extra := leftovers(t, dir, "entry.yaml"); len(extra) > 0 {
		t.Errorf("left behind %v", extra)
	}
}

func TestSyncDirReportsAMissingFolder(t *testing.T) {
	if err := syncDir(filepath.Join(t.TempDir(), "gone")); err == nil {
		t.Error("syncDir of a missing folder succeeded")
	}
	if err := syncDir(t.TempDir()); err != nil {
		t.Errorf("syncDir: %v", err)
	}
}
