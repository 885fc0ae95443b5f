// Package reload keeps Signpost's answers in step with its knowledge
// directory: it watches the files, builds a new index aside when they
// change, and swaps it in only if the knowledge validates. Questions never
// wait for a reload, and a broken edit never takes answers away.
package reload

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

// Reloader rebuilds and swaps the Answerer.
type Reloader struct {
	// Build makes a new Answerer from the knowledge as it is now.
	Build func(ctx context.Context) (*answer.Answerer, error)
	// Swap puts a new Answerer in service.
	Swap func(*answer.Answerer)
	// Current is the Answerer in service, for Patch, and so that a reload
	// can close the index it replaces. Without it replaced indexes are left
	// open, and each keeps its memory and a goroutine.
	Current func() *answer.Answerer
	// Dir is the knowledge directory. When set, a reload first compares
	// the files' contents with those last loaded and skips the rebuild if
	// nothing changed, as after a champion's save that Patch put in place.
	Dir string
	// Retire is how long a replaced index stays open for questions already
	// using it: answers take milliseconds. One minute when zero.
	Retire time.Duration
	// Failed is told when the knowledge does not load; the old Answerer
	// goes on serving.
	Failed func(error)
	Log    *slog.Logger
	// Quiet is how long the files must stay unchanged before a reload,
	// so an editor's burst of writes causes one reload. 300 ms when zero.
	Quiet time.Duration

	mu     sync.Mutex        // one reload or patch at a time
	loaded map[string]string // knowledge file → content hash, of the Answerer in service
}

// Loaded records the files the Answerer in service was built from, when it
// was built before the Reloader existed. Take the sums before building.
func (r *Reloader) Loaded(sums map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loaded = sums
}

// Reload builds a new Answerer and swaps it in, or reports why not.
func (r *Reloader) Reload(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var sums map[string]string
	if r.Dir != "" {
		// Sums taken before the build: a file that changes during it
		// differs next time, so the reload it sets off is not skipped.
		if s, err := knowledge.FileSums(os.DirFS(r.Dir)); err == nil {
			if r.loaded != nil && maps.Equal(s, r.loaded) {
				r.log().Debug("knowledge files unchanged; nothing to reload")
				return nil
			}
			sums = s
		}
	}
	start := time.Now()
	a, err := r.Build(ctx)
	if err != nil {
		r.log().Error("knowledge did not reload; still answering from the last good knowledge", "err", err)
		if r.Failed != nil {
			r.Failed(err)
		}
		return err
	}
	var old *answer.Answerer
	if r.Current != nil {
		old = r.Current()
	}
	r.Swap(a)
	r.loaded = sums
	if old != nil && old.Index() != a.Index() {
		r.retire(old)
	}
	r.log().Info("knowledge reloaded", "knowledge", a.Index().Knowledge().Summary(), "ms", time.Since(start).Milliseconds())
	return nil
}

// retire closes a replaced index once questions already using it are done.
// Patched Answerers share their Bleve index with the one they came from,
// so closing one closes the whole line of them, as a reload should.
func (r *Reloader) retire(old *answer.Answerer) {
	wait := r.Retire
	if wait == 0 {
		wait = time.Minute
	}
	time.AfterFunc(wait, func() {
		if err := old.Index().Close(); err != nil {
			r.log().Warn("closing a replaced index", "err", err)
		}
	})
}

// Patch swaps in an Answerer derived from the one in service, such as one
// with a champion's entry added. It waits for a reload under way, so a
// reload that read the files before the change cannot undo it. file (slash
// separated, relative to Dir) and sum say what the change wrote, so that
// the reload the write sets off finds nothing else changed and skips.
func (r *Reloader) Patch(ctx context.Context, file, sum string, change func(context.Context, *answer.Answerer) (*answer.Answerer, error)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Current == nil {
		return errors.New("reload: Patch needs Current")
	}
	a, err := change(ctx, r.Current())
	if err != nil {
		return err
	}
	r.Swap(a)
	if r.loaded != nil {
		r.loaded = maps.Clone(r.loaded)
		r.loaded[file] = sum
	}
	return nil
}

func (r *Reloader) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

// Watch reloads whenever files under dir change, until ctx ends. New
// folders are watched as they appear.
func (r *Reloader) Watch(ctx context.Context, dir string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return err
	}
	// A deploy may delete the directory and make it again: watch its
	// parent too, to see it come back.
	dir = filepath.Clean(dir)
	if err := w.Add(filepath.Dir(dir)); err != nil {
		r.log().Warn("cannot watch the knowledge directory's parent; if the directory is replaced, restart Signpost", "err", err)
	}
	quiet := r.Quiet
	if quiet == 0 {
		quiet = 300 * time.Millisecond
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if filepath.Dir(ev.Name) == filepath.Dir(dir) && ev.Name != dir {
				continue // a sibling of the knowledge directory
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					addTree(w, ev.Name)
				}
			}
			if ev.Name == dir {
				if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
					r.log().Warn("the knowledge directory went away; still answering from the last good knowledge until it is back")
					continue
				}
				timer.Reset(quiet) // back again: load what it holds
				continue
			}
			if ignored(ev.Name) {
				continue
			}
			timer.Reset(quiet)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			r.log().Warn("watching the knowledge directory", "err", err)
		case <-timer.C:
			r.Reload(ctx)
		}
	}
}

// ignored tells editors' and Signpost's own temporary files from knowledge.
func ignored(path string) bool {
	base := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(base))
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || (ext != ".yaml" && ext != ".yml" && ext != "")
}

func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return w.Add(p)
		}
		return nil
	})
}
