package report

import (
	"fmt"
	"io"
	"time"

	"gopkg.in/yaml.v3"
)

// LabelledCase is a question with the entry people said answers it, in
// the evaluation cases' format (q, expect, note), for `signpost fit`.
type LabelledCase struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	Note   string   `yaml:"note"`
}

// Cases are what a deployment has learnt of its own wording: each gap a
// champion linked to an entry ("same as…"), and each answer marked 👍,
// as a case whose answer is that entry. A 👎 says only what is not the
// answer, which a case cannot say, so it is left out. Questions are as
// stored: already redacted.
func Cases(src Source, since time.Time) ([]LabelledCase, error) {
	gaps, err := src.Gaps(true)
	if err != nil {
		return nil, fmt.Errorf("reading gaps: %w", err)
	}
	seen := map[string]bool{}
	var out []LabelledCase
	add := func(q, entry, note string) {
		if q == "" || entry == "" || seen[q] {
			return
		}
		seen[q] = true
		out = append(out, LabelledCase{Q: q, Expect: []string{entry}, Note: note})
	}
	for _, g := range gaps {
		if g.Linked != "" && !g.LinkedAt.Before(since) {
			add(g.Question, g.Linked, "linked: a champion linked this wording")
		}
	}
	fb, err := src.FeedbackSince(since)
	if err != nil {
		return nil, fmt.Errorf("reading feedback: %w", err)
	}
	for _, f := range fb {
		if f.Helpful {
			add(f.Question, f.EntryID, "feedback: marked helpful")
		}
	}
	return out, nil
}

// WriteCases writes cases as YAML.
func WriteCases(w io.Writer, cases []LabelledCase) error {
	fmt.Fprintf(w, "# Labelled by this deployment's champions and users (signpost report --cases).\n")
	if len(cases) == 0 {
		_, err := fmt.Fprintln(w, "[]")
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(cases); err != nil {
		return fmt.Errorf("writing cases: %w", err)
	}
	return enc.Close()
}
