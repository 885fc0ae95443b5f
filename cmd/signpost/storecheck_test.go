package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/store"
	bolt "go.etcd.io/bbolt"
)

// TestMain lets the test binary stand in for signpost when serve runs
// itself as a child (the store check).
func TestMain(m *testing.M) {
	if os.Getenv(runAsMainEnv) == "1" {
		err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		stderr := &terminalSafe{w: os.Stderr}
		code := exitCode(err, stderr)
		stderr.flush()
		os.Exit(code)
	}
	// The built-in index is copied into the user's cache folder; the
	// tests keep theirs in a folder of their own, gone when they end.
	cache, err := os.MkdirTemp("", "signpost-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// storeWith makes a store holding n questions.
func storeWith(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := st.RecordQuestion(store.Asked{At: time.Now(), Source: "mention", Answered: true, Kind: "answer", Top: fmt.Sprintf("entry-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	return dir
}

// loopPages points the first branch page of a bbolt file at itself: the
// damage that sends bbolt round for ever, which no recover can stop.
func loopPages(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(b[16+8:])) // meta: magic, version, page size
	for id := 2; id < len(b)/pageSize; id++ {
		p := b[id*pageSize:]
		if binary.LittleEndian.Uint64(p) == uint64(id) && binary.LittleEndian.Uint16(p[8:]) == 0x01 { // a branch page
			binary.LittleEndian.PutUint64(p[16+8:], uint64(id)) // its first child: itself
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("no branch page to damage: store too small")
}

func TestStoreThatCrashesBboltIsMovedAside(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	dir := storeWith(t, 3000)
	loopPages(t, filepath.Join(dir, "signpost.db"))
	var logs bytes.Buffer
	moved, err := checkStoreApart(context.Background(), dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if moved == "" || !strings.Contains(logs.String(), "moved it aside") {
		t.Fatalf("a store that crashes bbolt was kept (moved %q):\n%s", moved, logs.String())
	}
	if _, err := os.Stat(moved); err != nil {
		t.Errorf("the damaged file was not kept: %v", err)
	}
	st, again, err := store.OpenReporting(dir)
	if err != nil || again != "" {
		t.Fatalf("a fresh store did not open: %v (moved %q)", err, again)
	}
	st.Close()
}

func TestHealthyStoreIsKept(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	dir := storeWith(t, 50)
	moved, err := checkStoreApart(context.Background(), dir, slog.New(slog.DiscardHandler))
	if err != nil || moved != "" {
		t.Fatalf("a healthy store: moved %q, %v", moved, err)
	}
	st, err := store.OpenExisting(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if qs, err := st.QuestionsSince(time.Time{}); err != nil || len(qs) != 50 {
		t.Errorf("%d questions after the check (%v), want 50", len(qs), err)
	}
}

// TestLockedStoreIsWaitedFor: a store another process holds (a long
// report) is waited for, not moved aside as damaged.
func TestLockedStoreIsWaitedFor(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	dir := storeWith(t, 241)
	db, err := bolt.Open(filepath.Join(dir, "signpost.db"), 0o600, nil) // holds the file's lock
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(7 * time.Second) // longer than bbolt's own wait for a lock
		db.Close()
		close(released)
	}()
	var logs bytes.Buffer
	moved, err := checkStoreWithin(context.Background(), dir, 30*time.Second, slog.New(slog.NewTextHandler(&logs, nil)))
	<-released
	if err != nil || moved != "" {
		t.Fatalf("a locked store: moved %q, %v\n%s", moved, err, logs.String())
	}
	st, err := store.OpenExisting(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if qs, _ := st.QuestionsSince(time.Time{}); len(qs) != 241 {
		t.Errorf("%d questions after waiting for the lock, want 241", len(qs))
	}
}

// TestStoreCheckVerdicts: only proven damage moves a store aside; a file
// that cannot be opened for another reason (permission, a read-only
// disk) is an error that says so, and the file stays.
func TestStoreCheckVerdicts(t *testing.T) {
	for _, c := range []struct {
		name     string
		code     int
		output   string
		timedOut bool
		moved    bool
		errHas   string
	}{
		{"damaged", exitStoreDamaged, "the store's file is damaged: invalid database", false, true, ""},
		{"crashed", 2, "fatal error: stack overflow", false, true, ""},
		{"hung", -1, "", true, true, ""},
		{"permission", 1, "opening /data/signpost.db: open /data/signpost.db: permission denied", false, false, "permission denied"},
		{"read-only", 1, "opening /data/signpost.db: read-only file system", false, false, "read-only file system"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := storeWith(t, 3)
			moved, err := storeVerdict(dir, c.code, []byte(c.output), c.timedOut, time.Second, slog.New(slog.DiscardHandler))
			if (moved != "") != c.moved {
				t.Errorf("moved %q, want moved %v", moved, c.moved)
			}
			if c.errHas == "" && err != nil || c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas)) {
				t.Errorf("err %v, want one saying %q", err, c.errHas)
			}
			if !c.moved {
				if _, err := os.Stat(filepath.Join(dir, "signpost.db")); err != nil {
					t.Errorf("the file was not left alone: %v", err)
				}
			}
		})
	}
}

// TestStoreCheckBoundsGrowWithTheStore: a large healthy store gets room
// to be mapped and read; a small one keeps the tight bounds that stop a
// looping or bloated file quickly.
func TestStoreCheckBoundsGrowWithTheStore(t *testing.T) {
	small := storeWith(t, 3)
	if got := storeCheckMemoryFor(small); got > storeCheckMemory+1<<20 {
		t.Errorf("a small store's check may use %d bytes, want about %d", got, storeCheckMemory)
	}
	big := t.TempDir()
	f, err := os.Create(filepath.Join(big, "signpost.db"))
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(2200 << 20) // sparse: 2.2 GB on paper
	f.Close()
	if got := storeCheckMemoryFor(big); got < storeCheckMemory+2*(2200<<20) {
		t.Errorf("a 2.2 GB store's check may use %d bytes: too little to map it", got)
	}
	if got := storeCheckTimeFor(big); got < 3*storeCheckTime {
		t.Errorf("a 2.2 GB store's check may take %v", got)
	}
}
