package main

import (
	"context"
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/notices"
)

// runVersion says which build this is and which knowledge it answers
// from: what a champion quotes when reporting an answer, and what the
// person who deploys it checks after an upgrade.
func runVersion(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "version", "[--notices] [--knowledge DIR]\n\nPrints the version, commit and Go version of this build, and the knowledge's\nfingerprint (the same fingerprint means the same files) and counts.")
	dir := fs.String("knowledge", "", "knowledge `directory` to describe (default: the built-in knowledge)")
	showNotices := fs.Bool("notices", false, "print the licences of the data Signpost carries (place names, word lists)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *showNotices {
		_, err := fmt.Fprint(e.stdout, notices.Text)
		return err
	}
	b := describeBuild()
	fmt.Fprintf(e.stdout, "signpost %s\n", b.version)
	if b.commit != "" {
		fmt.Fprintf(e.stdout, "commit    %s\n", b.commit)
	}
	fmt.Fprintf(e.stdout, "go        %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	k, err := describeKnowledge(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "knowledge %s\n", k)
	return nil
}

// commitStamp is the commit a build without version control information
// was made from (a container build has no .git): set with
// -ldflags "-X main.commitStamp=$(git rev-parse HEAD)". Only the linker
// writes it.
var commitStamp string

// build is what the Go toolchain recorded about this binary.
type build struct {
	version string // the module's version, or "(devel)" from a work tree
	commit  string // revision, its time, and whether the tree was modified
}

func describeBuild() build {
	b := build{version: "(devel)", commit: commitStamp}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if info.Main.Version != "" {
		b.version = info.Main.Version
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", with uncommitted changes"
			}
		}
	}
	if rev != "" {
		b.commit = rev
		if len(rev) > 12 {
			b.commit = rev[:12]
		}
		if at != "" {
			b.commit += " (" + at + modified + ")"
		} else if modified != "" {
			b.commit += " (" + modified[2:] + ")"
		}
	}
	return b
}

// describeKnowledge names the knowledge, its fingerprint and its counts.
func describeKnowledge(dir string) (string, error) {
	var fsys fs.FS = knowledge.Builtin()
	name := "built-in"
	if dir != "" {
		var err error
		if fsys, err = dirFS(dir); err != nil {
			return "", err
		}
		name = dir
	}
	fp, err := knowledge.Fingerprint(fsys)
	if err != nil {
		return "", fmt.Errorf("reading the knowledge in %s: %w", name, err)
	}
	kb, err := loadKnowledge(dir)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s, fingerprint %s: %s", name, fp[:12], kb.Summary()), nil
}
