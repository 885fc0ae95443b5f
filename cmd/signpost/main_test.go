package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/signpost-ahp/signpost/config"
)

var update = flag.Bool("update", false, "rewrite golden files")

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// syncWriter lets a test read logs a running command writes.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// runCmd runs the command line in-process and returns stdout, stderr and
// the exit code main would use.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	code := 0
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			code = ex.code
			errOut.WriteString(ex.msg)
		} else {
			code = 1
			errOut.WriteString(err.Error())
		}
	}
	return out.String(), errOut.String(), code
}

func TestAskJSON(t *testing.T) {
	out, _, code := runCmd(t, "What is a village agent?\ntell me a joke\n\n", "ask", "--knowledge", "../../testdata/kb", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want one per input line (3):\n%s", len(lines), out)
	}
	var first struct {
		Question string `json:"question"`
		Answered bool   `json:"answered"`
		Results  []struct {
			Kind, ID, Title, Text string
			Score                 float64
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Question != "What is a village agent?" || !first.Answered || len(first.Results) == 0 ||
		first.Results[0].ID != "link-worker" || first.Results[0].Kind != "term" || first.Results[0].Title != "link worker" || first.Results[0].Score <= 0 {
		t.Errorf("first line = %+v", first)
	}
	if !strings.Contains(lines[1], `"answered":false`) || !strings.Contains(lines[2], `"question":""`) {
		t.Errorf("abstention or empty line wrong:\n%s\n%s", lines[1], lines[2])
	}
	if !strings.Contains(lines[2], `"results":[]`) {
		t.Errorf("results must be a list even when empty: %s", lines[2])
	}
	if strings.Contains(out, `"urgent"`) {
		t.Errorf("ordinary questions marked urgent:\n%s", out)
	}
	out, _, _ = runCmd(t, "pt disclosed her partner hits her\n", "ask", "--knowledge", "../../testdata/kb", "--json")
	if !strings.Contains(out, `"urgent":true`) {
		t.Errorf("a person at risk is not marked urgent: %s", out)
	}
}

func TestAskText(t *testing.T) {
	out, _, code := runCmd(t, "", "ask", "--knowledge", "../../testdata/kb", "befriending", "in", "Whitby")
	if code != 0 || !strings.Contains(out, "Harbourside Friends — Whitby") || !strings.Contains(out, "How to refer:") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestValidate(t *testing.T) {
	out, errOut, code := runCmd(t, "", "validate", "../../knowledge/testdata/bad/unknown")
	if code != 1 {
		t.Errorf("validate of a broken directory exited %d, want 1", code)
	}
	if !strings.HasPrefix(out, "../../knowledge/testdata/bad/unknown/entries.yaml:1:1: unknown top-level key \"glossary\"") {
		t.Errorf("problems not given as path:line:col: message under the directory:\n%s", out)
	}
	if !strings.Contains(errOut, "5 problems") {
		t.Errorf("stderr = %q, want a count of problems", errOut)
	}
	out, _, code = runCmd(t, "", "validate", "../../testdata/kb")
	if code != 0 || out != "5 faq, 4 terms, 5 services, 1 areas\n" {
		t.Errorf("validate testdata/kb = %d %q", code, out)
	}
	out, _, code = runCmd(t, "", "validate")
	if code != 0 || !strings.HasSuffix(out, "services\n") {
		t.Errorf("validate (built in) = %d %q", code, out)
	}
	_, errOut, code = runCmd(t, "", "validate", "no/such/dir")
	if code != 1 || !strings.Contains(errOut, "no/such/dir") {
		t.Errorf("validate of a missing directory = %d %q", code, errOut)
	}
}

func TestEval(t *testing.T) {
	cases := t.TempDir() + "/cases.yaml"
	os.WriteFile(cases, []byte("- q: what is a village agent\n  expect: [link-worker]\n- q: tell me a joke\n  expect: []\n- q: choir in Windermere\n  expect: [kendal-choir]\n"), 0o644)
	out, _, code := runCmd(t, "", "eval", "--knowledge", "../../testdata/kb", cases, "--show-misses")
	want := "MISS 'choir in Windermere': got ['kendal-choir'] answered=False, want ['kendal-choir']\n" +
		"cases=3 top1=0.500 mrr=1.000 abstain=1.000 overall=0.667\n"
	if code != 0 || out != want {
		t.Errorf("eval = %d\n%s\nwant:\n%s", code, out, want)
	}
}

// TestConsole runs the conversation in testdata/chat.txt and compares the
// transcript with testdata/chat.golden.
func TestConsole(t *testing.T) {
	in, err := os.ReadFile("testdata/chat.txt")
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := runCmd(t, string(in), "console", "--knowledge", "../../testdata/kb")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if *update {
		os.WriteFile("testdata/chat.golden", []byte(out), 0o644)
	}
	want, err := os.ReadFile("testdata/chat.golden")
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/signpost -update)", err)
	}
	if out != string(want) {
		t.Errorf("console transcript changed; run go test ./cmd/signpost -update and review the diff\n got:\n%s", out)
	}
	if strings.Contains(out, "never read") {
		t.Error("console went on after quit")
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout+stderr
	}{
		{"no args", nil, 2, "Usage: signpost COMMAND"},
		{"help", []string{"--help"}, 0, "Usage: signpost COMMAND"},
		{"unknown command", []string{"frobnicate"}, 2, `"frobnicate" is not a command. Run 'signpost help'`},
		{"command begun", []string{"serv"}, 2, `"serv" is not a command; did you mean "serve"?`},
		{"command mistyped", []string{"valdiate"}, 2, `did you mean "validate"?`},
		{"flag before command", []string{"--knowledge", "x"}, 2, "--knowledge goes after a command"},
		{"unknown flag", []string{"ask", "--nope"}, 2, "signpost ask: there is no option --nope. Run 'signpost ask --help'"},
		{"misspelt flag", []string{"ask", "--knowlege", "x", "q"}, 2, "there is no option --knowlege; did you mean --knowledge?"},
		{"flag without value", []string{"ask", "--knowledge"}, 2, "signpost ask: --knowledge needs a value."},
		{"bad flag value", []string{"ask", "--json=maybe", "q"}, 2, `invalid boolean value "maybe" for --json`},
		{"version", []string{"version"}, 0, "knowledge built-in, fingerprint "},
		{"--version", []string{"--version"}, 0, "go        go1."},
		{"notices", []string{"version", "--notices"}, 0, "GeoNames"},
		{"ask help", []string{"ask", "--help"}, 0, "Usage: signpost ask"},
		{"validate extra args", []string{"validate", "a", "b"}, 2, "signpost validate: name one knowledge folder"},
		{"import no format", []string{"import"}, 2, "signpost import: name the format to import"},
		{"import misspelt format", []string{"import", "openrefferal"}, 2, `did you mean "openreferral"?`},
		{"import no out", []string{"import", "openreferral", "x.json"}, 2, "with --out DIR"},
		{"eval no args", []string{"eval"}, 2, "signpost eval: name one file of cases"},
		{"console extra arg", []string{"console", "extra"}, 2, "signpost console takes no arguments"},
		{"missing knowledge dir", []string{"ask", "--knowledge", "no/such/dir", "x"}, 1, "knowledge directory"},
		{"bad knowledge", []string{"ask", "--knowledge", "../../knowledge/testdata/bad/values", "x"}, 1, "has problems"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("signpost %v = exit %d\n%s%s\nwant exit %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
			}
		})
	}
}

