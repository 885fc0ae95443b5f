package answer

import (
	"context"
	"testing"
)

// TestFollowRules runs each follow-up rule's examples: asked after the
// message before, on the test knowledge, the rule itself makes the
// reply, so a rule can be changed and tested alone.
func TestFollowRules(t *testing.T) {
	ctx := context.Background()
	a := answererOn(t, "../testdata/kb")
	names := map[string]bool{}
	for _, rule := range followRules {
		if names[rule.name] {
			t.Errorf("two rules are called %s", rule.name)
		}
		names[rule.name] = true
		if len(rule.examples) == 0 {
			t.Errorf("rule %s has no examples", rule.name)
		}
		for _, ex := range rule.examples {
			_, prev, err := a.Continue(ctx, nil, ParseCommand(ex.before))
			if err != nil {
				t.Fatal(err)
			}
			got, r, err := a.followRule(ctx, prev, a.receive(ex.message))
			if err != nil {
				t.Fatal(err)
			}
			if got != rule.name {
				t.Errorf("rule %s: %q after %q was read by rule %q (reply %s)", rule.name, ex.message, ex.before, got, r.Kind)
			}
		}
	}
}

// TestFollowUpsKeepRiskHelp: a sign of risk in a follow-up keeps the help
// beside the answer, whichever rule makes it.
func TestFollowUpsKeepRiskHelp(t *testing.T) {
	ctx := context.Background()
	a := answererOn(t, "../testdata/kb")
	for _, msg := range []string{"is it free? she's had enough", "how do I refer to them? he says there's no point any more"} {
		_, prev, err := a.Continue(ctx, nil, ParseCommand("befriending in Whitby"))
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := a.Continue(ctx, prev, ParseCommand(msg))
		if err != nil {
			t.Fatal(err)
		}
		if r.Urgent == nil && r.Possible == nil {
			t.Errorf("%q after befriending in Whitby: no help for the sign of risk (reply %s)", msg, r.Kind)
		}
	}
}
