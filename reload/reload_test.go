package reload

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

const goodFAQ = `faq:
  - id: refer
    question: How do I refer someone to a link worker?
    answer: Find the local team and send the form.
`

// recorder is a Reloader wired to a directory, remembering what happened.
type recorder struct {
	mu      sync.Mutex
	current *answer.Answerer
	swaps   int
	fails   []error
	swapped chan struct{}
	failed  chan struct{}
}

func newReloader(t *testing.T, dir string) (*Reloader, *recorder) {
	t.Helper()
	rec := &recorder{swapped: make(chan struct{}, 10), failed: make(chan struct{}, 10)}
	var logs bytes.Buffer
	r := &Reloader{
		Build: func(ctx context.Context) (*answer.Answerer, error) {
			kb, err := knowledge.Load(os.DirFS(dir))
			if err != nil {
				return nil, err
			}
			return answer.FromKnowledge(ctx, kb)
		},
		Swap: func(a *answer.Answerer) {
			rec.mu.Lock()
			rec.current, rec.swaps = a, rec.swaps+1
			rec.mu.Unlock()
			rec.swapped <- struct{}{}
		},
		Failed: func(err error) {
			rec.mu.Lock()
			rec.fails = append(rec.fails, err)
			rec.mu.Unlock()
			rec.failed <- struct{}{}
		},
		Log:   slog.New(slog.NewTextHandler(&logs, nil)),
		Quiet: 50 * time.Millisecond,
	}
	r.Current = func() *answer.Answerer {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.current
	}
	return r, rec
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.swaps
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wait(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s within 5s", what)
	}
}

func TestReloadKeepsLastGoodKnowledge(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, rec := newReloader(t, dir)
	if err := r.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	good := rec.current
	write(t, filepath.Join(dir, "faq.yaml"), "faq:\n  - id: refer\n    question: [\n")
	err := r.Reload(context.Background())
	if err == nil || !strings.Contains(err.Error(), "faq.yaml:") {
		t.Fatalf("reload of broken knowledge = %v, want a path:line:col error", err)
	}
	if rec.current != good || rec.swaps != 1 || len(rec.fails) != 1 {
		t.Errorf("after a failed reload: swaps %d, fails %d, answerer kept %v", rec.swaps, len(rec.fails), rec.current == good)
	}
}

func TestWatchReloadsOnceForABurstOfWrites(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, rec := newReloader(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Watch(ctx, dir) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	time.Sleep(50 * time.Millisecond) // let the watcher start

	// An editor saving several times in a row: one reload.
	for i := range 5 {
		write(t, filepath.Join(dir, "faq.yaml"), goodFAQ+strings.Repeat("\n", i))
	}
	wait(t, rec.swapped, "reload after editing a file")
	time.Sleep(200 * time.Millisecond)
	if n := rec.count(); n != 1 {
		t.Errorf("%d reloads for a burst of writes, want 1", n)
	}

	// Editors' swap files and other files are not knowledge.
	write(t, filepath.Join(dir, ".faq.yaml.swp"), "x")
	write(t, filepath.Join(dir, "notes.txt"), "x")
	time.Sleep(200 * time.Millisecond)
	if n := rec.count(); n != 1 {
		t.Errorf("reloaded for a swap file or a .txt: %d reloads", n)
	}

	// A file in a folder made after the watch began.
	write(t, filepath.Join(dir, "added", "new.yaml"), "faq:\n  - id: new\n    question: Is there a newsletter?\n    answer: Yes.\n")
	wait(t, rec.swapped, "reload after adding a folder")
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec.mu.Lock()
		_, ok := rec.current.Index().Entry("new")
		rec.mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("entry in a new folder never loaded")
		}
		wait(t, rec.swapped, "reload of the new folder's file")
	}

	// A broken save is reported, and answers stay.
	write(t, filepath.Join(dir, "faq.yaml"), "faq: [\n")
	wait(t, rec.failed, "failure report")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if _, ok := rec.current.Index().Entry("refer"); !ok {
		t.Error("the last good knowledge was dropped")
	}
}

