package answer_test

import (
	"context"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"github.com/signpost-ahp/signpost/internal/testkb"
)

// TestBlindSets holds the blind sets in testdata at their floors: a
// change that loses cases on one knowledge base fails here, whatever it
// gains on another. (The shared fixtures beside the repository are scored
// by "signpost eval" and "signpost fit --score"; a clone does not have
// them, so no test needs them.)
func TestBlindSets(t *testing.T) {
	for _, tc := range []struct {
		name, kb, cases string
		floor           float64
	}{
		{"kb-d", "../testdata/kb-d", "../testdata/questions-d.yaml", 0.85},
		{"kb-e", "../testdata/kb-e", "../testdata/questions-e.yaml", 0.89},
		{"built-in", "", "../testdata/questions-builtin.yaml", 0.66},
		{"kb-f", "../testdata/kb-f", "../testdata/questions-f.yaml", 0.73},
		{"kb-g", "../testdata/kb-g", "../testdata/questions-g.yaml", 0.78},
		{"kb-h", "../testdata/kb-h", "../testdata/questions-h.yaml", 0.75},
		{"kb-i", "../testdata/kb-i", "../testdata/questions-i.yaml", 0.78},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score := evaluate(t, tc.kb, tc.cases)
			t.Log(score)
			if score.Overall < tc.floor {
				for _, m := range score.Misses {
					t.Log(m)
				}
				t.Errorf("overall %.3f, want at least %.2f", score.Overall, tc.floor)
			}
		})
	}
}

func evaluate(t *testing.T, dir, casesPath string) evaluation.Score {
	t.Helper()
	a := builtinOr(t, dir)
	cases, err := evaluation.ReadCasesFile(casesPath)
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
func builtinOr(t testing.TB, dir string) *answer.Answerer { return testkb.Answerer(t, dir) }

// TestConversationCases holds the follow-ups of the blind conversation
// sets at their floors.
func TestConversationCases(t *testing.T) {
	for _, tc := range []struct {
		kb, cases string
		floor     float64
	}{
		{"../testdata/kb-d", "../testdata/conversations-d.yaml", 0.78},
		{"../testdata/kb-e", "../testdata/conversations-e.yaml", 0.78},
		{"../testdata/kb-f", "../testdata/conversations-f.yaml", 0.77},
		{"../testdata/kb-g", "../testdata/conversations-g.yaml", 0.69},
		{"../testdata/kb-h", "../testdata/conversations-h.yaml", 0.73},
		{"../testdata/kb-i", "../testdata/conversations-i.yaml", 0.69},
	} {
		t.Run(tc.cases, func(t *testing.T) {
			cs, err := evaluation.ReadConversationsFile(tc.cases)
			if err != nil {
				t.Fatal(err)
			}
			score, err := evaluation.RunConversations(context.Background(), builtinOr(t, tc.kb), cs)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(score)
			if got := float64(score.FollowRight) / float64(score.FollowUps); got < tc.floor {
				for _, m := range score.Misses {
					t.Log(m)
				}
				t.Errorf("follow-ups right %.3f, want at least %.2f", got, tc.floor)
			}
		})
	}
}
