package answer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
)

// TestNewcomersMessages: the short messages a newcomer sends first get
// what they ask for, on the built-in knowledge: a term named with a
// definition word after it, a misspelt frame, a greeting, a request for
// help. A long question that happens to say "meaning" is not a definition.
func TestNewcomersMessages(t *testing.T) {
	a := builtinOr(t, "")
	ctx := context.Background()
	for _, c := range []struct {
		msg  string
		kind answer.ReplyKind
		top  string // the entry first, "" for none
	}{
		{"VCSE meaning", answer.ReplyAnswer, "vcse-sector"},
		{"PCN stands for?", answer.ReplyAnswer, "primary-care-network"},
		{"wots VCSE", answer.ReplyAnswer, "vcse-sector"},
		{"hi there", answer.ReplyGreeting, ""},
		{"hiya, is this thing on?", answer.ReplyGreeting, ""}, // only words that say little: not Good Things Foundation
		{"morning all", answer.ReplyGreeting, ""},
		{"what can you do?", answer.ReplyHelp, ""},
		{"What sort of things can I ask you?", answer.ReplyHelp, ""},
		{"help", answer.ReplyHelp, ""},
		{"hi, what can you do?", answer.ReplyHelp, ""},
		{"how do I refer to a link worker, what can you do to help?", answer.ReplyAnswer, ""},
	} {
		r, err := a.Answer(ctx, c.msg)
		if err != nil {
			t.Fatal(err)
		}
		top := ""
		if len(r.Results) > 0 && r.Answered {
			top = r.Results[0].ID
		}
		if r.Kind != c.kind || c.top != "" && top != c.top {
			t.Errorf("%q: %s %q, want %s %q", c.msg, r.Kind, top, c.kind, c.top)
		}
	}
}

// TestHelpExamples: the welcome's examples answer on the built-in
// knowledge (the place one with a place put in).
func TestHelpExamples(t *testing.T) {
	a := builtinOr(t, "")
	ctx := context.Background()
	var n int
	for _, line := range strings.Split(answer.HelpText, "\n") {
		ex, ok := strings.CutPrefix(strings.TrimSpace(line), "• ")
		if !ok {
			continue
		}
		n++
		ex = strings.ReplaceAll(ex, "<town or postcode district>", "Leeds")
		r, err := a.Answer(ctx, ex)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Answered && !r.OffersServices() {
			t.Errorf("the welcome's example %q is not answered (%s)", ex, r.Kind)
		}
	}
	if n != 3 {
		t.Errorf("the welcome has %d examples, want 3", n)
	}
}
