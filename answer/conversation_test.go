package answer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
)

// turn is one message of a conversation and what its reply must show.
type turn struct {
	q   string
	top string // id of the first result; "" for none
	how string // how it followed on; "" for on its own
}

// TestContinue holds conversations on the test knowledge: each follow-up
// kind, a clear question mid-thread, an off-topic one, and a reset.
func TestContinue(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	tests := []struct {
		name  string
		turns []turn
	}{
		{"place then filter then reference", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"is it free?", "whitby-befriending", answer.FollowFilter},
			{"how do I refer to them?", "whitby-befriending", answer.FollowReference},
			// None in Kendal, and Whitby is too far to offer, as
			// "befriending in Kendal" finds.
			{"and in Kendal?", "", answer.FollowPlace},
		}},
		{"a new place keeps the topic", []turn{
			{"any choirs in Kendal?", "kendal-choir", ""},
			{"and in Whitby?", "", answer.FollowPlace}, // none there, and Kendal's is too far to offer
		}},
		{"them after an answer, not services", []turn{
			{"what is a link worker?", "link-worker", ""},
			{"how do I refer to them?", "how-to-refer", answer.FollowSubject},
		}},
		{"a clear question stands on its own", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"what's a village agent?", "link-worker", ""},
		}},
		{"off-topic is still unknown", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"what's the weather there tomorrow?", "", ""},
		}},
		{"link workers then them", []turn{
			{"who is the link worker for Whitby?", "whitby-link-workers", ""},
			{"how do I refer to them?", "whitby-link-workers", answer.FollowReference},
		}},
		{"a question about them, whatever its words", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"do they do home visits?", "whitby-befriending", answer.FollowReference},
		}},
		{"the one picked out is what their means", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"the choir one, when does it meet?", "kendal-choir", answer.FollowReference},
			{"what's their number?", "kendal-choir", answer.FollowReference},
		}},
		{"is it free of one that is not: that one, not others", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"is it free?", "kendal-garden", answer.FollowFilter},
		}},
		{"a moan about the computer is not about them", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"lol my SystmOne has frozen for the 3rd time today, anyone else having this??", "", ""},
		}},
		{"a next question near the subject", []turn{
			{"what is a link worker?", "link-worker", ""},
			{"can you cover my clinic on thursday?", "", ""},
		}},
		{"any on a saturday narrows what was shown by its hours", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"any on a saturday?", "kendal-choir", answer.FollowFilter},
		}},
		{"is that ok on a saturday, of one that is not: the one shown that is", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"her son can only bring her on a saturday, is that ok?", "kendal-choir", answer.FollowFilter},
			{"what's their number?", "kendal-choir", answer.FollowReference},
		}},
		{"a kind of service told of, not asked for, is asked for there", []turn{
			{"choir in Kendal", "kendal-choir", ""},
			{"she used to love growing veg", "kendal-garden", answer.FollowTopic},
		}},
		{"children only in the story are the household", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"she's isolated since her kids moved away, any walking groups?", "whitby-walking", answer.FollowTopic},
		}},
		{"when, with words Signpost does not know beside it", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"is it in the daytime? he won't drive in the dark", "kendal-garden", answer.FollowFilter},
		}},
		{"a place follow-up with a story beside it", []turn{
			{"befriending in Kendal", "", ""},
			{"what about Whitby? I am on placement there", "whitby-befriending", answer.FollowPlace},
			{"also any tips for a good pub in whitby", "", ""},
		}},
		{"picked out among those shown by their own words", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"do any of them need an audition?", "kendal-choir", answer.FollowFilter},
		}},
		{"a new kind asked for mid-sentence keeps the place", []turn{
			{"gardening in Kendal", "kendal-garden", ""},
			{"she used to love singing, is there a choir she could join?", "kendal-choir", answer.FollowTopic},
		}},
		{"after work: those shown that meet in the evening", []turn{
			{"choirs or gardening in Kendal", "kendal-garden", ""},
			{"she works full time, anything in the evening?", "kendal-choir", answer.FollowFilter},
			{"does anyone know who's on call this weekend?", "", ""},
		}},
		{"one service shown that says it in its own words", []turn{
			{"choir in Kendal", "kendal-choir", ""},
			{"would he have to do an audition?", "kendal-choir", answer.FollowFilter},
		}},
		{"the same need for someone else somewhere else", []turn{
			{"befriending in Kendal", "", ""},
			{"similar story in Whitby, she was a nurse for 40 years", "whitby-befriending", answer.FollowPlace},
		}},
		{"Signpost cannot book", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"can you book her in for tuesday?", "", ""},
		}},
		{"start again forgets", []turn{
			{"befriending in Whitby", "whitby-befriending", ""},
			{"start again", "", ""},
			{"is it free?", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var conv *answer.Context
			for i, tn := range tt.turns {
				r, next, err := a.Continue(context.Background(), conv, answer.ParseCommand(tn.q))
				if err != nil {
					t.Fatal(err)
				}
				conv = next
				top, how := "", ""
				if len(r.Results) > 0 && (r.Answered || r.OffersServices()) {
					top = r.Results[0].ID
				}
				if r.Followed != nil {
					how = r.Followed.How
				}
				if top != tn.top || how != tn.how {
					t.Errorf("turn %d %q: top %q how %q, want %q %q (reply %s, %+v)", i+1, tn.q, top, how, tn.top, tn.how, r.Kind, r.Followed)
				}
				if r.Followed != nil && r.Followed.AsRead == "" {
					t.Errorf("turn %d %q: a follow-up that does not say how it was read", i+1, tn.q)
				}
				if how == answer.FollowReference {
					if near, _ := r.Results[0].Nearness(); near != "" {
						t.Errorf("turn %d %q: the card says %q, but no place was asked about", i+1, tn.q, near)
					}
				}
			}
		})
	}
}

