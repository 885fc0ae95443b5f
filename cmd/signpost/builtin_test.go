package main

import (
	"context"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/plaintext"
)

// The index the binary carries answers every question as an index built
// from the YAML does, reply for reply.
func TestBuiltinIndexAnswersAsBuilt(t *testing.T) {
	ctx := context.Background()
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	built, err := answer.FromKnowledge(ctx, kb)
	if err != nil {
		t.Fatal(err)
	}
	carried, err := newAnswerer(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, file := range []string{"../../testdata/questions-builtin.yaml", "../../testdata/questions-extra.yaml"} {
		cases, err := evaluation.ReadCasesFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			want, err := built.Answer(ctx, c.Q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := carried.Answer(ctx, c.Q)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := plaintext.Render(got), plaintext.Render(want); g != w {
				t.Errorf("%q:\ncarried index: %s\nbuilt index:   %s", c.Q, g, w)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d questions compared", n)
	}
}
