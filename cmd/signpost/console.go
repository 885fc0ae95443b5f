package main

import (
	"context"

	"github.com/signpost-ahp/signpost/console"
)

func runConsole(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "console", "[--knowledge DIR]")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		return err
	}
	return console.Run(ctx, a, e.stdin, e.stdout, isTerminal(e.stdin))
}
