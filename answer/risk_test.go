package answer_test

import (
	"context"
	"testing"

	"github.com/signpost-ahp/signpost/reading"
)

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

// TestRiskInALongStory: a message longer than the question Signpost keeps
// of it (the last sentence that asks) is read for risk in all of it: the
// story is where a person at risk is described.
func TestRiskInALongStory(t *testing.T) {
	a := builtinOr(t, "")
	story := "Hi all, I'm an OT about six months into my first post and I'm trying to find some social contact for an " +
		"86-year-old lady I visited today for a bathing assessment. She used to love the WI. Her son moved back in last year " +
		"and her pension is now paid into his account. The fridge was empty apart from his beer, she was in a soiled pad that " +
		"looked like it had been on since yesterday, the heating was off even though it's November, and she has a pressure " +
		"sore on her heel. He said she 'doesn't like it on'. She asked me if the WI still meets. Any WI or lunch clubs near Grimsby?"
	if len(story) <= reading.MaxQuestionRunes {
		t.Fatalf("the story is %d characters: make it longer than the %d kept", len(story), reading.MaxQuestionRunes)
	}
	r, err := a.Answer(context.Background(), story)
	if err != nil {
		t.Fatal(err)
	}
	if !r.AtRisk() {
		t.Errorf("risk in the story of a long message was not read: %+v", r.Kind)
	}
	if !a.Read(story).AtRisk() {
		t.Error("reading the message at the edge missed it too")
	}
}
