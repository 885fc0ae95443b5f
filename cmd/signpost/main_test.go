package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
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
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"ask", "--nope"}, 2, "flag provided but not defined: -nope"},
		{"ask help", []string{"ask", "--help"}, 0, "Usage: signpost ask"},
		{"validate extra args", []string{"validate", "a", "b"}, 2, "Usage: signpost validate"},
		{"eval no args", []string{"eval"}, 2, "Usage: signpost eval"},
		{"console extra arg", []string{"console", "extra"}, 2, "Usage: signpost console"},
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
