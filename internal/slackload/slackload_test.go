package slackload

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/knowledge"
)

// TestLoad sends 300 signed mentions at 150 a second: every one must be
// acknowledged and answered, and acknowledgements stay well inside Slack's
// 3 seconds. `signpost slack-load` runs the full 1,000 at 100 a second.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	kb, err := knowledge.Load(os.DirFS("../../testdata/kb"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := bot.FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), a, Options{Events: 300, Rate: 150, Questions: []string{"what's a village agent?", "befriending in Whitby", "tell me a joke"}, Wait: 20 * time.Second})
	t.Log(rep)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Acked != 300 || rep.Delivered != 300 || rep.Rejected != 0 || rep.Refused != 0 {
		t.Errorf("lost events: %s", rep)
	}
	if rep.AckP99 > 50*time.Millisecond {
		t.Errorf("ack p99 %s, want under 50ms", rep.AckP99)
	}
}