// A slip on the command line gets one line saying what was wrong, never
// the whole usage after Go's own wording.
func TestSlipsGetOneLine(t *testing.T) {
	for _, args := range [][]string{{"serv"}, {"ask", "--knowlege", "x"}, {"report", "--sinse", "4w"}} {
		out, errOut, _ := runCmd(t, "", args...)
		if out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || strings.Contains(errOut, "Usage") || strings.Contains(errOut, "flag provided") {
			t.Errorf("signpost %v printed\n%s%s\nwant one line on stderr", args, out, errOut)
		}
	}
}

// Help lists the options as the docs write them, in aligned columns.
func TestHelpIsAligned(t *testing.T) {
	for _, c := range commands() {
		_, errOut, code := runCmd(t, "", c.name, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", c.name, code)
		}
		_, opts, ok := strings.Cut(errOut, "\nOptions:\n")
		if !ok {
			continue
		}
		col := -1
		for _, line := range strings.Split(strings.TrimRight(opts, "\n"), "\n") {
			if !strings.HasPrefix(line, "  --") {
				t.Errorf("%s --help: option line %q does not start with two dashes", c.name, line)
				continue
			}
			at := strings.Index(line[2:], "  ") + 2
			for at < len(line) && line[at] == ' ' {
				at++
			}
			if col == -1 {
				col = at
			} else if at != col {
				t.Errorf("%s --help: descriptions start at column %d and %d:\n%s", c.name, col, at, opts)
				break
			}
		}
	}
	out, _, _ := runCmd(t, "", "help")
	col := -1
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		name := strings.Fields(line)[0]
		at := strings.Index(line, name) + len(name)
		for line[at] == ' ' {
			at++
		}
		if col != -1 && at != col {
			t.Errorf("help: summaries start at column %d and %d:\n%s", col, at, out)
			break
		}
		col = at
	}
}

