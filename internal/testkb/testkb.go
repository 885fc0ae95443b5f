// Package testkb builds Answerers for tests: on a knowledge directory, or
// the built-in knowledge, closed when the test ends.
package testkb

import (
	"context"
	"os"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

// Answerer answers from the knowledge in dir, or the built-in knowledge
// when dir is "", and fails the test if it cannot be built.
func Answerer(t testing.TB, dir string) *answer.Answerer {
	t.Helper()
	fsys := knowledge.Builtin()
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	kb, err := knowledge.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	a, err := answer.FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Index().Close() })
	return a
}