// TestFirstTurnsUnchanged: with no conversation before it, a message is
// answered exactly as Answer answers it.
func TestFirstTurnsUnchanged(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	for _, q := range []string{"befriending in Whitby", "what's a village agent?", "how do I refer to a care navigator?",
		"is it free?", "and in Kendal?", "how do I refer to them?", "tell me a joke", "hi"} {
		t.Run(q, func(t *testing.T) {
			want, _ := a.Answer(context.Background(), q)
			got, _, err := a.Continue(context.Background(), nil, answer.ParseCommand(q))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) || got.Answered != want.Answered || got.Followed != nil {
				t.Errorf("Continue(nil) = %v %v %+v, Answer = %v %v", ids(got), got.Answered, got.Followed, ids(want), want.Answered)
			}
		})
	}
}

func ids(r *answer.Reply) []string {
	var out []string
	for _, res := range r.Results {
		out = append(out, res.ID)
	}
	return out
}

// TestContextKeepsNoPatientDetails: what a conversation remembers holds
// nothing the privacy guard removed, and a full postcode only as its
// district.
func TestContextKeepsNoPatientDetails(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	for _, msg := range []string{
		"Mrs Jane Smith 943 476 5919 07700 900123 needs befriending in Whitby",
		"befriending near YO21 1AA for jo.bloggs@nhs.net born 03/04/1956",
		// A person at risk: the conversation may go on, with nothing of them.
		"Mrs Jane Smith 07700 900123 says she wants to end her life, is there befriending in Whitby?",
	} {
		_, conv, err := a.Continue(context.Background(), nil, answer.ParseCommand(msg))
		if err != nil {
			t.Fatal(err)
		}
		if conv == nil {
			t.Fatalf("nothing remembered of %q", msg)
		}
		all := fmt.Sprintf("%+v", *conv)
		for _, leak := range []string{"Smith", "Jane", "943", "5919", "07700", "900123", "1AA", "bloggs", "1956", "number", "email", "birth", "name"} {
			if strings.Contains(all, leak) {
				t.Errorf("context of %q holds %q: %s", msg, leak, all)
			}
		}
	}
}

