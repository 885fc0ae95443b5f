package activitygen

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func builtin(t *testing.T) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func TestDeterministic(t *testing.T) {
	kb := builtin(t)
	a, err := Generate(kb, Options{Weeks: 6, Seed: 1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(kb, Options{Weeks: 6, Seed: 1, Now: now})
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed and time made different activity")
	}
	c, _ := Generate(kb, Options{Weeks: 6, Seed: 2, Now: now})
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 1 and 2 made the same activity")
	}
}

func TestRealistic(t *testing.T) {
	kb := builtin(t)
	ids := map[string]bool{}
	for _, e := range kb.FAQs {
		ids[e.ID] = true
	}
	for _, e := range kb.Terms {
		ids[e.ID] = true
	}
	for _, e := range kb.Services {
		ids[e.ID] = true
	}
	start := now.AddDate(0, 0, -42)
	for seed := uint64(1); seed <= 20; seed++ {
		a, err := Generate(kb, Options{Weeks: 6, Seed: seed, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		answered, weekend := 0, 0
		sources := map[string]int{}
		for i, q := range a.Asked {
			if q.At.Before(start) || !q.At.Before(now) {
				t.Fatalf("seed %d: question at %v, outside %v to %v", seed, q.At, start, now)
			}
			if i > 0 && q.At.Before(a.Asked[i-1].At) {
				t.Fatalf("seed %d: questions out of order", seed)
			}
			if q.Answered {
				answered++
			}
			if d := q.At.Weekday(); d == time.Saturday || d == time.Sunday {
				weekend++
			}
			sources[q.Source]++
			if q.Top != "" && !ids[q.Top] {
				t.Errorf("seed %d: top %q is not in the knowledge", seed, q.Top)
			}
			for _, c := range q.Categories {
				if !knowledge.IsCategory(c) {
					t.Errorf("seed %d: %q is not a service category", seed, c)
				}
			}
			if q.Answered != (q.Kind == "answer" || q.Kind == "services") {
				t.Errorf("seed %d: answered %v with kind %q", seed, q.Answered, q.Kind)
			}
		}
		n := len(a.Asked)
		if n < 150 || n > 350 {
			t.Errorf("seed %d: %d questions in six weeks, want a team's worth (150 to 350)", seed, n)
		}
		if share := float64(answered) / float64(n); share < 0.70 || share > 0.85 {
			t.Errorf("seed %d: %.0f%% answered, want 70%% to 85%%", seed, 100*share)
		}
		if weekend > n/10 {
			t.Errorf("seed %d: %d of %d questions at weekends", seed, weekend, n)
		}
		if len(sources) != 3 {
			t.Errorf("seed %d: sources %v, want mention, dm and command", seed, sources)
		}
		for _, f := range a.Feedback {
			if f.At.Before(start) || !f.At.Before(now) {
				t.Errorf("seed %d: feedback at %v, outside %v to %v", seed, f.At, start, now)
			}
		}
		for _, g := range a.Gaps {
			if g.At.Before(start) || !g.At.Before(now) || g.Key == "" || g.Question == "" {
				t.Errorf("seed %d: gap %+v: outside the period, or without a key or wording", seed, g)
			}
		}
		if len(a.Feedback) == 0 || len(a.Gaps) == 0 {
			t.Errorf("seed %d: %d feedback and %d gaps", seed, len(a.Feedback), len(a.Gaps))
		}
	}
}

// TestLocalKnowledge checks that places with services of their own are
// asked about, and that gaps name places too.
func TestLocalKnowledge(t *testing.T) {
	kb := &knowledge.Base{
		FAQs: []knowledge.FAQ{{ID: "how-to-refer", Question: "How do I refer?"}},
		Services: []knowledge.Service{
			{ID: "whitby-walks", Name: "Whitby Walks", Categories: []string{"physical-activity"}, Area: "Whitby"},
			{ID: "kendal-choir", Name: "Kendal Choir", Categories: []string{"music"}, Area: "Kendal"},
			{ID: "national-debt", Name: "Debt Line", Categories: []string{"money-advice"}, Area: "England"},
		},
	}
	a, err := Generate(kb, Options{Weeks: 4, Seed: 3, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	areas, gapAreas := map[string]int{}, 0
	for _, q := range a.Asked {
		areas[q.Area]++
		if q.Area == "England" {
			t.Errorf("a question names England, the national services' area")
		}
	}
	for _, g := range a.Gaps {
		if g.Area != "" {
			gapAreas++
		}
	}
	if areas["Whitby"] == 0 || areas["Kendal"] == 0 || gapAreas == 0 {
		t.Errorf("questions by place %v, %d gaps naming a place; want Whitby, Kendal and gaps by place", areas, gapAreas)
	}
}

func TestGenerateRefuses(t *testing.T) {
	kb := builtin(t)
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no weeks", Options{Weeks: 0, Now: now}, "weeks must be at least 1"},
		{"no time", Options{Weeks: 2}, "no time to end at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Generate(kb, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Generate(%+v) = %v, want %q", tc.o, err, tc.want)
			}
		})
	}
}

