package answer

import (
	"context"
	"slices"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/reading"
)

func TestAsksWhatIs(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"what is a health walk?", true},
		{"sorry what's a village agent", true},
		{"what are link workers?", true},
		{"what does MECC mean", true},
		{"define social prescribing", true},
		{"what is the address?", false},
		{"what are its opening hours", true}, // the glance adds: not with a pointing word
		{"how do I refer?", false},
	} {
		if got := reading.AsksWhatIs(reading.LowerWords(tc.q)); got != tc.want {
			t.Errorf("reading.AsksWhatIs(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestAsksToAct(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"can you book him in for me?", true},
		{"could you email them the referral", true},
		{"can u pls cover my clinic on thursday", true},
		{"please send me the form", true},
		{"book him in", true},
		{"can you tell me what a link worker is?", false},
		{"can you find befriending in Leeds", false},
		{"can he self refer?", false},
		{"how do I book?", false},
	} {
		if got := asksToAct(reading.LowerWords(tc.q)); got != tc.want {
			t.Errorf("asksToAct(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestCanTheyGo: "can she still go?" asks whether someone can go to the
// service shown.
func TestCanTheyGo(t *testing.T) {
	a := testAnswerer(t)
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"pt has heart failure, can she still go", true},
		{"could he join if he uses a wheelchair?", true},
		{"can she refer herself?", false},
		{"can you go to the shops for me", false},
	} {
		m, err := a.readText(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.glance(m).askThem; got != tc.want {
			t.Errorf("askThem(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func testAnswerer(t *testing.T) *Answerer {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	a, err := FromKnowledge(context.Background(), kb)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestKindAsked: a last sentence that only names a kind of service asks
// for it ("…benefits stopped. money advice?").
func TestKindAsked(t *testing.T) {
	a := testAnswerer(t)
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"no income at all, benefits stopped. money advice?", true},
		{"she's lonely, hasn't seen anyone in weeks. befriending?", true},
		{"money advice for her, she has nothing left", false},   // one sentence
		{"no income at all. how do I refer her?", false},        // the last asks something else
		{"befriending. is it free for her husband too?", false}, // the last is not a kind
	} {
		m, err := a.readText(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.glance(m).kindAsked; got != tc.want {
			t.Errorf("kindAsked(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestGlanceSignals: how a follow-up says what it is.
func TestGlanceSignals(t *testing.T) {
	a := testAnswerer(t)
	for _, tc := range []struct {
		q    string
		what string
		get  func(glance) bool
		want bool
	}{
		{"unrelated - can paramedics issue fit notes now or is it just physios?", "fresh", func(g glance) bool { return g.fresh }, true},
		{"is it free?", "fresh", func(g glance) bool { return g.fresh }, false},
		{"also totally separate, what does fuel poverty actually mean?", "define", func(g glance) bool { return g.define }, true},
		{"how long's the wait usually? her supplier's threatening a prepayment meter", "aboutShown", func(g glance) bool { return g.aboutShown }, true},
		{"her husband has COPD and wants to go in with her - can he?", "askThem", func(g glance) bool { return g.askThem }, true},
		{"would she qualify?", "askThem", func(g glance) bool { return g.askThem }, true},
		{"does anyone know who's on call this weekend?", "pronoun", func(g glance) bool { return g.pronoun }, false},
		{"she works full time, is there an evening one?", "daysOnly", func(g glance) bool { return g.daysOnly }, true},
		{"any evening money advice?", "daysOnly", func(g glance) bool { return g.daysOnly }, false},
		{"he'd need an evening one", "ones", func(g glance) bool { return g.ones }, true},
		{"he's on a zero hours contract weekdays - anything outdoorsy at the weekend?", "days is the weekend",
			func(g glance) bool { return slices.Equal(g.days, []int{5, 6}) }, true},
		{"she works 9-5 so anything in the evening?", "daysOnly", func(g glance) bool { return g.daysOnly }, true},
		{"any on a saturday, or a sunday?", "days is both", func(g glance) bool { return slices.Equal(g.days, []int{5, 6}) }, true},
		{"she works weekdays, anything on a saturday?", "days is saturday", func(g glance) bool { return slices.Equal(g.days, []int{5}) }, true},
		{"anything for kids? thanks", "children", func(g glance) bool { return slices.Contains(g.filters, knowledge.FilterChildren) }, true},
		{"she's isolated since her kids moved away, any groups for women?", "children",
			func(g glance) bool { return slices.Contains(g.filters, knowledge.FilterChildren) }, false},
		{"what's a village agent? it came up at the MDT", "define", func(g glance) bool { return g.define }, true},
		{"what are its opening hours?", "define", func(g glance) bool { return g.define }, false},
		{"what's green social prescribing? it was on the flyer", "define", func(g glance) bool { return g.define }, true},
		{"he asked about a link worker, what is that exactly?", "define", func(g glance) bool { return g.define }, true},
		{"what is it?", "define", func(g glance) bool { return g.define }, false},
		{"what is the link worker there like, can they refer?", "define", func(g glance) bool { return g.define }, false},
	} {
		m, err := a.readText(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := tc.get(a.glance(m)); got != tc.want {
			t.Errorf("%s(%q) = %v, want %v", tc.what, tc.q, got, tc.want)
		}
	}
}

func BenchmarkGlance(b *testing.B) {
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	a, err := FromKnowledge(context.Background(), kb)
	if err != nil {
		b.Fatal(err)
	}
	var ms []readText
	for _, q := range []string{"and in Hastings?", "is it free?", "how do I refer to them?",
		"his mum has basically been his carer since the op and she's shattered, is there anything for her?",
		"no income at all, benefits stopped. money advice?", "what about Redruth? I do visits there too"} {
		m, err := a.readText(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		ms = append(ms, m)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ms {
			a.glance(m)
		}
	}
}
