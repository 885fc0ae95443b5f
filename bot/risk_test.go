package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/bot"
)

// TestRiskTiersAndTheFooter: clear risk leads with help, possible risk
// keeps the answer with help beside it, and a reply that does not answer
// ends with a line of urgent help, in the terminal as in Slack.
func TestRiskTiersAndTheFooter(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	ctx := context.Background()
	for _, c := range []struct {
		msg            string
		urgent, possib bool
		footer         bool
	}{
		{"tell me a joke", false, false, true},
		{"what is social prescribing?", false, false, false},
		{"hello", false, false, false},
		{"she said she's going to step in front of a train tonight", true, false, false},
		{"she's had enough, is there befriending in Whitby?", false, true, false},
	} {
		r, err := a.Answer(ctx, c.msg)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Urgent != nil) != c.urgent || (r.Possible != nil) != c.possib || (r.Safety != "") != c.footer {
			t.Errorf("%q: urgent %v possible %v footer %q", c.msg, r.Urgent != nil, r.Possible != nil, r.Safety)
		}
		text := bot.RenderText(r)
		if c.footer && !strings.HasSuffix(text, "If someone is at risk now: 999 · NHS 111, option 2 · Samaritans 116 123") {
			t.Errorf("%q: text does not end with the urgent-help line:\n%s", c.msg, text)
		}
		if c.possib && !strings.Contains(text, bot.PossibleRiskIntro) {
			t.Errorf("%q: possible risk shows no help:\n%s", c.msg, text)
		}
	}
}

// TestStreetsAreNotTowns: a street's name is never read as the place
// someone is in, even where a town shares a word of it ("Street" is a
// town in Somerset, "Church Street" a village); the town beside it is.
func TestStreetsAreNotTowns(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	ctx := context.Background()
	for msg, want := range map[string]string{
		"walking group near Elm Street?":           "",
		"is there a lunch club near Acacia Avenue": "",
		"lunch club on Church Street in Whitby":    "Whitby",
		"befriending near Victoria Road, Whitby":   "Whitby",
		"anything in Street for carers":            "Street",
	} {
		r, err := a.Answer(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		if r.Place != want {
			t.Errorf("%q: place %q, want %q", msg, r.Place, want)
		}
	}
}
