package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestGaps(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	s.RecordGap("choir whitby", "choir in Whitby?", "music", "Whitby", nil, false, at)
	s.RecordGap("choir whitby", "Choir, Whitby", "music", "Whitby", nil, false, at.Add(time.Hour))
	s.RecordGap("joke", "tell me a joke", "", "", nil, false, at)
	gaps, err := s.Gaps(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 2 || gaps[0].Key != "choir whitby" || gaps[0].Count != 2 || gaps[0].Question != "Choir, Whitby" ||
		!gaps[0].First.Equal(at) || !gaps[0].Last.Equal(at.Add(time.Hour)) {
		t.Errorf("gaps = %+v", gaps)
	}
	if err := s.CloseGap("choir whitby", "answered", "U0CHAMP"); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.Gaps(false); len(open) != 1 || open[0].Key != "joke" {
		t.Errorf("open gaps after closing one = %+v", open)
	}
	// Asked again, a closed gap opens again.
	s.RecordGap("choir whitby", "choir in whitby", "music", "Whitby", nil, false, at.Add(48*time.Hour))
	if open, _ := s.Gaps(false); len(open) != 2 {
		t.Errorf("a closed gap asked again did not reopen: %+v", open)
	}
	if err := s.CloseGap("nope", "dismissed", "U"); err == nil {
		t.Error("closing a missing gap succeeded")
	}
}

func TestLinkGap(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	s.RecordGap("choir whitby", "choir in Whitby?", "music", "Whitby", []string{"kendal-choir", "singing"}, false, at)
	s.RecordGap("choir whitby", "choir, Whitby", "", "", nil, false, at.Add(time.Hour)) // no near: those before stay
	s.RecordGap("sing whitby", "singing whitby", "", "", nil, false, at)
	if err := s.LinkGap("choir whitby", "whitby-choir", "choir whitby", "U0CHAMP", at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkGap("nope", "x", "x", "U", at); err == nil {
		t.Error("linking a missing gap succeeded")
	}
	// Linked once: its wording is in one entry, not two.
	if err := s.LinkGap("choir whitby", "other", "k", "U0OTHER", at.Add(3*time.Hour)); !errors.Is(err, ErrLinked) {
		t.Errorf("linking a linked gap again = %v, want ErrLinked", err)
	}
	byKey := func() map[string]Gap {
		all, err := s.Gaps(true)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]Gap{}
		for _, g := range all {
			m[g.Key] = g
		}
		return m
	}
	g := byKey()["choir whitby"]
	if g.Closed != GapLinked || g.ClosedBy != "U0CHAMP" || g.Linked != "whitby-choir" || !g.LinkedAt.Equal(at.Add(2*time.Hour)) ||
		g.AskKey != "choir whitby" || fmt.Sprint(g.Near) != "[kendal-choir singing]" {
		t.Errorf("linked gap = %+v", g)
	}
	if open, _ := s.Gaps(false); len(open) != 1 || open[0].Key != "sing whitby" {
		t.Errorf("open gaps = %+v, want only the unlinked one", open)
	}
	// Asked again and still not answered: open again, and no longer linked.
	s.RecordGap("choir whitby", "choir in whitby", "", "", nil, false, at.Add(48*time.Hour))
	if g := byKey()["choir whitby"]; g.Closed != "" || g.Linked != "" || !g.LinkedAt.IsZero() || g.AskKey != "" {
		t.Errorf("a linked gap asked again unanswered = %+v, want open and unlinked", g)
	}
}

func TestRecordsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	now := time.Now().UTC()
	s.RecordFeedback(Feedback{At: now, User: "U1", EntryID: "a", Helpful: true, Question: "q"})
	s.RecordQuestion(Asked{At: now, Source: "dm", Answered: true, Top: "a"})
	s.RecordChange(Change{At: now, User: "U1", Action: "add", Entry: "a", File: "added/a.yaml"})
	s.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fb, _ := s.FeedbackSince(now.Add(-time.Minute))
	qs, _ := s.QuestionsSince(now.Add(-time.Minute))
	cs, _ := s.Changes()
	if len(fb) != 1 || len(qs) != 1 || len(cs) != 1 || cs[0].File != "added/a.yaml" {
		t.Errorf("after reopen: %v %v %v", fb, qs, cs)
	}
	if later, _ := s.QuestionsSince(now.Add(time.Minute)); len(later) != 0 {
		t.Errorf("QuestionsSince ignores its time: %v", later)
	}
}