// recorder is an in-memory store: it keeps gaps as the store does,
// reopening a closed one when it is asked again.
type recorder struct {
	asked    []store.Asked
	feedback []store.Feedback
	gaps     map[string]*store.Gap
	failAt   int // fail the nth write, counting from 1; 0 never
	writes   int
}

func (r *recorder) write() error {
	r.writes++
	if r.writes == r.failAt {
		return errors.New("disk full")
	}
	return nil
}

func (r *recorder) RecordQuestion(a store.Asked) error {
	r.asked = append(r.asked, a)
	return r.write()
}

func (r *recorder) RecordFeedback(f store.Feedback) error {
	r.feedback = append(r.feedback, f)
	return r.write()
}

func (r *recorder) RecordGap(key, question, topic, area string, near []string, unhelpful bool, at time.Time) error {
	if r.gaps == nil {
		r.gaps = map[string]*store.Gap{}
	}
	g := r.gaps[key]
	if g == nil {
		g = &store.Gap{Key: key}
		r.gaps[key] = g
	}
	g.Question, g.Area, g.Closed = question, area, ""
	g.Count++
	return r.write()
}

func (r *recorder) LinkGap(key, entry, askKey, by string, at time.Time) error {
	g := r.gaps[key]
	if g == nil {
		return errors.New("no gap " + key)
	}
	g.Closed, g.Linked, g.AskKey = store.GapLinked, entry, askKey
	return r.write()
}

func (r *recorder) CloseGap(key, how, by string) error {
	g := r.gaps[key]
	if g == nil {
		return errors.New("no gap " + key)
	}
	g.Closed = how
	return r.write()
}

func TestWrite(t *testing.T) {
	a, err := Generate(builtin(t), Options{Weeks: 6, Seed: 1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var r recorder
	if err := a.Write(&r); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.asked, a.Asked) || !reflect.DeepEqual(r.feedback, a.Feedback) {
		t.Error("Write did not record the questions and feedback as generated")
	}
	closed, linked, open, again := 0, 0, 0, 0
	for _, g := range r.gaps {
		switch g.Closed {
		case "":
			open++
		case store.GapLinked:
			linked++
			for _, a := range r.asked {
				if a.Linked == g.AskKey && a.Top == g.Linked && a.At.After(g.LinkedAt) {
					again++
				}
			}
		default:
			closed++
		}
	}
	if closed != len(a.Closed) || closed == 0 || open == 0 {
		t.Errorf("%d gaps closed and %d open; want the %d closed ones to stay closed, and some open", closed, open, len(a.Closed))
	}
	want := 0
	for _, x := range a.Asked {
		if x.Linked != "" {
			want++
		}
	}
	if linked != len(a.Linked) || linked == 0 || again != want {
		t.Errorf("%d gaps linked, asked again %d times; want %d linked (at least one), asked again %d", linked, again, len(a.Linked), want)
	}

	r = recorder{failAt: 3}
	if err := a.Write(&r); err == nil || !strings.Contains(err.Error(), "disk full") || len(r.asked) != 3 {
		t.Errorf("Write with a failing store = %v after %d questions; want the error, at the third", err, len(r.asked))
	}
}

// A demo link joins a wording to the entry it is another way of asking:
// one of the entry's own other wordings, never a service request or a
// wording that merely shares words with it.
func TestLinksMakeSense(t *testing.T) {
	for _, dir := range []string{"", "../../testdata/kb-d", "../../testdata/kb"} {
		kb := builtin(t)
		if dir != "" {
			var err error
			if kb, err = knowledge.Load(os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
		}
		other := map[string][]string{}
		for _, f := range kb.FAQs {
			other[f.ID] = f.AlsoAsked
		}
		links := 0
		for seed := uint64(1); seed <= 10; seed++ {
			a, err := Generate(kb, Options{Weeks: 6, Seed: seed, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			wording := map[string]Gap{}
			for _, g := range a.Gaps {
				wording[g.Key] = g
			}
			for _, l := range a.Linked {
				links++
				g := wording[l.Key]
				if g.Topic != "" || g.Area != "" || !slices.Contains(other[l.Entry], g.Question) {
					t.Errorf("%s seed %d: %q (topic %q, area %q) linked to %s, which does not ask it", dir, seed, g.Question, g.Topic, g.Area, l.Entry)
				}
			}
		}
		if links < 10 {
			t.Errorf("%s: %d links in ten demos, want enough to show", dir, links)
		}
	}
}
