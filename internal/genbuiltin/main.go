// Command genbuiltin makes the index of the knowledge built into Signpost,
// which the binary carries so that a cold start opens an index instead of
// building one: go generate ./index runs it. TestBuiltinIndexIsCurrent
// fails when the built-in knowledge changes and this has not been run.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "genbuiltin:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: genbuiltin DIR")
	}
	// Anew each time: Open keeps what is there when it matches, and a
	// generated index should not depend on what was there before. The
	// folder's README stays.
	entries, err := os.ReadDir(args[0])
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != "README.md" {
			if err := os.RemoveAll(filepath.Join(args[0], e.Name())); err != nil {
				return err
			}
		}
	}
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		return err
	}
	ix, info, err := index.Open(ctx, args[0], knowledge.Builtin(), vocab)
	if err != nil {
		return err
	}
	fmt.Printf("built-in index %s in %s\n", info.Hash[:16], args[0])
	return ix.Close()
}
