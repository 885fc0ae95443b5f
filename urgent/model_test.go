package urgent

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "retrain model.tsv from the training sets")

// trainingSet is a file of messages the model learns from.
type trainingSet struct {
	name     string
	examples []example
}

// trainingSets reads the sets the model learns from: the reviewers' risk
// sets (risk and look-alike messages) and ordinary questions written for
// other tests (no risk). A case of a question set whose note says it is
// about a crisis is left out: it is neither kind for sure.
func trainingSets(t testing.TB) []trainingSet {
	t.Helper()
	var files []string
	// The sets are named one by one where a later file would match: the
	// model's figures are for what it learnt from, and a new set changes
	// it only when it is added here on purpose.
	for _, glob := range []string{"risk-blind-[a-g].yaml", "urgent-heldout*.yaml", "privacy-blind-2.yaml", "privacy-blind.yaml",
		"questions-extra.yaml", "questions-fresh-kb.yaml", "questions-fresh-kbb.yaml", "ordinary-stories.yaml"} {
		m, err := filepath.Glob(filepath.Join("..", "testdata", glob))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 15 {
		t.Fatalf("want the training sets in ../testdata, found %d files", len(files))
	}
	var sets []trainingSet
	for _, f := range files {
		cases := readRiskCases(t, f)
		s := trainingSet{name: strings.TrimSuffix(filepath.Base(f), ".yaml")}
		for _, c := range cases {
			if c.Q == "" || strings.HasPrefix(c.Note, "crisis") {
				continue
			}
			s.examples = append(s.examples, example{words: Words(c.Q), risk: c.Urgent})
		}
		sets = append(sets, s)
	}
	return sets
}

func allExamples(sets []trainingSet) []example {
	var all []example
	for _, s := range sets {
		all = append(all, s.examples...)
	}
	return all
}

// TestModelIsCurrent: model.tsv is what training on the sets gives, so
// the weights can always be traced to the messages they came from.
func TestModelIsCurrent(t *testing.T) {
	got := train(allExamples(trainingSets(t))).tsv()
	if *update {
		if err := os.WriteFile("model.tsv", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != modelTSV {
		t.Error("model.tsv is not what the training sets give: run go test ./urgent -run TestModelIsCurrent -update")
	}
}

// TestModelGeneralises trains the model with each reviewer's risk set
// left out in turn and reads that set with the rules and that model, as
// a set nobody has seen would be read. The floors are the figures when
// the model was made (clear risk found, either tier found, look-alikes
// read as clear risk): a change to the features, the training or the
// thresholds may raise them, never lower them.
func TestModelGeneralises(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model seven times")
	}
	d := detector(t)
	sets := trainingSets(t)
	floors := map[string]struct {
		clear, either float64
		alarms        int
	}{
		"risk-blind-c": {0.95, 1.00, 4},
		"risk-blind-d": {0.95, 0.98, 5},
		"risk-blind-e": {0.92, 0.97, 8},
		"risk-blind-f": {0.92, 0.96, 16},
		"risk-blind-g": {0.92, 0.98, 14},
	}
	for _, held := range sets {
		floor, ok := floors[held.name]
		if !ok {
			continue
		}
		var rest []example
		for _, s := range sets {
			if s.name != held.name {
				rest = append(rest, s.examples...)
			}
		}
		loo := *d
		loo.model = train(rest)
		risk, clear, either, alarms := readAll(&loo, readRiskCases(t, filepath.Join("..", "testdata", held.name+".yaml")))
		c, e := float64(clear)/float64(risk), float64(either)/float64(risk)
		t.Logf("%s left out: clear %.3f, either %.3f, look-alikes read as clear %d", held.name, c, e, alarms)
		if c < floor.clear || e < floor.either || alarms > floor.alarms {
			t.Errorf("%s left out: clear %.3f (floor %.2f), either %.3f (floor %.2f), alarms %d (ceiling %d)",
				held.name, c, floor.clear, e, floor.either, alarms, floor.alarms)
		}
	}
}

// TestFeatureHashesAreTheFeatures: the hashed features a message is read
// with are exactly the hashes of the features the model was trained on.
func TestFeatureHashesAreTheFeatures(t *testing.T) {
	for _, msg := range []string{
		"she's taken the whole box of paracetamol and said goodbye",
		"pt very low since her husband died, wondering about bereavement groups",
		"Überdose? ça va… 😂 overdosing overdosed",
		"",
	} {
		ws := Words(msg)
		var want []uint64
		for _, f := range features(ws) {
			want = append(want, hashString(f))
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := featureHashes(ws); !slices.Equal(got, want) {
			t.Errorf("%q: hashed %d features, want %d", msg, len(got), len(want))
		}
	}
}
