package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/signpost-ahp/signpost/knowledge"
)

func runValidate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "validate", "[DIR]")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		fs.Usage()
		return exitError{code: 2}
	}
	var kb *knowledge.Base
	dir := ""
	if len(pos) == 1 {
		dir = pos[0]
		info, err := os.Stat(dir)
		if err != nil {
			return exitError{code: 1, msg: fmt.Sprintf("signpost validate: %v", err)}
		}
		if !info.IsDir() {
			return exitError{code: 1, msg: fmt.Sprintf("signpost validate: %s is not a directory", dir)}
		}
		kb, err = knowledge.Load(os.DirFS(dir))
	} else {
		kb, err = knowledge.Load(knowledge.Builtin())
	}
	if err != nil {
		var kerr *knowledge.Error
		if errors.As(err, &kerr) {
			for _, p := range kerr.Problems {
				p.Path = joinPath(dir, p.Path)
				fmt.Fprintln(e.stdout, p.String())
			}
			return exitError{code: 1, msg: fmt.Sprintf("%d problems", len(kerr.Problems))}
		}
		return exitError{code: 1, msg: "signpost validate: " + err.Error()}
	}
	fmt.Fprintln(e.stdout, kb.Summary())
	return nil
}
