package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/signpost-ahp/signpost/store"
)

// checkStoreCommand is the hidden subcommand serve runs in a child
// process to open the store before it does so itself.
const checkStoreCommand = "check-store"

// storeCheckTime is how long opening the store may take in the child:
// reading every record of a large store takes a second or two, a page
// tree that loops takes for ever.
const storeCheckTime = 30 * time.Second

// storeCheckMemory bounds the child's address space: a store opens in a
// few hundred megabytes, while a looping page tree or a free list that
// claims terabytes asks for ever more until the child fails.
const storeCheckMemory = 4 << 30

// runCheckStore opens the store as serve would, in a process of its own,
// bounded so that damage bbolt cannot survive (a page that points to
// itself, a free list claiming terabytes) ends this process quickly
// instead of the bot.
func runCheckStore(_ context.Context, _ env, args []string) error {
	if len(args) != 1 {
		return exitError{code: 2, msg: "usage: signpost check-store DATA_DIR"}
	}
	debug.SetMaxStack(64 << 20)
	limitMemory(storeCheckMemoryFor(args[0]))
	st, _, err := store.OpenReporting(args[0])
	switch {
	case errors.Is(err, store.ErrDamaged):
		return exitError{code: exitStoreDamaged, msg: err.Error()}
	case errors.Is(err, store.ErrLocked):
		return exitError{code: exitStoreLocked, msg: err.Error()}
	case err != nil:
		return err
	}
	return st.Close()
}

// The check's exit codes that are verdicts on the store. Any other failure
// (a permission, a read-only disk) is an error about where the store is,
// and the file is left alone.
const (
	exitStoreDamaged = 3 // proven damage: bbolt read a bad page, checksum or version
	exitStoreLocked  = 4 // another process holds the file: wait for it
)

// storeLockWait is how long serve waits for another process (a long
// report, a backup) to let go of the store before giving up.
const storeLockWait = 5 * time.Minute

// checkStoreApart opens the store in a child process first and, when that
// crashes or hangs, moves the file aside: a store that makes bbolt itself
// fail (which no recover can catch) would otherwise stop Signpost on every
// start. It returns where the damaged file was kept, or "".
func checkStoreApart(ctx context.Context, dir string, log *slog.Logger) (string, error) {
	return checkStoreWithin(ctx, dir, storeCheckTimeFor(dir), log)
}

// storeSize is the store file's size in bytes, 0 when it cannot be read.
func storeSize(dir string) uint64 {
	info, err := os.Stat(filepath.Join(dir, "signpost.db"))
	if err != nil {
		return 0
	}
	return uint64(info.Size())
}

// storeCheckMemoryFor and storeCheckTimeFor scale the check's bounds with
// the store: bbolt maps the whole file into memory (rounded up to the next
// gigabyte past 1 GB) and reads every record, so a healthy 2 GB store
// needs more than a small one's bounds (it was refused at 4 GB).
func storeCheckMemoryFor(dir string) uint64 {
	return storeCheckMemory + 2*storeSize(dir)
}

func storeCheckTimeFor(dir string) time.Duration {
	return storeCheckTime + time.Duration(storeSize(dir)>>30)*storeCheckTime
}

func checkStoreWithin(ctx context.Context, dir string, limit time.Duration, log *slog.Logger) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "signpost.db")); err != nil {
		return "", nil // nothing to check yet
	}
	self, err := os.Executable()
	if err != nil {
		log.Warn("cannot run the store check apart; opening the store directly", "err", err)
		return "", nil
	}
	waitUntil := time.Now().Add(storeLockWait)
	for {
		code, out, timedOut, err := checkOnce(ctx, self, dir, limit)
		if err != nil {
			return "", err
		}
		if code == exitStoreLocked {
			if time.Now().After(waitUntil) {
				return "", fmt.Errorf("the store in %s is held by another process (a report or a backup?) and was not let go within %v; it was left as it is", dir, storeLockWait)
			}
			log.Warn("the store is held by another process; waiting for it", "dir", dir)
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(time.Second):
			}
			continue
		}
		return storeVerdict(dir, code, out, timedOut, limit, log)
	}
}

// checkOnce runs the check in a child: its exit code (0 for none, -1 when
// it was killed) and output, and whether it ran out of time.
func checkOnce(ctx context.Context, self, dir string, limit time.Duration) (code int, out []byte, timedOut bool, err error) {
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(cctx, self, checkStoreCommand, dir)
	cmd.Env = append(os.Environ(), runAsMainEnv+"=1")
	out, err = cmd.CombinedOutput()
	if err == nil {
		return 0, out, false, nil
	}
	if ctx.Err() != nil {
		return 0, nil, false, ctx.Err() // shutting down
	}
	timedOut = errors.Is(cctx.Err(), context.DeadlineExceeded)
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) && !timedOut {
		return 0, nil, false, fmt.Errorf("checking the store: %w", err)
	}
	if exitErr != nil {
		code = exitErr.ExitCode()
	}
	return code, out, timedOut, nil
}

// storeVerdict decides what a failed check means. Only proof of damage
// moves the file aside: the check said so, or crashed (a fault bbolt
// cannot survive), or never finished (a page tree that loops). Any other
// failure is an error about the store's place, and the file stays.
func storeVerdict(dir string, code int, out []byte, timedOut bool, limit time.Duration, log *slog.Logger) (string, error) {
	why := lastLine(out)
	switch {
	case code == 0 && !timedOut:
		return "", nil
	case timedOut:
		why = fmt.Sprintf("opening it did not finish in %v", limit)
	case code == 1:
		// The check ran and returned an error that is not damage.
		return "", fmt.Errorf("cannot open the store in %s (%s); it was left as it is: check the data directory's owner, permissions and disk", dir, why)
	default:
		// exitStoreDamaged, or a crash: 2 is how the Go runtime ends a
		// process that panicked or ran out of memory, -1 one killed by a
		// signal (66 the race detector's own failure under the limit).
	}
	moved, merr := store.MoveAside(dir)
	if merr != nil {
		return "", fmt.Errorf("the store in %s makes Signpost fail when opened (%s) and could not be moved aside: %w", dir, why, merr)
	}
	log.Error("opening the store failed in a test run: moved it aside and starting a fresh one", "kept_at", moved, "why", why)
	return moved, nil
}

// runAsMainEnv tells a test binary, run as a child, to act as signpost.
const runAsMainEnv = "SIGNPOST_RUN_AS_MAIN"

func lastLine(b []byte) string {
	s := string(b)
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			s = s[i+1:]
			break
		}
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
