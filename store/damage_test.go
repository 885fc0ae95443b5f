package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damaged makes a store in a new directory and damages its file.
func damaged(t *testing.T, how func(path string)) string {
	t.Helper()
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		st.RecordQuestion(Asked{At: time.Now(), Source: "test", Kind: "answer", Top: strings.Repeat("x", i%50)})
	}
	how(filepath.Join(dir, "signpost.db"))
	return dir
}

func TestDamagedStores(t *testing.T) {
	cases := map[string]func(path string){
		"garbage": func(p string) { os.WriteFile(p, []byte("this is not a database at all, just text"), 0o600) },
		"truncated": func(p string) {
			info, _ := os.Stat(p)
			os.Truncate(p, info.Size()/3)
		},
		"corrupt page": func(p string) {
			f, _ := os.OpenFile(p, os.O_RDWR, 0)
			defer f.Close()
			junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
			f.WriteAt(junk, 4096*2) // the first pages after the meta pages
		},
		"empty": func(p string) { os.Truncate(p, 0) },
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			dir := damaged(t, damage)
			if _, err := OpenExisting(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("OpenExisting = %v, want it to say the store is damaged", err)
			}
			start := time.Now()
			st, moved, err := OpenReporting(dir)
			if err != nil {
				t.Fatalf("OpenReporting: %v", err)
			}
			if moved == "" && name != "empty" { // bbolt starts an empty file afresh itself
				t.Error("the damaged file was not moved aside")
			} else if _, err := os.Stat(moved); moved != "" && err != nil {
				t.Errorf("the damaged file was not kept: %v", err)
			}
			if err := st.RecordQuestion(Asked{At: time.Now(), Source: "after"}); err != nil {
				t.Errorf("the fresh store does not record: %v", err)
			}
			if qs, err := st.QuestionsSince(time.Time{}); err != nil || len(qs) != 1 {
				t.Errorf("fresh store holds %d questions, %v", len(qs), err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("recovering took %v", took)
			}
		})
	}
}

// A file damaged while Signpost runs is moved aside at the next write.
func TestDamagedWhileRunning(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "signpost.db"), []byte("garbage"), 0o600)
	if err := st.RecordQuestion(Asked{At: time.Now()}); err != nil {
		t.Fatalf("RecordQuestion after damage: %v", err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "signpost.db.damaged-*"))
	if len(matches) != 1 {
		t.Errorf("damaged copies kept: %v", matches)
	}
}