func TestPatchWaitsForAReloadUnderWay(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, rec := newReloader(t, dir)
	if err := r.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-rec.swapped

	// A slow reload is under way when the patch comes.
	build := r.Build
	started, release := make(chan struct{}), make(chan struct{})
	r.Build = func(ctx context.Context) (*answer.Answerer, error) {
		close(started)
		<-release
		return build(ctx)
	}
	go r.Reload(context.Background())
	<-started
	patched := make(chan error)
	go func() {
		patched <- r.Patch(context.Background(), "added/new.yaml", "sum", func(ctx context.Context, a *answer.Answerer) (*answer.Answerer, error) {
			return a.WithFAQ(ctx, knowledge.FAQ{ID: "new", Question: "Is there a newsletter?", Answer: "Yes."})
		})
	}()
	select {
	case <-patched:
		t.Fatal("the patch did not wait for the reload under way")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-patched; err != nil {
		t.Fatal(err)
	}
	// The patch went on top of the reload, not under it.
	<-rec.swapped
	<-rec.swapped
	if _, ok := r.Current().Index().Entry("new"); !ok {
		t.Error("the patched entry was lost to the reload")
	}

	// A patch that fails swaps nothing.
	before := rec.count()
	err := r.Patch(context.Background(), "added/new.yaml", "sum", func(ctx context.Context, a *answer.Answerer) (*answer.Answerer, error) {
		return nil, context.Canceled
	})
	if err == nil || rec.count() != before {
		t.Errorf("failed patch: err %v, swaps %d → %d", err, before, rec.count())
	}
}

func TestReloadClosesTheIndexItReplaces(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, _ := newReloader(t, dir)
	// Long enough that a first answer under -race (which reads the
	// name and place lists) finishes before the old index retires.
	r.Retire = 300 * time.Millisecond
	ctx := context.Background()
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	first := r.Current()
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	// Questions already holding the old index can still finish with it.
	if _, err := first.Answer(ctx, "how do I refer to a link worker"); err != nil {
		t.Errorf("the replaced index closed at once: %v", err)
	}
	time.Sleep(time.Second)
	if _, err := first.Answer(ctx, "how do I refer to a link worker"); err == nil {
		t.Error("the replaced index was never closed: each reload would keep its memory")
	}
	if r, err := r.Current().Answer(ctx, "how do I refer to a link worker"); err != nil || !r.Answered {
		t.Errorf("the index in service = %+v, %v", r, err)
	}
}

func TestReloadSkipsWhenNothingChanged(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, rec := newReloader(t, dir)
	r.Dir = dir
	ctx := context.Background()
	for range 2 {
		if err := r.Reload(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d rebuilds of unchanged files, want 1", n)
	}

	// A champion's save, put in place by Patch: the reload it sets off
	// finds nothing else changed.
	saved := "faq:\n  - id: news\n    question: Is there a newsletter?\n    answer: Yes.\n"
	write(t, filepath.Join(dir, "added", "news.yaml"), saved)
	err := r.Patch(ctx, "added/news.yaml", knowledge.Sum([]byte(saved)), func(ctx context.Context, a *answer.Answerer) (*answer.Answerer, error) {
		return a.WithFAQ(ctx, knowledge.FAQ{ID: "news", Question: "Is there a newsletter?", Answer: "Yes."})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if n := rec.count(); n != 2 {
		t.Errorf("%d swaps after a patch and its reload, want 2 (the patch only)", n)
	}

	// Anything else that changed is rebuilt, even in the same moment.
	write(t, filepath.Join(dir, "added", "news.yaml"), saved+"  - id: more\n    question: More?\n    answer: Yes.\n")
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Current().Index().Entry("more"); !ok || rec.count() != 3 {
		t.Errorf("a changed file was not reloaded (swaps %d)", rec.count())
	}
}

// TestWatchSurvivesTheDirectoryBeingReplaced deletes the knowledge
// directory and makes it again, as a deploy does: the watcher picks up the
// new one.
func TestWatchSurvivesTheDirectoryBeingReplaced(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "knowledge")
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	r, rec := newReloader(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Watch(ctx, dir) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ+"  - id: deployed\n    question: Is this the new deploy?\n    answer: Yes.\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		wait(t, rec.swapped, "reload after the directory came back")
		rec.mu.Lock()
		_, ok := rec.current.Index().Entry("deployed")
		rec.mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new directory's entry never loaded")
		}
	}
	// And it goes on watching the new directory.
	write(t, filepath.Join(dir, "more.yaml"), "faq:\n  - id: later\n    question: Later?\n    answer: Yes.\n")
	for {
		wait(t, rec.swapped, "reload after editing the new directory")
		rec.mu.Lock()
		_, ok := rec.current.Index().Entry("later")
		rec.mu.Unlock()
		if ok {
			break
		}
	}
}

// TestReloadWithAPipeInTheDirectory: a named pipe called *.yaml is one
// problem, at once, and a champion's patch is not held up behind it.
func TestReloadWithAPipeInTheDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "faq.yaml"), goodFAQ)
	if err := syscall.Mkfifo(filepath.Join(dir, "stuck.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	r, _ := newReloader(t, dir)
	done := make(chan error, 1)
	go func() { done <- r.Reload(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("Reload = %v, want the pipe reported", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Reload hung on a named pipe")
	}
}
