package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestGenActivityAndHTMLReport makes synthetic activity, reports it as a
// web page, and checks the page holds what was made.
func TestGenActivityAndHTMLReport(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	now := time.Now().UTC().Format(time.RFC3339)
	out, errOut, code := runCmd(t, "", "gen-activity", "--data-dir", data, "--weeks", "3", "--seed", "7", "--knowledge", "../../testdata/kb", "--now", now)
	m := regexp.MustCompile(`^wrote (\d+) questions, (\d+) feedback and (\d+) gap reports over 3 weeks to `).FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == "0" {
		t.Fatalf("gen-activity = %d %q %q", code, out, errOut)
	}

	page := filepath.Join(t.TempDir(), "report.html")
	// Four weeks: the activity starts three weeks before a --now that is
	// already a moment past.
	out, errOut, code = runCmd(t, "", "report", "--data-dir", data, "--knowledge", "../../testdata/kb", "--since", "4w", "--html", page)
	if code != 0 || out != page+"\n" {
		t.Fatalf("report --html = %d %q %q; want the path printed", code, out, errOut)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{
		"<!doctype html>",
		fmt.Sprintf(`<span class="n">%s</span><span class="what">questions asked</span>`, m[1]),
		"Questions each week",
		"Where help is missing, by place",
		"5 faq, 4 terms, 5 services, 1 areas", // the knowledge the questions were about
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report does not hold %q", want)
		}
	}
	if strings.Contains(html, "No questions in this period.") {
		t.Error("the report says there were no questions")
	}
	if ents, _ := os.ReadDir(filepath.Dir(page)); len(ents) != 1 {
		t.Errorf("the report's folder holds %d files, want just the report (no temporary file left)", len(ents))
	}

	// Again into the same directory: refused, so synthetic questions never
	// join real ones.
	_, errOut, code = runCmd(t, "", "gen-activity", "--data-dir", data, "--knowledge", "../../testdata/kb")
	if code != 1 || !strings.Contains(errOut, "already holds a store") {
		t.Errorf("gen-activity into a data directory with a store = %d %q", code, errOut)
	}
}

func TestGenActivityIsRepeatable(t *testing.T) {
	var outs []string
	for range 2 {
		data := t.TempDir()
		out, errOut, code := runCmd(t, "", "gen-activity", "--data-dir", data, "--now", "2026-11-24T12:00:00Z")
		if code != 0 {
			t.Fatalf("gen-activity = %d %q", code, errOut)
		}
		csv, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--since", "6m", "--csv")
		if code != 0 {
			t.Fatalf("report --csv = %d %q", code, errOut)
		}
		outs = append(outs, strings.ReplaceAll(out, data, "DIR")+csv)
	}
	if outs[0] != outs[1] {
		t.Errorf("the same seed and --now made different activity:\n%s\n---\n%s", outs[0], outs[1])
	}
}

func TestGenActivityAndReportUsage(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no data directory", []string{"gen-activity"}, 2, "--data-dir is required"},
		{"no weeks", []string{"gen-activity", "--data-dir", data, "--weeks", "0"}, 2, "--weeks must be at least 1"},
		{"bad time", []string{"gen-activity", "--data-dir", data, "--now", "yesterday"}, 2, "use RFC 3339"},
		{"stray argument", []string{"gen-activity", "--data-dir", data, "extra"}, 2, "signpost gen-activity takes no arguments"},
		{"csv and html", []string{"report", "--data-dir", data, "--csv", "--html", filepath.Join(data, "r.html")}, 2, "--csv, --html and --cases cannot be used together"},
		{"html with no store", []string{"report", "--data-dir", "testdata/none", "--html", filepath.Join(data, "no", "r.html")}, 1, "no records in testdata/none yet"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("%v = %d %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
			}
		})
	}
}

func TestReportHTMLWriteFails(t *testing.T) {
	data := t.TempDir()
	if _, errOut, code := runCmd(t, "", "gen-activity", "--data-dir", data, "--weeks", "1"); code != 0 {
		t.Fatalf("gen-activity: %d %q", code, errOut)
	}
	page := filepath.Join(t.TempDir(), "no such folder", "report.html")
	_, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--html", page)
	if code != 1 || !strings.Contains(errOut, "writing "+page) {
		t.Errorf("report --html into a missing folder = %d %q; want 1 and what could not be written", code, errOut)
	}
}

// TestReportCasesFeedTheFit checks a deployment's own labelled rows come
// out as cases signpost fit reads: questions with the entry that answered.
func TestReportCasesFeedTheFit(t *testing.T) {
	data := t.TempDir()
	if _, errOut, code := runCmd(t, "", "gen-activity", "--data-dir", data, "--weeks", "4"); code != 0 {
		t.Fatalf("gen-activity: %d %q", code, errOut)
	}
	path := filepath.Join(t.TempDir(), "cases.yaml")
	out, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--since", "6m", "--cases", path)
	if code != 0 || !strings.Contains(out, " cases") {
		t.Fatalf("report --cases = %d %q %q", code, out, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := readLabelled(f, "builtin")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases from four weeks of activity with helpful answers")
	}
	a, err := newAnswerer(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if _, ok := a.Show(c.Expect[0]); len(c.Expect) != 1 || !ok {
			t.Errorf("case %q expects %v: want one entry of the knowledge", c.Q, c.Expect)
		}
	}
}
