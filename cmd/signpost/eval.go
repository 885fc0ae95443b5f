package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
)

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "eval", "--knowledge DIR [--show-misses] CASES.yaml")
	dir := fs.String("knowledge", "", "knowledge `directory` the cases are written against (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	misses := fs.Bool("show-misses", false, "list the cases answered wrongly")
	conversations := fs.Bool("conversations", false, "CASES.yaml holds conversations (name, turns of q/expect/note): score first turns and follow-ups")
	decision := fs.String("decision", "", "decide whether to answer by this decision `file` (as answer/decision.tsv), or by the old thresholds with hand-set; default the built-in one")
	styles := fs.Bool("styles", false, "also score each style of case (the word before the colon of each case's note), and urgent help on crisis cases")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return exitError{code: 2, msg: "signpost eval: name one file of cases, as in 'signpost eval --knowledge testdata/kb-d testdata/questions-d.yaml'."}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("evaluation cases: %w", err)
	}
	defer f.Close()
	if *conversations {
		return evalConversations(ctx, e, f, pos[0], *dir, *indexDir, *decision, *misses)
	}
	cases, err := evaluation.ReadCases(f)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		return err
	}
	if a, err = withDecision(a, *decision); err != nil {
		return err
	}
	batchGC()
	score, err := evaluation.Run(ctx, cases, evaluation.Ask(a))
	if err != nil {
		return err
	}
	if *misses {
		for _, m := range score.Misses {
			fmt.Fprintln(e.stdout, m)
		}
	}
	fmt.Fprintln(e.stdout, score)
	if *styles {
		for _, st := range score.Styles {
			fmt.Fprintf(e.stdout, "  %-16s %s\n", st.Style, st.Score)
		}
		fmt.Fprintf(e.stdout, "  urgent: %d of %d crisis cases led with urgent help; %d other cases did\n", score.CrisisUrgent, score.Crisis, score.FalseAlarms)
	}
	return nil
}

func evalConversations(ctx context.Context, e env, f *os.File, name, dir, indexDir, decision string, misses bool) error {
	cs, err := evaluation.ReadConversations(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	a, err := newAnswerer(ctx, dir, indexDir)
	if err != nil {
		return err
	}
	if a, err = withDecision(a, decision); err != nil {
		return err
	}
	if dir != "" {
		cs = evaluation.For(cs, filepath.Base(filepath.Clean(dir)))
	}
	score, err := evaluation.RunConversations(ctx, a, cs)
	if err != nil {
		return err
	}
	if misses {
		for _, m := range score.Misses {
			fmt.Fprintln(e.stdout, m)
		}
	}
	fmt.Fprintln(e.stdout, score)
	for _, k := range score.Kinds() {
		n := score.ByKind[k]
		fmt.Fprintf(e.stdout, "  %-16s %d/%d\n", k, n[0], n[1])
	}
	return nil
}

// withDecision makes a decide by the decision file given to --decision:
// the built-in one when none is, the old thresholds for "hand-set".
func withDecision(a *answer.Answerer, path string) (*answer.Answerer, error) {
	switch path {
	case "":
		return a, nil
	case "hand-set":
		return a.WithDecision(nil), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	d, err := answer.ParseDecision(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a.WithDecision(d), nil
}
