package index

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

func searchFor(t *testing.T, ix *Index, q string) []Hit {
	t.Helper()
	ctx := context.Background()
	an, err := ix.Analyse(ctx, ix.Light(q))
	if err != nil {
		t.Fatal(err)
	}
	hits, _, err := ix.Search(ctx, Query{Analysis: an, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestWithFAQMatchesARebuild checks that adding or editing an entry in
// place judges questions exactly as building the edited knowledge afresh.
func TestWithFAQMatchesARebuild(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	added := knowledge.FAQ{ID: "whitby-newsletter", Question: "Is there a Whitby social prescribing newsletter?",
		AlsoAsked: []string{"link worker bulletin"}, Answer: "Yes, monthly from the Esk Valley team.", Tags: []string{"newsletter"}}
	edited := kb.FAQs[0]
	edited.Answer = "Rewritten: ask the practice's care coordinator about a bulletin."

	tests := []struct {
		name string
		f    knowledge.FAQ
	}{
		{"add", added},
		{"edit", edited},
	}
	questions := []string{"whitby newsletter", "link worker bulletin", "care coordinator bulletin", "what is social prescribing", "how do I refer to a link worker"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := buildIndex(t, kb)
			patched, err := base.WithFAQ(context.Background(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			fresh := *kb
			fresh.FAQs = slices.Clone(kb.FAQs)
			if i := slices.IndexFunc(fresh.FAQs, func(f knowledge.FAQ) bool { return f.ID == tt.f.ID }); i >= 0 {
				fresh.FAQs[i] = tt.f
			} else {
				fresh.FAQs = append(fresh.FAQs, tt.f)
			}
			rebuilt := buildIndex(t, &fresh)
			for _, q := range questions {
				got, want := searchFor(t, patched, q), searchFor(t, rebuilt, q)
				if len(got) == 0 || len(want) == 0 || got[0].ID != want[0].ID ||
					math.Abs(got[0].Coverage-want[0].Coverage) > 1e-9 || math.Abs(got[0].HeadCoverage-want[0].HeadCoverage) > 1e-9 {
					t.Errorf("%q: patched top %+v, rebuilt top %+v", q, first(got), first(want))
				}
			}
			e, ok := patched.Entry(tt.f.ID)
			if !ok || e.FAQ.Answer != tt.f.Answer {
				t.Errorf("patched entry = %+v, %v", e.FAQ, ok)
			}
			if len(patched.Knowledge().FAQs) != len(fresh.FAQs) {
				t.Errorf("patched knowledge has %d FAQs, want %d", len(patched.Knowledge().FAQs), len(fresh.FAQs))
			}
			// The index it came from still describes the old knowledge.
			if len(base.Knowledge().FAQs) != len(kb.FAQs) || base.Knowledge().FAQs[0].Answer != kb.FAQs[0].Answer {
				t.Error("WithFAQ changed the knowledge of the index it came from")
			}
		})
	}
}

func first(hits []Hit) Hit {
	if len(hits) == 0 {
		return Hit{}
	}
	return hits[0]
}

func TestWithFAQRefusesAnotherKindsID(t *testing.T) {
	ix := builtinIndex(t)
	term := ix.Knowledge().Terms[0]
	if _, err := ix.WithFAQ(context.Background(), knowledge.FAQ{ID: term.ID, Question: "Q?", Answer: "A."}); err == nil {
		t.Errorf("an FAQ took the id of term %q", term.ID)
	}
}
