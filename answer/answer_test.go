package answer_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
)

func TestAnswer(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	tests := []struct {
		q        string
		answered bool
		kind     answer.ReplyKind
		top      string // id of the first result; "" for none
		notice   string // a fragment the notice must hold
	}{
		// Definitions, aliases and typos.
		{"What is social prescribing?", true, answer.ReplyAnswer, "social-prescribing", ""},
		{"what does social prescribing mean for my patients", true, answer.ReplyAnswer, "what-is-social-prescribing", ""},
		{"what's a village agent?", true, answer.ReplyAnswer, "link-worker", ""},
		{"separate q, what's a village agent?", true, answer.ReplyAnswer, "link-worker", ""},
		{"right ok. so how do I actually refer someone to a care navigator?", true, answer.ReplyAnswer, "how-to-refer", ""},
		{"<@U0BOT> define SPLW :thinking_face:", true, answer.ReplyAnswer, "link-worker", ""},
		{"how do I refer to a care navigator?", true, answer.ReplyAnswer, "how-to-refer", ""},
		{"how do i refer to a link wroker", true, answer.ReplyAnswer, "how-to-refer", ""},
		{"what does community referral mean", true, answer.ReplyAnswer, "social-prescribing", ""},
		{"does social prescribing cut GP visits?", true, answer.ReplyAnswer, "evidence", ""},
		{"do I need the patient's ok first", true, answer.ReplyAnswer, "consent", ""},
		// Services by category, area, area alias and postcode.
		{"befriending in Whitby", true, answer.ReplyServices, "whitby-befriending", ""},
		{"lonely older man in whitby", true, answer.ReplyServices, "whitby-befriending", ""},
		{"walking group near YO22 4AB", true, answer.ReplyServices, "whitby-walking", ""},
		{"is there a walking group in Whitby and Esk Valley PCN", true, answer.ReplyServices, "whitby-walking", ""},
		{"allotment Kendal", true, answer.ReplyServices, "kendal-garden", ""},
		{"befriending in Whitbey", true, answer.ReplyServices, "whitby-befriending", ""},
		// A story naming the place, then a request in other words.
		{"I lead a rehab team covering Whitby. Could you list the walking groups we could signpost patients to?", true, answer.ReplyServices, "whitby-walking", ""},
		// The kind of service in the story, the asking in other words.
		{"old chap in Whitby, so lonely since his wife died. where can he get some support?", true, answer.ReplyServices, "whitby-befriending", ""},
		{"pt in Whitby lives alone and barely speaks to anyone. anything local?", true, answer.ReplyServices, "whitby-befriending", ""},
		// Typed on a phone: the place first, the kind of service last.
		{"whitby, old chap 80s lonely wont leave the house. befriending?", true, answer.ReplyServices, "whitby-befriending", ""},
		{"old chap in Kendal, 80s, won't leave the house. befriending help?", false, answer.ReplyUnknown, "", "Kendal"},
		// ("why do they help?" asks why, not for them: what befriending
		// is, not a list of services.)
		{"he's in Whitby, lonely. why do befriending services help?", true, answer.ReplyAnswer, "befriending", ""},
		{"who is the link worker for Whitby?", true, answer.ReplyServices, "whitby-link-workers", ""},
		{"choir in Kendal", true, answer.ReplyServices, "kendal-choir", ""},
		{"are there any gardening groups?", true, answer.ReplyServices, "kendal-garden", "town or postcode"},
		// An FAQ about a place beats a search for the place's link workers,
		// but only when the question asks for more than the link workers.
		{"is there a newsletter from the link workers in Whitby?", true, answer.ReplyAnswer, "whitby-newsletter", ""},
		{"Whitby newsletter", true, answer.ReplyAnswer, "whitby-newsletter", ""},
		{"social prescribing in Whitby", true, answer.ReplyServices, "whitby-link-workers", ""},
		{"Kendal newsletter", false, answer.ReplyUnknown, "", ""},
		// Towns the knowledge does not list as areas: services within 8 km count.
		{"allotment near Staveley", true, answer.ReplyServices, "kendal-garden", ""},
		{"befriending in Sleights", true, answer.ReplyServices, "whitby-befriending", ""},
		{"gardening in Windermere", false, answer.ReplyUnknown, "kendal-garden", "Windermere"},
		// Exact postcodes, and filters.
		{"befriending near YO21 1AA", true, answer.ReplyServices, "whitby-befriending", ""},
		{"free befriending in Whitby", true, answer.ReplyServices, "whitby-befriending", ""},
		{"walking group in Whitby I can self-refer to", true, answer.ReplyServices, "whitby-walking", ""},
		{"befriending for children in Whitby", false, answer.ReplyUnknown, "", "for children and families"},
		{"gardening in Kendal that's free", false, answer.ReplyUnknown, "", "(free)"},
		// Children only in the story tell of the household: when nothing
		// is for them, what is there for anyone, saying so. An age says
		// whom the question is about.
		{"lady in Whitby, 3 kids at home, she's so lonely. anything locally?", true, answer.ReplyServices, "whitby-befriending", "listed for children and families; here is what else"},
		{"lad in Whitby is 15 yo and so lonely. anything locally?", false, answer.ReplyUnknown, "", "couldn't find befriending"},
		// Places the knowledge does not cover, and nothing of that kind in a known place.
		{"befriending in Manchester", false, answer.ReplyUnknown, "", "Manchester"},
		{"weight management group Brighton", false, answer.ReplyUnknown, "", "Brighton"},
		{"choir in Whitby", false, answer.ReplyUnknown, "", "couldn't find music"}, // Kendal's is too far to offer
		{"walking group in M14", false, answer.ReplyUnknown, "", "M14"},
		// Off topic and clinical.
		{"tell me a joke", false, answer.ReplyUnknown, "", ""},
		{"what dose of ibuprofen for back pain", false, answer.ReplyUnknown, "", ""},
		{"what's the weather in Kendal tomorrow", false, answer.ReplyUnknown, "", ""},
		{"how do I claim mileage", false, answer.ReplyUnknown, "", ""},
		{"frozen shoulder pt in Whitby, any walking groups?", true, answer.ReplyServices, "whitby-walking", ""},
		// Chat and odd messages.
		{"hi", false, answer.ReplyGreeting, "", ""},
		{"thanks!! :pray:", false, answer.ReplyGreeting, "", ""},
		{"thanks, really useful 👍", false, answer.ReplyGreeting, "", ""},
		{"brilliant, thanks so much 😊", false, answer.ReplyGreeting, "", ""},
		{"thanks, you're a star", false, answer.ReplyGreeting, "", ""},
		{"", false, answer.ReplyEmpty, "", ""},
		{":wave: <@U123>", false, answer.ReplyEmpty, "", ""},
		{"🙂🙂🙂", false, answer.ReplyEmpty, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r, err := a.Answer(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			top := ""
			if len(r.Results) > 0 {
				top = r.Results[0].ID
			}
			if r.Answered != tt.answered || r.Kind != tt.kind || (tt.top != "" && top != tt.top) || (tt.top == "" && tt.answered && top != "") {
				t.Errorf("Answer(%q) = answered %v, kind %s, top %q; want %v, %s, %q", tt.q, r.Answered, r.Kind, top, tt.answered, tt.kind, tt.top)
			}
			if !strings.Contains(r.Notice, tt.notice) {
				t.Errorf("notice %q does not mention %q", r.Notice, tt.notice)
			}
		})
	}
}

