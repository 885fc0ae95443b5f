package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// sample is what 'signpost init' writes: a configuration and a small
// knowledge folder that validates and answers, to be replaced entry by
// entry, and the schema its files name for editors.
//
//go:embed sample
var sample embed.FS

func runInit(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "init", "DIR\n\nWrites DIR/config.yaml and a small sample knowledge folder, DIR/knowledge, that\nvalidates and answers: a start for your own. Nothing already there is overwritten.")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return exitError{code: 2, msg: "signpost init: name the folder to write, as in 'signpost init signpost-local'."}
	}
	dir := pos[0]
	written, err := writeSample(dir)
	if err != nil {
		return err
	}
	if _, err := loadKnowledge(filepath.Join(dir, "knowledge")); err != nil {
		return fmt.Errorf("the sample knowledge does not load, which is a bug in Signpost: %w", err)
	}
	fmt.Fprintf(e.stdout, "Wrote %d files in %s. Next:\n", written, dir)
	fmt.Fprintf(e.stdout, "  cd %s\n", dir)
	fmt.Fprintln(e.stdout, "  signpost console --knowledge knowledge    try it: \"walking group in example town\"")
	fmt.Fprintln(e.stdout, "  signpost validate knowledge               check the knowledge after each edit")
	fmt.Fprintln(e.stdout, "  signpost doctor --config config.yaml      before going live in Slack")
	return nil
}

// writeSample copies the sample into dir, refusing to replace any file
// that is there already (a second init must not undo a champion's work).
func writeSample(dir string) (int, error) {
	// Look before writing anything, so a refused init leaves no half.
	err := fs.WalkDir(sample, "sample", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("sample", p)
		if _, err := os.Lstat(filepath.Join(dir, rel)); err == nil {
			return fmt.Errorf("%s is there already; init writes only into a new or empty folder, and wrote nothing", filepath.Join(dir, rel))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var n int
	err = fs.WalkDir(sample, "sample", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("sample", p)
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := sample.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s is there already; init writes only into a new or empty folder, and nothing was replaced", target)
		}
		if err != nil {
			return fmt.Errorf("writing the sample: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", target, err)
		}
		n++
		return f.Close()
	})
	return n, err
}
