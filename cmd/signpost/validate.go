package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/signpost-ahp/signpost/knowledge"
)

func runValidate(ctx context.Context, e env, args []string) error {
	flags := newFlags(e, "validate", "[DIR]\n\nChecks every *.yaml and *.yml file below DIR (default: the built-in knowledge),\nprints each problem as path:line:col: message and exits 1 if there are any.")
	pos, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return exitError{code: 2, msg: "signpost validate: name one knowledge folder (or none, for the built-in knowledge)."}
	}
	dir := ""
	fsys := knowledge.Builtin()
	if len(pos) == 1 {
		dir = pos[0]
		if fsys, err = dirFS(dir); err != nil {
			return exitError{code: 1, msg: "signpost validate: " + err.Error()}
		}
	}
	kb, err := knowledge.Load(fsys)
	var kerr *knowledge.Error
	switch {
	case errors.As(err, &kerr):
		for _, p := range kerr.Problems {
			p.Path = joinPath(dir, p.Path)
			fmt.Fprintln(e.stdout, p.String())
		}
		return exitError{code: 1, msg: plural(len(kerr.Problems), "problem")}
	case err != nil:
		return exitError{code: 1, msg: "signpost validate: " + err.Error()}
	}
	for _, w := range kb.Warnings {
		w.Path = joinPath(dir, w.Path)
		fmt.Fprintln(e.stdout, w.String())
	}
	if dir == "" {
		fmt.Fprintf(e.stdout, "the built-in knowledge (name a folder to check yours): %s\n", kb.Summary())
		return nil
	}
	fmt.Fprintln(e.stdout, kb.Summary())
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