// TestStaffTalk: talk about the workplace's own systems and day names no
// need, on the built-in knowledge, where its words would find something.
func TestStaffTalk(t *testing.T) {
	a := builtinOr(t, "")
	for _, q := range []string{"sorry random - anyone know the guest wifi password at Whitby health centre?",
		"is anyone else's Teams crashing this morning?", "ta, off for lunch", "how many days annual leave does a band 6 get?"} {
		r, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Answered || len(r.Results) > 0 {
			t.Errorf("Answer(%q) = answered %v, %d results; want nothing", q, r.Answered, len(r.Results))
		}
	}
	for _, q := range []string{"my patient can't get into the NHS App, who helps with digital skills?",
		"low mood, negative outlook on life, any groups?", "carer is crashing with exhaustion, any respite?",
		"digital inclusion help with passwords and online banking?"} {
		r, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Answered && len(r.Results) == 0 && r.Notice == "" {
			t.Errorf("%q was read as staff talk", q)
		}
	}
}

func TestAnswerMarksAlternatives(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	r, err := a.Answer(context.Background(), "gardening in Windermere")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) == 0 {
		t.Fatal("nothing offered from Kendal, 12 km away")
	}
	for _, res := range r.Results {
		if !res.Further {
			t.Errorf("%s offered for Windermere without being marked as further away", res.ID)
		}
	}
}

