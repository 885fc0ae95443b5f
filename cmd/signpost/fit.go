package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"github.com/signpost-ahp/signpost/safefile"
)

// trainingSets are the labelled cases answer/decision.tsv is fitted on, as
// KNOWLEDGE=CASES from the repository's root ("builtin" is the built-in
// knowledge): sets written blind by reviewers who never saw the code, on
// knowledge bases of different areas, topics and authoring styles.
var trainingSets = []string{
	"testdata/kb-d=testdata/questions-d.yaml",
	"testdata/kb-e=testdata/questions-e.yaml",
	"builtin=testdata/questions-builtin.yaml",
	"testdata/kb-d=testdata/conversations-d.yaml",
	"testdata/kb-e=testdata/conversations-e.yaml",
	"testdata/kb-f=testdata/questions-f.yaml",
	"testdata/kb-f=testdata/conversations-f.yaml",
	"testdata/kb-g=testdata/questions-g.yaml",
	"testdata/kb-g=testdata/conversations-g.yaml",
	"testdata/kb-h=testdata/questions-h.yaml",
	"testdata/kb-h=testdata/conversations-h.yaml",
}

// decisionHeader heads a written decision.tsv.
const decisionHeader = `Whether Signpost answers, and with which entry: a logistic model over what is
measured of each candidate entry (see answer/decision.go for what each feature is).
Fitted by "go run ./cmd/signpost fit --write answer/decision.tsv" on:`

func runFit(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "fit", "[--write FILE] [--score KNOWLEDGE=CASES]... [KNOWLEDGE=CASES...]")
	write := fs.String("write", "", "write the fitted decision to this `file` (answer/decision.tsv is the built-in one)")
	changes := fs.Bool("show-changes", false, "list the questions the left-out fit gets right and the hand-set decision wrong (+), and the other way round (-)")
	misses := fs.Bool("show-misses", false, "list the questions the left-out fit gets wrong, and why")
	var score listFlag
	fs.Var(&score, "score", "also score, never fit on, the cases in `KNOWLEDGE=CASES` (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = trainingSets
	}
	var sets []answer.LabelledSet
	for i, spec := range append(pos, score...) {
		s, err := labelledSet(ctx, spec)
		if err != nil {
			return err
		}
		s.Train = i < len(pos)
		sets = append(sets, s)
	}
	d, report, err := answer.Fit(ctx, sets)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "knowledge\tcases\tfitted on\thand-set\tleft out of the fit\tfitted on all\tbest possible")
	for _, r := range report {
		on := "no"
		if r.Trained {
			on = "yes"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.3f\t%.3f\t%.3f\t%.3f\n", r.Name, r.Cases, on, r.HandSet, r.LeftOut, r.Final, r.Best)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *changes {
		for _, r := range report {
			fmt.Fprintf(e.stdout, "\n%s:\n", r.Name)
			for _, q := range r.Gained {
				fmt.Fprintf(e.stdout, "  + %q\n", q)
			}
			for _, q := range r.Lost {
				fmt.Fprintf(e.stdout, "  - %q\n", q)
			}
		}
	}
	if *misses {
		for _, r := range report {
			fmt.Fprintf(e.stdout, "\n%s, left out:\n", r.Name)
			for _, m := range r.Misses {
				fmt.Fprintf(e.stdout, "  %s\n", m)
			}
		}
	}
	if *write == "" {
		fmt.Fprint(e.stdout, "\nthe decision (not written; --write FILE keeps it):\n", string(d.Format("")))
		return nil
	}
	header := decisionHeader + "\n  " + strings.Join(pos, "\n  ") +
		"\nEach scored left out of the fit (fitted on the other knowledge bases), overall:"
	for _, r := range report {
		if r.Trained {
			header += fmt.Sprintf("\n  %s: %.3f (hand-set thresholds %.3f)", r.Name, r.LeftOut, r.HandSet)
		}
	}
	if err := safefile.Write(*write, d.Format(header), 0o644); err != nil {
		return fmt.Errorf("writing the decision: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", *write)
	return nil
}

// labelledSet reads KNOWLEDGE=CASES.
func labelledSet(ctx context.Context, spec string) (answer.LabelledSet, error) {
	dir, casesPath, ok := strings.Cut(spec, "=")
	if !ok || casesPath == "" || dir == "" {
		return answer.LabelledSet{}, fmt.Errorf("%q: want KNOWLEDGE=CASES, a knowledge directory (or builtin) and a cases file", spec)
	}
	if dir != "builtin" {
		dir = filepath.Clean(dir) // "kb-d/" is "kb-d": sets on one base are left out together
	}
	f, err := os.Open(casesPath)
	if err != nil {
		return answer.LabelledSet{}, fmt.Errorf("evaluation cases (the default sets are paths from the repository's root): %w", err)
	}
	defer f.Close()
	cases, err := readLabelled(f, filepath.Base(filepath.Clean(dir)))
	if err != nil {
		return answer.LabelledSet{}, fmt.Errorf("%s: %w", casesPath, err)
	}
	kbDir := dir
	if dir == "builtin" {
		kbDir = ""
	}
	a, err := newAnswerer(ctx, kbDir, "")
	if err != nil {
		return answer.LabelledSet{}, err
	}
	return answer.LabelledSet{Name: spec, Knowledge: dir, Answerer: a, Cases: cases}, nil
}

// readLabelled reads evaluation cases, or conversations (a list of turns
// each): every turn is a case, with the turns before it as its context.
func readLabelled(f io.ReadSeeker, kb string) ([]answer.Labelled, error) {
	// Conversations are a list of items with turns; cases, of questions.
	var items []map[string]any
	if err := yaml.NewDecoder(f).Decode(&items); err != nil {
		return nil, fmt.Errorf("reading cases: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	var out []answer.Labelled
	if !slices.ContainsFunc(items, func(it map[string]any) bool { return it["turns"] != nil }) {
		cases, err := evaluation.ReadCases(f)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			out = append(out, answer.Labelled{Q: c.Q, Expect: c.Expect})
		}
		return out, nil
	}
	cs, err := evaluation.ReadConversations(f)
	if err != nil {
		return nil, err
	}
	for _, c := range evaluation.For(cs, kb) {
		var before []string
		for _, t := range c.Turns {
			out = append(out, answer.Labelled{Q: t.Q, Expect: t.Expect, Before: slices.Clone(before)})
			before = append(before, t.Q)
		}
	}
	return out, nil
}

// listFlag is a flag given once per value.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
