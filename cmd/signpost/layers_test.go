package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/signpost-ahp/signpost"

// layers is the architecture the README states: a package may import only
// packages of a strictly lower layer. Every package of the module must be
// listed, so a new folder has to be placed deliberately.
var layers = map[string]int{
	// Foundations with no knowledge of Signpost's types.
	"place":        0,
	"mrkdwn":       0,
	"urgent":       0,
	"safefile":     0,
	"english":      0,
	"notices":      0, // the NOTICE the binary carries
	"wordlists":    0, // the loader of the reading packages' vocabulary files
	"conversation": 0, // a store of recent conversations' state, whatever it is

	"knowledge": 1,
	"config":    1, // names urgent's crisis contacts
	"privacy":   1, // knows the gazetteer's places and common English words
	"reading":   1, // a message's text: sentences, the one that asks, ages, days

	"index":        2,
	"openreferral": 2,
	"store":        2,

	"answer": 3,
	"report": 3,
	"gaps":   3, // what champions do with unanswered questions, in Slack or a terminal

	"reload":    4,
	"plaintext": 4, // renders bot replies as text for terminals and fallbacks

	"slackbot": 5,
	"console":  5,

	"cmd/signpost": 6,
}

// layerOf names the layer of a package of this module. Packages under
// internal/ are dev tools: they sit beside cmd, may use any
// production layer and each other, and only cmd and tests may import them.
func layerOf(rel string) (layer int, internal, ok bool) {
	if rel == "internal" || strings.HasPrefix(rel, "internal/") {
		return layers["cmd/signpost"], true, true
	}
	// A package's own internal/ helpers (place/gazetteer/internal/gen)
	// belong to it, and the place/ subpackages are parts of one concept.
	if i := strings.Index(rel, "/internal/"); i >= 0 {
		rel = rel[:i]
	}
	if strings.HasPrefix(rel, "place/") {
		rel = "place"
	}
	l, ok := layers[rel]
	return l, false, ok
}

// importEdges lists, for every package of the module, the module packages
// its code imports directly, and those its tests import.
func importEdges(t *testing.T) (code, tests map[string][]string) {
	t.Helper()
	cmd := exec.Command("go", "list",
		"-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}} |{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}`,
		module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	code, tests = map[string][]string{}, map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		from := strings.TrimPrefix(fields[0], module+"/")
		code[from] = nil
		into := code
		for _, imp := range fields[1:] {
			if imp == "|" {
				into = tests
				continue
			}
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok && rel != from {
				into[from] = append(into[from], rel)
			}
		}
	}
	return code, tests
}

// violation says what is wrong with package from importing package to, or
// "" when the import points the right way.
func violation(from, to string) string {
	fromLayer, fromInternal, ok := layerOf(from)
	if !ok {
		return from + " has no layer: add it to layers in layers_test.go and the package list in docs/how-it-works.md"
	}
	toLayer, toInternal, ok := layerOf(to)
	if !ok {
		return to + " has no layer: add it to layers in layers_test.go and the package list in docs/how-it-works.md"
	}
	if strings.HasPrefix(to, from+"/internal/") {
		return "" // a package's own helpers are part of it
	}
	if from == "place" || strings.HasPrefix(from, "place/") {
		if to == "place" || strings.HasPrefix(to, "place/") {
			// One concept: the subpackages build on place's points and keys.
			if strings.HasPrefix(to, from+"/") {
				return from + " imports its own subpackage " + to + ": the parts build on the whole, not the other way"
			}
			return ""
		}
	}
	switch {
	case fromInternal && to == "cmd/signpost":
		return from + " imports the binary"
	case fromInternal:
		return "" // dev tools may use any production package and each other
	case toInternal && from != "cmd/signpost":
		return from + " imports dev-only " + to + ": only cmd/signpost and internal/ may"
	case toInternal:
		return ""
	case toLayer >= fromLayer:
		return fmt.Sprintf("%s (layer %d) imports %s (layer %d): imports must point to a lower layer",
			from, fromLayer, to, toLayer)
	}
	return ""
}

func TestLayering(t *testing.T) {
	code, tests := importEdges(t)
	if len(code) < len(layers) {
		t.Fatalf("go list found %d packages, fewer than the %d layered ones", len(code), len(layers))
	}
	for from, imports := range code {
		if _, _, ok := layerOf(from); !ok {
			t.Errorf("package %s has no layer: add it to layers in layers_test.go and the package list in docs/how-it-works.md", from)
			continue
		}
		for _, to := range imports {
			if v := violation(from, to); v != "" {
				t.Error(v)
			}
		}
	}
	// Tests may use the dev tools under internal/, and lower layers, but a
	// test that needs a higher layer belongs in that layer.
	for from, imports := range tests {
		for _, to := range imports {
			if _, toInternal, _ := layerOf(to); toInternal {
				continue
			}
			if v := violation(from, to); v != "" {
				t.Error("test of " + v)
			}
		}
	}
}

// TestViolation shows the check is not vacuous: each wrong direction is
// reported, and the right ones are not.
func TestViolation(t *testing.T) {
	tests := []struct {
		from, to string
		wrong    bool
	}{
		{"knowledge", "index", true},
		{"index", "answer", true},
		{"answer", "slackbot", true},
		{"answer", "report", true}, // same layer
		{"console", "slackbot", true},
		{"knowledge", "place", false},
		{"slackbot", "cmd/signpost", true},
		{"answer", "internal/fakeslack", true},
		{"internal/slackload", "cmd/signpost", true},
		{"newpkg", "knowledge", true},
		{"slackbot", "answer", false},
		{"index", "knowledge", false},
		{"cmd/signpost", "internal/evaluation", false},
		{"internal/slackload", "internal/fakeslack", false},
		{"internal/slackload", "slackbot", false},
		{"place/gazetteer", "place/gazetteer/internal/gen", false},
		{"place/gazetteer", "place", false},
		{"place", "place/gazetteer", true},
		{"place/postcode", "knowledge", true},
		{"knowledge", "place/postcode", false},
	}
	for _, tc := range tests {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			v := violation(tc.from, tc.to)
			if (v != "") != tc.wrong {
				t.Errorf("violation(%q, %q) = %q, want wrong=%v", tc.from, tc.to, v, tc.wrong)
			}
		})
	}
}
