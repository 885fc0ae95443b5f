package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecisionIsCurrent refits the built-in decision from the training
// sets and compares it with bot/decision.tsv: a change to what is measured
// or to the sets must come with the refitted weights (go test
// ./cmd/signpost -run TestDecisionIsCurrent -update writes them).
func TestDecisionIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the decision five times")
	}
	t.Chdir("../..")
	out := filepath.Join(t.TempDir(), "decision.tsv")
	stdout, stderr, code := runCmd(t, "", "fit", "--write", out)
	if code != 0 {
		t.Fatalf("signpost fit: exit %d: %s", code, stderr)
	}
	for _, set := range trainingSets {
		if !strings.Contains(stdout, set) {
			t.Errorf("the report does not name the training set %s:\n%s", set, stdout)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	const builtin = "bot/decision.tsv"
	if *update {
		if err := os.WriteFile(builtin, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(builtin)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is not what the training sets fit; run go test ./cmd/signpost -run TestDecisionIsCurrent -update and review the diff", builtin)
	}
}

func TestFitRefusesBadSets(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"fit", "../../testdata/kb-d"}, "want KNOWLEDGE=CASES"},
		{[]string{"fit", "../../testdata/kb-d=nowhere.yaml"}, "evaluation cases"},
		{[]string{"fit", "nowhere=../../testdata/questions-d.yaml"}, "nowhere"},
	} {
		_, stderr, code := runCmd(t, "", tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("signpost %s: exit %d, %q; want a failure saying %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}