func TestNearest(t *testing.T) {
	names := []string{"console", "ask", "validate", "serve", "report", "version", "gaps"}
	for word, want := range map[string]string{
		"serv":     "serve",
		"SERVE":    "serve",
		"vresion":  "version",
		"valdiate": "validate",
		"aks":      "ask",
		"gasp":     "gaps",
		"consoel":  "console",
		"reprot":   "report",
		"xyz":      "",
		"s":        "",
		"deploy":   "",
		"a":        "",
	} {
		if got := nearest(word, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", word, got, want)
		}
	}
}

// init writes a start that validates and answers, and a second init
// replaces nothing.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "local")
	out, errOut, code := runCmd(t, "", "init", dir)
	if code != 0 || !strings.Contains(out, "signpost console --knowledge "+filepath.Join(dir, "knowledge")) {
		t.Fatalf("init = exit %d\n%s%s", code, out, errOut)
	}
	kdir := filepath.Join(dir, "knowledge")
	if out, errOut, code := runCmd(t, "", "validate", kdir); code != 0 {
		t.Fatalf("the sample does not validate:\n%s%s", out, errOut)
	}
	for q, want := range map[string]string{
		"what's a town connector?":               "What the link workers in Example Town are called",
		"walking group in example town":          "Example Town Health Walks",
		"where do referrals go in example town?": "Send the referral form",
		"what's a village agent?":                "twenty local names",
	} {
		if out, _, _ := runCmd(t, "", "ask", "--knowledge", kdir, q); !strings.Contains(out, want) {
			t.Errorf("the sample answers %q with\n%s\nwant %q", q, out, want)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := config.Read("config.yaml", bytes.NewReader(cfg)); err != nil {
		t.Errorf("the sample config does not load: %v", err)
	}

	// A champion's edit survives a second init.
	edited := filepath.Join(kdir, "faq", "referring.yaml")
	if err := os.WriteFile(edited, []byte("faq: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(kdir, "areas.yaml")); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCmd(t, "", "init", dir)
	if code == 0 || !strings.Contains(errOut, "is there already") {
		t.Errorf("a second init = exit %d %q, want it refused", code, errOut)
	}
	if data, _ := os.ReadFile(edited); string(data) != "faq: []\n" {
		t.Errorf("a second init replaced an edited file: %q", data)
	}
	if _, err := os.Stat(filepath.Join(kdir, "areas.yaml")); err == nil {
		t.Error("a refused init still wrote a file")
	}
}

// The schema init writes beside the sample is the one in docs/.
func TestInitSchemaIsTheDocsOne(t *testing.T) {
	docs, err := os.ReadFile("../../docs/knowledge.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	ours, err := sample.ReadFile("sample/knowledge.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, ours) {
		t.Error("cmd/signpost/sample/knowledge.schema.json differs from docs/knowledge.schema.json: copy the docs one over it")
	}
}
