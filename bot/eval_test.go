package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"github.com/signpost-ahp/signpost/knowledge"
)

// sharedEval is where the shared evaluation material sits beside the
// repository; a user's clone does not have it.
const sharedEval = "../../shared/eval"

func TestSharedDevCases(t *testing.T) {
	cases := filepath.Join(sharedEval, "questions-dev.yaml")
	if _, err := os.Stat(cases); err != nil {
		t.Skipf("shared evaluation cases not found at %s (they sit beside the repository on the developers' machines): %v", cases, err)
	}
	score := evaluate(t, filepath.Join(sharedEval, "kb"), cases)
	t.Log(score)
	if score.Overall < 0.95 {
		for _, m := range score.Misses {
			t.Log(m)
		}
		t.Errorf("overall %.3f on the shared dev cases, want at least 0.95", score.Overall)
	}
}

// TestExtraCases runs the developers' own cases against the shared kb: a
// check that tuning on the dev cases generalises.
func TestExtraCases(t *testing.T) {
	kb := filepath.Join(sharedEval, "kb")
	if _, err := os.Stat(kb); err != nil {
		t.Skipf("shared evaluation kb not found at %s: %v", kb, err)
	}
	score := evaluate(t, kb, "../testdata/questions-extra.yaml")
	t.Log(score)
	if score.Overall < 0.9 {
		for _, m := range score.Misses {
			t.Log(m)
		}
		t.Errorf("overall %.3f on the extra cases, want at least 0.9", score.Overall)
	}
}

func evaluate(t *testing.T, dir, casesPath string) evaluation.Score {
	t.Helper()
	a := builtinOr(t, dir)
	f, err := os.Open(casesPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := evaluation.ReadCases(f)
	if err != nil {
		t.Fatal(err)
	}
	score, err := evaluation.Run(context.Background(), cases, evaluation.Ask(a))
	if err != nil {
		t.Fatal(err)
	}
	return score
}

// builtinOr builds an Answerer over dir, or the built-in knowledge when
// dir is "".
func builtinOr(t testing.TB, dir string) *bot.Answerer {
	t.Helper()
	fsys := knowledge.Builtin()
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	kb, err := knowledge.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	a, err := bot.FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Index().Close() })
	return a
}

// TestConversationCases holds the follow-up share on the developers'
// conversation cases, on both shared kbs, at the target: a rule
// that lifts one kb and drops the other fails here.
func TestConversationCases(t *testing.T) {
	for _, tc := range []struct{ kb, cases string }{
		{"kb", "../testdata/conversations-kb.yaml"},
		{"kb-b", "../testdata/conversations-kbb.yaml"},
	} {
		t.Run(tc.kb, func(t *testing.T) {
			dir := filepath.Join(sharedEval, tc.kb)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("shared evaluation kb not found at %s: %v", dir, err)
			}
			f, err := os.Open(tc.cases)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cs, err := evaluation.ReadConversations(f)
			if err != nil {
				t.Fatal(err)
			}
			score, err := evaluation.RunConversations(context.Background(), builtinOr(t, dir), cs)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(score)
			if got := float64(score.FollowRight) / float64(score.FollowUps); got < 0.9 {
				for _, m := range score.Misses {
					t.Log(m)
				}
				t.Errorf("follow-ups right %.3f, want at least 0.90", got)
			}
		})
	}
}
