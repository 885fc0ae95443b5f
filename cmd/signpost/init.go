package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/signpost-ahp/signpost/knowledge"
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
	k, cfg := filepath.Join(dir, "knowledge"), filepath.Join(dir, "config.yaml")
	fmt.Fprintf(e.stdout, "Wrote %d files in %s: a config, a few local examples to replace, and in %s a copy\n", written, dir, filepath.Join(k, "national"))
	fmt.Fprintln(e.stdout, "of the built-in knowledge (national answers and services) to keep, edit or delete. Next:")
	fmt.Fprintf(e.stdout, "  signpost console --knowledge %s   try it: \"walking group in example town\"\n", k)
	fmt.Fprintf(e.stdout, "  signpost validate %s             check the knowledge after each edit\n", k)
	fmt.Fprintf(e.stdout, "  signpost doctor --config %s     before going live in Slack\n", cfg)
	return nil
}

// configFor is the sample config with its folders written out in full:
// folders in a config are relative to where Signpost runs, not to the
// config, so "knowledge: knowledge" would mean a different folder from
// elsewhere.
func configFor(data []byte, dir string) []byte {
	s := string(data)
	for key, folder := range map[string]string{"knowledge": "knowledge", "data_dir": "data", "index_dir": filepath.Join("data", "index")} {
		s = strings.Replace(s, "\n"+key+": "+filepath.ToSlash(folder)+"\n", "\n"+key+": "+strconv.Quote(filepath.Join(dir, folder))+"\n", 1)
	}
	return []byte(s)
}

// writeSample copies the sample into dir, with a copy of the built-in
// knowledge under knowledge/national: a knowledge folder replaces the
// built-in knowledge rather than adding to it, and a new deployment should
// not lose the national answers, services and what to do when someone is
// at risk. It refuses to replace any file that is there already (a
// second init must not undo a champion's work), and looks before writing
// anything, so a refused init leaves no half.
func writeSample(dir string) (int, error) {
	// A knowledge folder is made whole by init or not at all: adding the
	// sample and the national copy to one already there could give it two
	// entries with one id, and it would no longer load.
	if entries, err := os.ReadDir(filepath.Join(dir, "knowledge")); err == nil && len(entries) > 0 || err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("%s is there already; init makes a new knowledge folder, and wrote nothing", filepath.Join(dir, "knowledge"))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0, err
	}
	sources := []struct {
		fsys     fs.FS
		from, to string
	}{
		{sample, "sample", dir},
		{knowledge.Builtin(), ".", filepath.Join(dir, "knowledge", "national")},
	}
	for _, src := range sources {
		err := fs.WalkDir(src.fsys, src.from, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src.from, p)
			if _, err := os.Lstat(filepath.Join(src.to, rel)); !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s is there already (or cannot be checked); init writes only files that are not there yet, and wrote nothing", filepath.Join(src.to, rel))
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	var n int
	for _, src := range sources {
		err := fs.WalkDir(src.fsys, src.from, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src.from, p)
			target := filepath.Join(src.to, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := fs.ReadFile(src.fsys, p)
			if err != nil {
				return err
			}
			if src.fsys == fs.FS(sample) && rel == "config.yaml" {
				data = configFor(data, abs)
			}
			f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
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
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