// TestCrashHelper is not a test: TestKilledMidWrite runs it in a child
// process that writes until it is killed.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("SIGNPOST_CRASH_DIR")
	if dir == "" {
		t.Skip("helper process for TestKilledMidWrite")
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	start, _ := strconv.Atoi(os.Getenv("SIGNPOST_CRASH_START"))
	for i := start; ; i++ {
		q := fmt.Sprintf("question %d %s", i, strings.Repeat("x", i%500))
		if err := s.RecordFeedback(Feedback{At: time.Now(), User: "U", EntryID: fmt.Sprint(i), Helpful: i%2 == 0, Question: q}); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		if err := s.RecordGap(fmt.Sprintf("gap %d", i%50), q, "", "", nil, false, time.Now()); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ok", i) // printed only once both writes are committed
	}
}

// TestKilledMidWrite kills a writer with SIGKILL at random points, five
// times over, and checks that every record it had committed is intact.
func TestKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := t.TempDir()
	committed := -1
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.v")
		cmd.Env = append(os.Environ(), "SIGNPOST_CRASH_DIR="+dir, fmt.Sprintf("SIGNPOST_CRASH_START=%d", committed+1))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		target := committed + 200 + round*37
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
			if n, ok := strings.CutPrefix(line, "ok "); ok {
				committed, _ = strconv.Atoi(n)
				if committed >= target {
					break
				}
			}
		}
		cmd.Process.Signal(syscall.SIGKILL) // in the middle of the next write
		cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: store does not open after kill -9: %v", round, err)
		}
		fb, err := s.FeedbackSince(time.Time{})
		if err != nil {
			t.Fatalf("round %d: reading feedback: %v", round, err)
		}
		seen := map[string]bool{}
		for _, f := range fb {
			seen[f.EntryID] = true
		}
		for i := 0; i <= committed; i++ {
			if !seen[fmt.Sprint(i)] {
				t.Fatalf("round %d: committed record %d lost after kill -9 (have %d records)", round, i, len(fb))
			}
		}
		if gaps, err := s.Gaps(true); err != nil || len(gaps) != 50 {
			t.Fatalf("round %d: gaps %d, %v", round, len(gaps), err)
		}
		s.Close()
	}
}

// TestClosedStoreWritesNothing: once closed, a store refuses what comes
// after and does not make its file again in a folder that may be going.
func TestClosedStoreWritesNothing(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "signpost.db")); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordGap("k", "q", "", "", nil, false, time.Now()); !errors.Is(err, ErrClosed) {
		t.Errorf("RecordGap after Close = %v, want ErrClosed", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the closed store wrote %v", entries)
	}
}

// A store marked synthetic says so after reopening, even read-only; one
// made before the mark existed (no meta bucket) is real.
func TestSynthetic(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if how, err := s.Synthetic(); how != "" || err != nil {
		t.Errorf("a new store: Synthetic = %q, %v", how, err)
	}
	if err := s.MarkSynthetic("signpost gen-activity --seed 1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := OpenExisting(dir)
	if err != nil {
		t.Fatal(err)
	}
	if how, err := r.Synthetic(); how != "signpost gen-activity --seed 1" || err != nil {
		t.Errorf("reopened: Synthetic = %q, %v", how, err)
	}
	r.Close()

	old := t.TempDir()
	db, err := bolt.Open(filepath.Join(old, "signpost.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucketGaps); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err = OpenExisting(old)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if how, err := r.Synthetic(); how != "" || err != nil {
		t.Errorf("a store from before the mark: Synthetic = %q, %v", how, err)
	}
}

func TestFirstQuestionAt(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok, err := s.FirstQuestionAt(); ok || err != nil {
		t.Errorf("an empty store: ok %v, %v", ok, err)
	}
	first := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if err := s.RecordQuestion(Asked{At: first.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if at, ok, err := s.FirstQuestionAt(); !ok || err != nil || !at.Equal(first) {
		t.Errorf("FirstQuestionAt = %v, %v, %v; want %v", at, ok, err, first)
	}
}