func TestResetCommand(t *testing.T) {
	for _, in := range []string{"start again", "Start over!", "reset", "new question"} {
		if c := answer.ParseCommand(in); c.Name != "reset" {
			t.Errorf("ParseCommand(%q) = %+v, want reset", in, c)
		}
	}
	if c := answer.ParseCommand("how do I start again with a patient?"); c.Name == "reset" {
		t.Error("a question containing 'start again' was read as a reset")
	}
}

// TestClearQuestionsStayThemselves: after services were shown, a question
// about something else is not read as one about them, and "start over
// please" and "the second one" do what they say.
func TestClearQuestionsStayThemselves(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	for _, q := range []string{"when is the NASP conference?", "where is the nearest A&E?",
		"how do I refer to adult social care?", "is it safe to prescribe exercise after a heart attack?"} {
		t.Run(q, func(t *testing.T) {
			_, conv, err := a.Continue(context.Background(), nil, answer.ParseCommand("befriending in Whitby"))
			if err != nil {
				t.Fatal(err)
			}
			r, _, err := a.Continue(context.Background(), conv, answer.ParseCommand(q))
			if err != nil {
				t.Fatal(err)
			}
			if r.Followed != nil {
				t.Errorf("read as a follow-up: %+v", r.Followed)
			}
		})
	}
	if c := answer.ParseCommand("start over please"); c.Name != "reset" {
		t.Errorf("start over please = %+v, want reset", c)
	}
	_, conv, _ := a.Continue(context.Background(), nil, answer.ParseCommand("services in Kendal"))
	if conv == nil || len(conv.Shown) < 2 {
		t.Fatalf("the test knowledge shows fewer than two services in Kendal: %+v", conv)
	}
	r, _, err := a.Continue(context.Background(), conv, answer.ParseCommand("the second one"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Followed == nil || r.Followed.Entry != conv.Shown[1] {
		t.Errorf("the second one = %+v, want %s", r.Followed, conv.Shown[1])
	}
}

// TestOthersOnTheDaysAsked: "any on a saturday?" when none of the
// services shown meets then looks further among the same kind there.
func TestOthersOnTheDaysAsked(t *testing.T) {
	var b strings.Builder
	b.WriteString("areas:\n  - id: whitby\n    name: Whitby\n    districts: [YO21]\n    location: {lat: 54.486, lon: -0.615}\nservices:\n")
	for i := range 7 {
		hours := "Tuesday 10am to 12 noon"
		if i == 6 {
			hours = "Saturday 10am to 12 noon"
		}
		fmt.Fprintf(&b, "  - id: walk-%d\n    name: Walk %d\n    description: A health walk.\n    categories: [physical-activity]\n"+
			"    area: Whitby\n    referral: [self]\n    cost: free\n    hours: %s\n    reviewed: 2026-02-01\n", i, i, hours)
	}
	a := builtinOr(t, servicesDir(t, b.String()))
	ctx := context.Background()
	r, conv, err := a.Continue(ctx, nil, answer.ParseCommand("walking groups in Whitby"))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(r), "walk-6") {
		t.Fatalf("first reply already shows the Saturday walk: %v", ids(r))
	}
	r, _, err = a.Continue(ctx, conv, answer.ParseCommand("any on a saturday?"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); !r.Answered || !slices.Equal(got, []string{"walk-6"}) {
		t.Errorf("any on a saturday? = answered %v, %v; want the Saturday walk", r.Answered, got)
	}
	if !strings.Contains(r.Notice, "Saturday") {
		t.Errorf("notice %q does not say none of those shown meets on Saturday", r.Notice)
	}
}

// servicesDir writes a knowledge directory holding one services file.
func servicesDir(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "services"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "services", "services.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAgeRulesServicesOut: an age said of someone, in a question or a
// follow-up, leaves out services whose eligibility does not take them.
func TestAgeRulesServicesOut(t *testing.T) {
	const kb = `areas:
  - id: whitby
    name: Whitby
    districts: [YO21]
    location: {lat: 54.486, lon: -0.615}
  - id: kendal
    name: Kendal
    districts: [LA9]
    location: {lat: 54.328, lon: -2.746}
  - id: scarborough
    name: Scarborough
    districts: [YO11]
    location: {lat: 54.283, lon: -0.400}
services:
  - {id: youth-space, name: Youth Space, description: Drop-in support for low mood and anxiety., categories: [mental-wellbeing],
     area: Whitby, referral: [self], eligibility: Young people aged 11 to 25, reviewed: 2026-02-01}
  - {id: mind-matters, name: Mind Matters, description: A drop-in for low mood and anxiety., categories: [mental-wellbeing],
     area: Whitby, referral: [self], eligibility: Adults 18+, reviewed: 2026-02-01}
  - {id: silver-circle, name: Silver Circle, description: Wellbeing group for low mood in later life., categories: [mental-wellbeing],
     area: Whitby, referral: [self], eligibility: People aged 60 and over, reviewed: 2026-02-01}
  - {id: kendal-older-friends, name: Scarborough Older Friends, description: Befriending for lonely older people., categories: [befriending],
     area: Scarborough, referral: [self], eligibility: People aged 60 and over, reviewed: 2026-02-01}
  - {id: kendal-friends, name: Scarborough Friends, description: Befriending for anyone lonely., categories: [befriending],
     area: Scarborough, referral: [self], reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	ctx := context.Background()
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"pt in Whitby is 17 and really low, anything for young people?", []string{"youth-space"}},
		{"his mum's 48, in Whitby, and really low. anything for her?", []string{"mind-matters"}},
		{"lady of 72 in Whitby, anxious and low, anything?", []string{"youth-space", "mind-matters", "silver-circle"}}, // no age read: all
		{"she's 72, lives in Whitby, anxious and low. anything?", []string{"mind-matters", "silver-circle"}},
	} {
		r, err := a.Answer(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(r)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%q = %v, want %v", tc.q, got, want)
		}
	}
	// Nothing of the kind where asked: what is offered from elsewhere
	// keeps to the age too.
	r, err := a.Answer(ctx, "pt is 45, lives in Whitby and is so lonely, any befriending?")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); r.Answered || !slices.Contains(got, "kendal-friends") || slices.Contains(got, "kendal-older-friends") {
		t.Errorf("befriending in Whitby for someone of 45 = answered %v, %v; want none there, and Scarborough Friends (25 km) but not the 60+ group offered", r.Answered, got)
	}
	// In a thread: the age of the next person asked about.
	_, conv, err := a.Continue(ctx, nil, answer.ParseCommand("19yo in Whitby with panic attacks, anything for young people?"))
	if err != nil {
		t.Fatal(err)
	}
	r, _, err = a.Continue(ctx, conv, answer.ParseCommand("his mum's 48 and says she's been really low too - anything for her?"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); len(got) == 0 || got[0] != "mind-matters" || slices.Contains(got, "youth-space") || slices.Contains(got, "silver-circle") {
		t.Errorf("his mum's 48… = %v, want Mind Matters and no service she is not eligible for", got)
	}
}

// TestFollowUpsKeepTheSearch: a filter or a new place changes the search
// shown and nothing else: the age it was for still rules services out.
func TestFollowUpsKeepTheSearch(t *testing.T) {
	const kb = `areas:
  - {id: whitby, name: Whitby, districts: [YO21], location: {lat: 54.486, lon: -0.615}}
  - {id: kendal, name: Kendal, districts: [LA9], location: {lat: 54.328, lon: -2.746}}
services:
  - {id: senior-swim, name: Senior Swim, description: Swimming sessions., categories: [physical-activity],
     area: Whitby, referral: [self], cost: free, eligibility: People aged 60 and over, reviewed: 2026-02-01}
  - {id: adult-dance, name: Adult Dance, description: Dance and fitness sessions., categories: [physical-activity],
     area: Whitby, referral: [self], cost: £2 a session, eligibility: Adults 18+, reviewed: 2026-02-01}
  - {id: adult-walks, name: Adult Walks, description: Health walks., categories: [physical-activity],
     area: Whitby, referral: [self], cost: free, eligibility: Adults 18+, reviewed: 2026-02-01}
  - {id: kendal-senior-gym, name: Kendal Senior Gym, description: Gym sessions., categories: [physical-activity],
     area: Kendal, referral: [self], cost: free, eligibility: People aged 60 and over, reviewed: 2026-02-01}
  - {id: kendal-adult-gym, name: Kendal Adult Gym, description: Gym sessions., categories: [physical-activity],
     area: Kendal, referral: [self], cost: free, eligibility: Adults 18+, reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	ctx := context.Background()
	r, conv, err := a.Continue(ctx, nil, answer.ParseCommand("any exercise groups in Whitby for a 45 year old?"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); slices.Contains(got, "senior-swim") || !slices.Contains(got, "adult-walks") {
		t.Fatalf("first reply = %v, want the services open to someone of 45 alone", got)
	}
	for _, tc := range []struct {
		q, want, not string
	}{
		{"any free ones?", "adult-walks", "senior-swim"},
		{"and in Kendal?", "kendal-adult-gym", "kendal-senior-gym"},
	} {
		r, _, err := a.Continue(ctx, conv, answer.ParseCommand(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(r); r.Followed == nil || !slices.Contains(got, tc.want) || slices.Contains(got, tc.not) {
			t.Fatalf("%q = %v (followed %v), want %s and not %s", tc.q, got, r.Followed != nil, tc.want, tc.not)
		}
		if !strings.HasSuffix(r.Followed.AsRead, "for someone aged 45") {
			t.Errorf("%q reads as %q, which does not say the age", tc.q, r.Followed.AsRead)
		}
	}
}

// TestCloseByUnderAnotherName: nothing of the kind listed for the area
// asked about, but one a few kilometres away under another area's name,
// is offered as near, with its distance; one 25 km away is elsewhere.
func TestCloseByUnderAnotherName(t *testing.T) {
	const kb = `areas:
  - {id: whitby, name: Whitby, districts: [YO21], location: {lat: 54.486, lon: -0.615}}
services:
  - {id: sandsend-friends, name: Sandsend Friends, description: Befriending for anyone lonely., categories: [befriending],
     area: Sandsend and the coast, postcode: YO21 3TE, location: {lat: 54.503, lon: -0.668}, referral: [self], reviewed: 2026-02-01}
  - {id: whitby-walks, name: Whitby Walks, description: Health walks., categories: [physical-activity],
     area: Whitby, referral: [self], reviewed: 2026-02-01}
  - {id: scarborough-choir, name: Scarborough Choir, description: A community choir., categories: [music],
     area: Scarborough, location: {lat: 54.283, lon: -0.400}, referral: [self], reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	ctx := context.Background()
	r, err := a.Answer(ctx, "any befriending in Whitby?")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); !r.Answered || !r.Near || !slices.Equal(got, []string{"sandsend-friends"}) || r.Notice != "" {
		t.Errorf("befriending in Whitby = answered %v near %v %v notice %q; want Sandsend Friends, near", r.Answered, r.Near, got, r.Notice)
	}
	r, err = a.Answer(ctx, "any choirs in Whitby?")
	if err != nil {
		t.Fatal(err)
	}
	if r.Answered || r.Near || !strings.Contains(r.Notice, "couldn't find") {
		t.Errorf("choirs in Whitby = answered %v near %v notice %q; want none there and Scarborough's offered as elsewhere", r.Answered, r.Near, r.Notice)
	}
}

// TestNamedKindOfService: a service whose name says the phrase that asked
// for a kind is found, however the knowledge files it ("memory cafe" is
// peer support to the vocabulary; this one is filed as befriending).
func TestNamedKindOfService(t *testing.T) {
	const kb = `areas:
  - {id: hereford, name: Hereford, districts: [HR1, HR2], location: {lat: 52.056, lon: -2.716}}
services:
  - {id: belmont-memory-cafe, name: Belmont Memory Café, description: A twice-monthly café for people with dementia and their carers.,
     categories: [befriending, carers], area: Hereford, referral: [self], reviewed: 2026-02-01}
  - {id: hereford-peer-group, name: Hereford Pain Peer Group, description: People with long-term pain meeting to share what helps.,
     categories: [peer-support], area: Hereford, referral: [self], reviewed: 2026-02-01}
  - {id: hereford-befrienders, name: Hereford Befrienders, description: Volunteers who visit people who are lonely.,
     categories: [befriending], area: Hereford, referral: [self], reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	r, err := a.Answer(context.Background(), "memory cafe in Hereford?")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); !r.Answered || len(got) == 0 || got[0] != "belmont-memory-cafe" || slices.Contains(got, "hereford-befrienders") {
		t.Errorf("memory cafe in Hereford = answered %v, %v; want the memory café first, and not befriending it does not name", r.Answered, got)
	}
}

// TestLinkWorkersByTheirTermsName: a term that names link workers finds
// the link worker services wherever a place is asked about, whatever id
// the knowledge gives it ("SPLW in TF1?").
func TestLinkWorkersByTheirTermsName(t *testing.T) {
	dir := servicesDir(t, `areas:
  - {id: telford, name: Telford, districts: [TF1, TF2], location: {lat: 52.678, lon: -2.445}}
services:
  - {id: telford-navigators, name: Telford Wellbeing Navigators, description: Link workers for Telford GP practices.,
     categories: [link-worker], area: Telford, referral: [professional, self], reviewed: 2026-02-01}
  - {id: telford-choir, name: Telford Community Choir, description: A choir for anyone., categories: [music],
     area: Telford, referral: [self], reviewed: 2026-02-01}
`)
	if err := os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(`terms:
  - id: splw-role
    term: social prescribing link worker
    aliases: [SPLW]
    definition: Someone who gives people time and connects them with community support.
`), 0o644); err != nil {
		t.Fatal(err)
	}
	a := builtinOr(t, dir)
	r, err := a.Answer(context.Background(), "SPLW in TF1?")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); r.Kind != answer.ReplyServices || len(got) == 0 || got[0] != "telford-navigators" {
		t.Errorf("SPLW in TF1? = %s %v, want the Telford link workers", r.Kind, got)
	}
}

// TestEverydayWordIsNoPlace: a word that is also a village's name ("Wall"
// in Staffordshire) is not a place when written as a word.
func TestEverydayWordIsNoPlace(t *testing.T) {
	a := builtinOr(t, "../testdata/kb")
	ctx := context.Background()
	_, conv, err := a.Continue(ctx, nil, answer.ParseCommand("befriending in Whitby"))
	if err != nil {
		t.Fatal(err)
	}
	r, next, err := a.Continue(ctx, conv, answer.ParseCommand("she's also got damp coming through the bedroom wall and the landlord is ignoring her"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Place != "" && r.Place != "Whitby" || next == nil || next.Place != "Whitby" {
		t.Errorf("read a place in %q: reply place %q, conversation place %v", "the bedroom wall", r.Place, next)
	}
}

// TestNeighbourhoodOfTheAreaNamed: a neighbourhood named after its area
// says where more nearly ("north Leeds… she lives in Cookridge").
func TestNeighbourhoodOfTheAreaNamed(t *testing.T) {
	const kb = `areas:
  - id: leeds-north
    name: Leeds North
    aliases: [north Leeds]
    districts: [LS6, LS16]
    location: {lat: 53.840, lon: -1.560}
services:
  - {id: headingley-exercise, name: Headingley Exercise Club, description: Gentle exercise classes., categories: [physical-activity],
     area: Leeds North, address: "Headingley Library, Headingley", location: {lat: 53.819, lon: -1.577}, reviewed: 2026-02-01}
  - {id: headingley-yoga, name: Headingley Yoga, description: Gentle exercise and yoga., categories: [physical-activity],
     area: Leeds North, address: "St Michael's Hall, Headingley", location: {lat: 53.820, lon: -1.578}, reviewed: 2026-02-01}
  - {id: cookridge-exercise, name: Get Active Cookridge, description: Gentle exercise classes., categories: [physical-activity],
     area: Leeds North, address: "Cookridge Village Hall, Cookridge", location: {lat: 53.868, lon: -1.610}, reviewed: 2026-02-01}
  - {id: cookridge-walks, name: Cookridge Walks, description: Gentle walks., categories: [physical-activity],
     area: Leeds North, address: "Cookridge Library, Cookridge", location: {lat: 53.867, lon: -1.611}, reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	r, err := a.Answer(context.Background(), "any exercise classes in north Leeds? she lives in Cookridge")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); len(got) == 0 || !strings.HasPrefix(got[0], "cookridge-") {
		t.Errorf("exercise in north Leeds, living in Cookridge = %v, want the Cookridge services first", got)
	}
}

// TestEverydayWordPlaceAfterAbout: "what about bath?" names a place, as
// "in bath" does, though "bath" is an everyday word.
func TestEverydayWordPlaceAfterAbout(t *testing.T) {
	a := builtinOr(t, "")
	ctx := context.Background()
	_, conv, err := a.Continue(ctx, nil, answer.ParseCommand("befriending in Harrogate?"))
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := a.Continue(ctx, conv, answer.ParseCommand("what about bath?"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Followed == nil || r.Followed.How != answer.FollowPlace || !strings.EqualFold(r.Followed.Place, "bath") {
		t.Errorf("what about bath? = %+v, want befriending in Bath", r.Followed)
	}
}

// A day that none of the list meets on leaves the list as it was: the
// next day or time asked narrows that list, not nothing.
func TestAFilterThatFindsNoneKeepsTheList(t *testing.T) {
	const kb = `services:
  - {id: allotment, name: Recovery Allotment, description: Gardening together., categories: [gardening],
     area: Lambeth, referral: [self], cost: free, hours: Weds & Sat 10am-1pm, reviewed: 2026-02-01}
  - {id: evening-garden, name: Evening Garden Club, description: Gardening after work., categories: [gardening],
     area: Lambeth, referral: [self], cost: free, hours: Thursday 6pm to 8pm, reviewed: 2026-02-01}
`
	a := builtinOr(t, servicesDir(t, kb))
	ctx := context.Background()
	_, conv, err := a.Continue(ctx, nil, answer.ParseCommand("gardening in Lambeth"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q, want, notice string
	}{
		{"any on a Sunday?", "", "None of those lists a Sunday session"},
		{"anything in the evening?", "evening-garden", ""},
		{"any on a Saturday?", "allotment", ""},
	} {
		r, next, err := a.Continue(ctx, conv, answer.ParseCommand(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		conv = next
		got := ids(r)
		if r.Followed == nil || tc.want != "" && (len(got) == 0 || got[0] != tc.want) || !strings.Contains(r.Notice, tc.notice) {
			t.Errorf("%q = %v, notice %q (followed %v); want %q first and a notice with %q", tc.q, got, r.Notice, r.Followed != nil, tc.want, tc.notice)
		}
	}
}
