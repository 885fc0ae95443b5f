package console

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

func answerer(t *testing.T) *answer.Answerer {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	a, err := answer.FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRun(t *testing.T) {
	a := answerer(t)
	tests := []struct {
		name        string
		in          string
		interactive bool
		want        []string // in this order
		notWant     []string
	}{
		{name: "one question piped", in: "what's a village agent?\n",
			want: []string{"link worker"}, notWant: []string{"> ", "Signpost: ask"}},
		{name: "greeting and prompt on a terminal", in: "what's a village agent?\n", interactive: true,
			want: []string{"Signpost: ask", "> ", "link worker", "> "}},
		{name: "quit ends the conversation", in: "quit\nwhat's a village agent?\n",
			notWant: []string{"link worker"}},
		{name: "blank lines are skipped", in: "\n   \n\n",
			notWant: []string{"Sorry", "Did you mean"}},
		{name: "no final newline", in: "what's a village agent?",
			want: []string{"link worker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Run(context.Background(), a, strings.NewReader(tt.in), &out, tt.interactive); err != nil {
				t.Fatalf("Run: %v", err)
			}
			got := strings.ToLower(out.String())
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, strings.ToLower(w))
				if i < 0 {
					t.Fatalf("output lacks %q (in order):\n%s", w, out.String())
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, strings.ToLower(w)) {
					t.Errorf("output has %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestRunSaysWhyItStopped: a line too long to read ends the conversation
// with an error that says so, not silence.
func TestRunSaysWhyItStopped(t *testing.T) {
	var out bytes.Buffer
	err := Run(context.Background(), answerer(t), strings.NewReader(strings.Repeat("a", 2<<20)+"\n"), &out, false)
	if err == nil || !strings.Contains(err.Error(), "reading input") {
		t.Fatalf("err = %v, want one about reading input", err)
	}
}
