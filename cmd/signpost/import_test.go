package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

// TestImportAndAnswer imports Open Referral samples of each generation into
// a knowledge directory, validates it, and asks about an imported service.
func TestImportAndAnswer(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"../../openreferral/testdata/v1-page.json", "../../openreferral/testdata/v3-page.json", "../../openreferral/testdata/csv"} {
		out, errOut, code := runCmd(t, "", "import", "openreferral", src, "--out", dir)
		if code != 0 {
			t.Fatalf("import %s: exit %d\n%s%s", src, code, out, errOut)
		}
	}
	out, _, _ := runCmd(t, "", "import", "openreferral", "../../openreferral/testdata/v1-page.json", "--out", dir)
	if !strings.Contains(out, "read 5 services, imported 3, skipped 1 (no category), skipped 1 (status defunct)") {
		t.Errorf("summary = %q", out)
	}
	report, err := os.ReadFile(filepath.Join(dir, "openreferral-v1-page-report.txt"))
	if err != nil || !strings.Contains(string(report), "Parking Permits") {
		t.Errorf("unmapped services not reported: %v %s", err, report)
	}
	if out, _, code := runCmd(t, "", "validate", dir); code != 0 || !strings.HasPrefix(out, "0 faq, 0 terms, 7 services") {
		t.Errorf("validate after import = %d %q", code, out)
	}
	for q, want := range map[string]string{
		"befriending in Hastings":            "Ore Valley Befriending Scheme",
		"carers support near HG1":            "Harrogate Carers Café",
		"who is the link worker for Whitby?": "Esk Valley Link Workers",
	} {
		out, _, _ := runCmd(t, "", "ask", "--knowledge", dir, "--json", q)
		var r struct {
			Answered bool
			Results  []struct{ Title string }
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if !r.Answered || len(r.Results) == 0 || r.Results[0].Title != want {
			t.Errorf("%q = %s, want %s", q, out, want)
		}
	}
}

func TestImportKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	mine := "services:\n  - id: champions-own\n    name: Own\n    description: Kept.\n    categories: [music]\n    area: Hastings\n"
	os.WriteFile(filepath.Join(dir, "local.yaml"), []byte(mine), 0o644)
	for range 2 { // re-importing replaces only the import's own file
		if _, errOut, code := runCmd(t, "", "import", "openreferral", "../../openreferral/testdata/v1-page.json", "--out", dir); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "local.yaml")); string(got) != mine {
		t.Error("the champions' own file was changed")
	}
	if out, _, code := runCmd(t, "", "validate", dir); code != 0 || !strings.HasPrefix(out, "0 faq, 0 terms, 4 services") {
		t.Errorf("validate = %d %q", code, out)
	}
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{{"import"}, {"import", "csv"}, {"import", "openreferral"}, {"import", "openreferral", "x.json"}} {
		if _, _, code := runCmd(t, "", args...); code != 2 {
			t.Errorf("%v exited %d, want 2", args, code)
		}
	}
}

// copyCSV copies the sample data package, changing services.csv.
func copyCSV(t *testing.T, change func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	entries, _ := os.ReadDir("../../openreferral/testdata/csv")
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../../openreferral/testdata/csv", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "services.csv" {
			b = []byte(change(string(b)))
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	return dir
}

// TestImportNeverLosesAGoodFile imports broken feeds over a good import:
// each fails with a clear message and the existing file is unchanged.
func TestImportNeverLosesAGoodFile(t *testing.T) {
	out := t.TempDir()
	if _, errOut, code := runCmd(t, "", "import", "openreferral", "../../openreferral/testdata/csv", "--out", out, "--name", "feed"); code != 0 {
		t.Fatalf("first import: %s", errOut)
	}
	target := filepath.Join(out, "openreferral-feed.yaml")
	// A good earlier import of four services.
	var good strings.Builder
	good.WriteString("services:\n")
	for i := range 4 {
		fmt.Fprintf(&good, "  - id: earlier-%d\n    name: Earlier %d\n    description: Kept.\n    categories: [music]\n    area: Whitby\n", i, i)
	}
	os.WriteFile(target, []byte(good.String()), 0o644)
	fifo := filepath.Join(t.TempDir(), "feed.json")
	syscall.Mkfifo(fifo, 0o644)
	cases := []struct {
		name, source, want string
	}{
		{"renamed columns", copyCSV(t, func(s string) string {
			return strings.Replace(s, "id,organization_id,name", "service_ref,organization_id,title", 1)
		}), "no id or name column"},
		{"header only", copyCSV(t, func(s string) string { return s[:strings.IndexByte(s, '\n')+1] }), "found no usable services"},
		{"nothing", copyCSV(t, func(string) string { return "" }), "found no usable services"},
		{"binary junk", copyCSV(t, func(string) string { return "\x00\x01\xff\xfe garbage \x00\x00" }), ""},
		{"far fewer", copyCSV(t, func(s string) string { return strings.Join(strings.Split(s, "\n")[:2], "\n") + "\n" }), "would go"},
		{"not a file", fifo, "not a file or a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, errOut, code := runCmd(t, "", "import", "openreferral", c.source, "--out", out, "--name", "feed")
			if code == 0 {
				t.Fatalf("exit 0, want a failure: %s", stdout)
			}
			if c.want != "" && !strings.Contains(errOut+stdout, c.want) {
				t.Errorf("message %q, want one saying %q", errOut+stdout, c.want)
			}
			if now, _ := os.ReadFile(target); string(now) != good.String() {
				t.Error("the good import was replaced")
			}
		})
	}
	// --force accepts what the checks refuse.
	few := copyCSV(t, func(s string) string { return strings.Join(strings.Split(s, "\n")[:2], "\n") + "\n" })
	if _, errOut, code := runCmd(t, "", "import", "openreferral", few, "--out", out, "--name", "feed", "--force"); code != 0 {
		t.Errorf("--force: %s", errOut)
	}
}