func TestCommands(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	tests := []struct {
		in   string
		name string
		top  string
	}{
		{"help", "help", ""},
		{"define village agent", "define", "link-worker"},
		{"services befriending in Whitby", "services", "whitby-befriending"},
		{"services walking YO22", "services", "whitby-walking"},
		{"what is a PCN", "ask", "primary-care-network"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c := answer.ParseCommand(tt.in)
			if c.Name != tt.name {
				t.Errorf("answer.ParseCommand(%q).Name = %q, want %q", tt.in, c.Name, tt.name)
			}
			r, err := a.Do(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			top := ""
			if len(r.Results) > 0 {
				top = r.Results[0].ID
			}
			if top != tt.top {
				t.Errorf("Do(%q) top = %q, want %q", tt.in, top, tt.top)
			}
		})
	}
}

// TestNearestElsewhereIsNear: services elsewhere are offered only within
// reach, nearest first with their distance; beyond it the reply says how
// far the nearest is. A district the knowledge cannot place is measured
// from its postcode area's town.
func TestNearestElsewhereIsNear(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	ctx := context.Background()
	for _, tc := range []struct {
		msg, notice string
		further     bool // services elsewhere are offered
	}{
		{"gardening in Windermere", "", true}, // Kendal, 12 km
		{"gardening in Leeds", "The nearest listed elsewhere is", false},
		{"gardening near LS6 3HN", "", true}, // placed roughly at Leeds: put in order, nothing ruled out
		{"gardening near ZZ9 9ZZ", "", true}, // nowhere: no distances to judge by
	} {
		r, err := a.Answer(ctx, tc.msg)
		if err != nil {
			t.Fatal(err)
		}
		further := slices.ContainsFunc(r.Results, func(x answer.Result) bool { return x.Further })
		if further != tc.further || tc.notice != "" && !strings.Contains(r.Notice, tc.notice) {
			t.Errorf("%q: further %v, notice %q; want further %v and %q", tc.msg, further, r.Notice, tc.further, tc.notice)
		}
		last := -1.0
		for _, x := range r.Results {
			if x.Further && x.DistanceKm >= 0 {
				if x.DistanceKm > 40 || x.DistanceKm < last {
					t.Errorf("%q: %s at %.0f km, after one at %.0f km", tc.msg, x.ID, x.DistanceKm, last)
				}
				last = x.DistanceKm
			}
		}
	}
}

func TestDistance(t *testing.T) {
	for km, want := range map[float64]string{0.01: "100 m", 0.34: "300 m", 0.97: "1.0 km", 1.26: "1.3 km", 9.94: "9.9 km", 9.97: "10 km", 16.4: "16 km", 391.2: "391 km"} {
		if got := answer.Distance(km); got != want {
			t.Errorf("Distance(%v) = %q, want %q", km, got, want)
		}
	}
}
