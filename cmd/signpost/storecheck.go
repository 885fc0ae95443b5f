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
	limitMemory(storeCheckMemory)
	st, _, err := store.OpenReporting(args[0])
	if err != nil {
		return err
	}
	return st.Close()
}

// checkStoreApart opens the store in a child process first and, when that
// crashes or hangs, moves the file aside: a store that makes bbolt itself
// fail (which no recover can catch) would otherwise stop Signpost on every
// start. It returns where the damaged file was kept, or "".
func checkStoreApart(ctx context.Context, dir string, log *slog.Logger) (string, error) {
	return checkStoreWithin(ctx, dir, storeCheckTime, log)
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
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, checkStoreCommand, dir)
	cmd.Env = append(os.Environ(), runAsMainEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return "", nil
	}
	if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", ctx.Err() // shutting down
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", fmt.Errorf("checking the store: %w", err)
	}
	why := lastLine(out)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		why = fmt.Sprintf("opening it did not finish in %v", limit)
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
