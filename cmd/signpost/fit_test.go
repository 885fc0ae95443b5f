package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDecisionIsCurrent refits the built-in decision from the training
// sets and compares it with answer/decision.tsv: a change to what is measured
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
	// Each training set scored left out of the fit (fitted on the other
	// knowledge bases) holds its floor: a change that fits the sets it
	// is trained on but not a base it has not seen fails here.
	leftOut := map[string]float64{
		"testdata/kb-d=testdata/questions-d.yaml":     0.85,
		"testdata/kb-e=testdata/questions-e.yaml":     0.89,
		"builtin=testdata/questions-builtin.yaml":     0.63,
		"testdata/kb-d=testdata/conversations-d.yaml": 0.80,
		"testdata/kb-e=testdata/conversations-e.yaml": 0.83,
		"testdata/kb-f=testdata/questions-f.yaml":     0.73,
		"testdata/kb-f=testdata/conversations-f.yaml": 0.69,
		"testdata/kb-g=testdata/questions-g.yaml":     0.78,
		"testdata/kb-g=testdata/conversations-g.yaml": 0.74,
		"testdata/kb-h=testdata/questions-h.yaml":     0.75,
		"testdata/kb-h=testdata/conversations-h.yaml": 0.76,
	}
	for _, set := range trainingSets {
		var figure float64
		for _, line := range strings.Split(stdout, "\n") {
			f := strings.Fields(line)
			if len(f) >= 5 && f[0] == set {
				figure, _ = strconv.ParseFloat(f[4], 64)
			}
		}
		if floor, ok := leftOut[set]; !ok || figure < floor {
			t.Errorf("%s left out of the fit: %.3f, want at least %.2f:\n%s", set, figure, floor, stdout)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	const builtin = "answer/decision.tsv"
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
		{[]string{"fit", "=../../testdata/questions-d.yaml"}, "want KNOWLEDGE=CASES"},
		{[]string{"fit", "../../testdata/kb-d=../../testdata/questions-d.yaml", "../../testdata/kb-d/=../../testdata/conversations-d.yaml"}, "no other knowledge base"},
	} {
		_, stderr, code := runCmd(t, "", tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("signpost %s: exit %d, %q; want a failure saying %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}

// TestReadLabelled: a file of cases and a file of conversations are told
// apart by their shape, not by a question left empty.
func TestReadLabelled(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want []string // each case's question, "<" and the turns before it
	}{
		{"- q: what is a PCN\n  expect: [pcn]\n- q: \"\"\n  expect: []\n", []string{"what is a PCN", ""}},
		{"- note: a thread\n  turns:\n    - q: befriending in Whitby\n      expect: [b]\n    - q: is it free?\n      expect: [b]\n",
			[]string{"befriending in Whitby", "is it free? < befriending in Whitby"}},
	} {
		cases, err := readLabelled(strings.NewReader(tc.yaml), "kb")
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		var got []string
		for _, c := range cases {
			s := c.Q
			if len(c.Before) > 0 {
				s += " < " + strings.Join(c.Before, " | ")
			}
			got = append(got, s)
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("read %q as %q, want %q", tc.yaml, got, tc.want)
		}
	}
}