func TestImportAcceptsLocaleSeparatorsAndBOM(t *testing.T) {
	semi := copyCSV(t, func(s string) string {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			// Good enough for the sample: no field holds both , and ;.
			r := csv.NewReader(strings.NewReader(l))
			rec, err := r.Read()
			if err != nil {
				continue
			}
			var b strings.Builder
			w := csv.NewWriter(&b)
			w.Comma = ';'
			w.Write(rec)
			w.Flush()
			lines = append(lines, strings.TrimRight(b.String(), "\n"))
		}
		return "\ufeff" + strings.Join(lines, "\n") + "\n"
	})
	out := t.TempDir()
	if stdout, errOut, code := runCmd(t, "", "import", "openreferral", semi, "--out", out); code != 0 || !strings.Contains(stdout, "imported") {
		t.Fatalf("semicolon CSV with a BOM: exit %d %s %s", code, stdout, errOut)
	}
	raw, _ := os.ReadFile("../../openreferral/testdata/v3-page.json")
	bom := filepath.Join(t.TempDir(), "bom.json")
	os.WriteFile(bom, append([]byte("\ufeff"), raw...), 0o644)
	if stdout, errOut, code := runCmd(t, "", "import", "openreferral", bom, "--out", t.TempDir()); code != 0 {
		t.Errorf("JSON with a BOM: exit %d %s %s", code, stdout, errOut)
	}
}

// TestKeepsWhatItHad judges a new import against the file it would
// replace.
func TestKeepsWhatItHad(t *testing.T) {
	full := func(i int) knowledge.Service {
		return knowledge.Service{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("S %d", i), Description: "Weekly.", Categories: []string{"music"},
			Postcode: "YO21 1AA", Contact: &knowledge.Contact{Phone: "01947 600000", Website: "https://x.org"}}
	}
	bare := func(i int) knowledge.Service {
		return knowledge.Service{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("S %d", i)}
	}
	many := func(n int, make func(int) knowledge.Service) []knowledge.Service {
		var out []knowledge.Service
		for i := range n {
			out = append(out, make(i))
		}
		return out
	}
	var old strings.Builder
	old.WriteString("services:\n")
	for i := range 100 {
		fmt.Fprintf(&old, "  - id: s%d\n    name: S %d\n    area: Whitby\n    description: Weekly.\n    categories: [music]\n    postcode: YO21 1AA\n    contact: {phone: 01947 600000, website: https://x.org}\n", i, i)
	}
	good := old.String()
	broken := strings.Replace(good, "postcode: YO21 1AA", "postcode: LS1 1AAX", 1)
	tests := []struct {
		name     string
		existing string // "" for none
		services []knowledge.Service
		force    bool
		want     string // "" for accepted
	}{
		{"first import", "", many(3, full), false, ""},
		{"same again", good, many(100, full), false, ""},
		{"a few fewer", good, many(95, full), false, ""},
		{"half gone", good, many(51, full), false, "49 would go"},
		{"emptier", good, many(100, bare), false, "say much less"},
		{"nothing", good, nil, false, "found no usable services"},
		{"old file has one bad entry", broken, many(3, full), false, "97 would go"},
		{"emptier than a file with a bad entry", broken, many(100, bare), false, "say much less"},
		{"old file is not YAML", "services: [\n", many(3, full), false, "cannot be read as YAML"},
		{"forced", good, many(3, bare), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "openreferral-feed.yaml")
			if tt.existing != "" {
				if err := os.WriteFile(target, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := keepsWhatItHad(target, tt.services, len(tt.services), tt.force)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}
