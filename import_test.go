package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportAndAnswer imports Open Referral samples of each generation into
// a knowledge directory, validates it, and asks about an imported service.
func TestImportAndAnswer(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"openreferral/testdata/v1-page.json", "openreferral/testdata/v3-page.json", "openreferral/testdata/csv"} {
		out, errOut, code := runCmd(t, "", "import", "openreferral", src, "--out", dir)
		if code != 0 {
			t.Fatalf("import %s: exit %d\n%s%s", src, code, out, errOut)
		}
	}
	out, _, _ := runCmd(t, "", "import", "openreferral", "openreferral/testdata/v1-page.json", "--out", dir)
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
		if _, errOut, code := runCmd(t, "", "import", "openreferral", "openreferral/testdata/v1-page.json", "--out", dir); code != 0 {
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
