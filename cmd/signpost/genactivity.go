package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/signpost-ahp/signpost/internal/activitygen"
	"github.com/signpost-ahp/signpost/store"
)

func runGenActivity(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "gen-activity", "--data-dir DIR [--weeks 6] [--seed 1] [--knowledge DIR] [--now TIME]\n\n"+
		"Writes realistic SYNTHETIC activity (questions, feedback, gaps) into a new data\n"+
		"directory, so that `signpost report` has something to show. Never point it at a\n"+
		"live bot's data directory: it refuses one that already holds a store.")
	dataDir := fs.String("data-dir", "", "a new data `directory` to write the activity into")
	weeks := fs.Int("weeks", 6, "how many `weeks` of activity, up to --now")
	seed := fs.Uint64("seed", 1, "random seed: the same seed, --now and knowledge make the same activity")
	dir := fs.String("knowledge", "", "knowledge `directory` the questions are about (default: the built-in knowledge)")
	nowFlag := fs.String("now", "", "`time` the activity ends, RFC 3339 (e.g. 2026-11-24T12:00:00Z; default: now)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *dataDir == "" || *weeks < 1 {
		return exitError{code: 2, msg: "signpost gen-activity: --data-dir is required and --weeks must be at least 1. Run 'signpost gen-activity --help' for its options."}
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return exitError{code: 2, msg: fmt.Sprintf("signpost gen-activity: --now %q: use RFC 3339, e.g. 2026-11-24T12:00:00Z", *nowFlag)}
		}
		now = t
	}
	// Synthetic questions in a real store would be counted in real reports
	// to commissioners, with no way to tell them apart.
	switch _, err := os.Stat(filepath.Join(*dataDir, "signpost.db")); {
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return exitError{code: 1, msg: fmt.Sprintf("signpost gen-activity: checking %s is a new data directory: %v", *dataDir, err)}
	case err == nil:
		return exitError{code: 1, msg: fmt.Sprintf("signpost gen-activity: %s already holds a store; synthetic activity goes only into a new data directory, so it never mixes with real questions", *dataDir)}
	}
	kb, err := loadKnowledge(*dir)
	if err != nil {
		return err
	}
	a, err := activitygen.Generate(kb, activitygen.Options{Weeks: *weeks, Seed: *seed, Now: now})
	if err != nil {
		return err
	}
	st, err := store.Open(*dataDir)
	if err != nil {
		return exitError{code: 1, msg: "signpost gen-activity: " + err.Error()}
	}
	defer st.Close()
	// Marked first: a store cut short still says what it is.
	if err := st.MarkSynthetic(fmt.Sprintf("signpost gen-activity --seed %d --weeks %d", *seed, *weeks)); err != nil {
		return fmt.Errorf("marking %s as synthetic: %w", *dataDir, err)
	}
	if err := a.Write(st); err != nil {
		return fmt.Errorf("writing activity to %s: %w", *dataDir, err)
	}
	fmt.Fprintf(e.stdout, "wrote %d questions, %d feedback and %d gap reports over %d weeks to %s (synthetic: never show them as real)\n",
		len(a.Asked), len(a.Feedback), len(a.Gaps), *weeks, *dataDir)
	return nil
}
