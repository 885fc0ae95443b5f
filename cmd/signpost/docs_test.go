package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// commandAt finds a signpost command line in the docs: "signpost", or a
// path ending in it, then a word.
var commandAt = regexp.MustCompile(`(?:^|[\s\x60(])(?:[./\w-]*/)?signpost ([a-z][a-z-]*)`)

// flagIn is an option on a command line, with one dash or two.
var flagIn = regexp.MustCompile(`(?:^|\s)(-{1,2})([a-z][a-z-]+)\b`)

// optionsOf lists a command's options, from its own help.
func optionsOf(t *testing.T, cmd string) map[string]bool {
	t.Helper()
	args := []string{cmd, "--help"}
	if cmd == "import" { // its options are its format's
		args = []string{cmd, "openreferral", "--help"}
	}
	_, help, code := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("%s --help: exit %d", cmd, code)
	}
	opts := map[string]bool{"help": true}
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z][a-z-]*)`).FindAllStringSubmatch(help, -1) {
		opts[m[1]] = true
	}
	return opts
}

// Every command line the README and the docs show names a real command
// with real options, written with two dashes: the docs are the users'
// contract, and a renamed flag must not leave them wrong.
func TestDocsShowRealCommands(t *testing.T) {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	known := map[string]bool{checkStoreCommand: true}
	var names []string
	for _, c := range commands() {
		known[c.name] = true
		names = append(names, c.name)
	}
	opts := map[string]map[string]bool{}
	checked := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			for _, m := range commandAt.FindAllStringSubmatchIndex(line, -1) {
				cmd := line[m[2]:m[3]]
				where := filepath.Base(file) + ":" + strconv.Itoa(n+1)
				if !known[cmd] {
					if near := nearest(cmd, names); near != "" {
						t.Errorf("%s: 'signpost %s' is not a command (%s?)", where, cmd, near)
					}
					continue
				}
				// The rest of this command line: up to the end of a code
				// span, a table cell, or the next command.
				rest := line[m[3]:]
				if i := strings.IndexAny(rest, "`|;"); i >= 0 {
					rest = rest[:i]
				}
				if i := strings.Index(rest, "&&"); i >= 0 {
					rest = rest[:i]
				}
				if opts[cmd] == nil {
					opts[cmd] = optionsOf(t, cmd)
				}
				for _, f := range flagIn.FindAllStringSubmatch(rest, -1) {
					switch {
					case f[1] == "-":
						t.Errorf("%s: 'signpost %s' shows -%s: the docs write options with two dashes", where, cmd, f[2])
					case !opts[cmd][f[2]]:
						t.Errorf("%s: 'signpost %s' has no option --%s", where, cmd, f[2])
					}
				}
				checked++
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d command lines found in the docs: is the pattern still finding them?", checked)
	}
}
