package report

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

type fakeSource struct {
	asked    []store.Asked
	feedback []store.Feedback
	gaps     []store.Gap
}

func (f fakeSource) QuestionsSince(t time.Time) ([]store.Asked, error) {
	var out []store.Asked
	for _, a := range f.asked {
		if !a.At.Before(t) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f fakeSource) FeedbackSince(t time.Time) ([]store.Feedback, error) {
	var out []store.Feedback
	for _, x := range f.feedback {
		if !x.At.Before(t) {
			out = append(out, x)
		}
	}
	return out, nil
}

func (f fakeSource) Gaps(bool) ([]store.Gap, error) { return f.gaps, nil }

// FirstQuestionAt is when the fake's records begin, as the store says it.
func (f fakeSource) FirstQuestionAt() (time.Time, bool, error) {
	if len(f.asked) == 0 {
		return time.Time{}, false, nil
	}
	first := f.asked[0].At
	for _, a := range f.asked {
		if a.At.Before(first) {
			first = a.At
		}
	}
	return first, true, nil
}

const kbYAML = `faq:
  - id: how-to-refer
    question: How do I refer someone to a link worker?
    answer: Find the local team and send the form.
    reviewed: 2026-10-01
  - id: evidence
    question: What is the evidence?
    answer: Some.
    owner: U0SAM
    reviewed: 2024-01-15
terms:
  - id: link-worker
    term: link worker
    definition: Someone who connects people with community support.
`

func figures(t *testing.T) Figures {
	t.Helper()
	kb, err := knowledge.Load(fstest.MapFS{"faq.yaml": {Data: []byte(kbYAML)}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	src := fakeSource{
		asked: []store.Asked{
			{At: day(40), Answered: true, Top: "evidence"}, // before the period
			{At: day(20), Answered: true, Top: "how-to-refer"},
			{At: day(10), Answered: true, Top: "how-to-refer"},
			{At: day(9), Answered: true, Top: "link-worker", Urgent: true},
			{At: day(5), Answered: false, Categories: []string{"befriending"}, Area: "Whitby"},
			{At: day(1), Answered: true, Top: "gone-since", Categories: []string{"befriending", "walking"}, Area: "Whitby"},
			// A linked wording asked again and answered, four times, and
			// one linked before the period, once.
			{At: day(6), Answered: true, Top: "how-to-refer", Linked: "get lw"}, {At: day(5), Answered: true, Top: "how-to-refer", Linked: "get lw"},
			{At: day(4), Answered: true, Top: "how-to-refer", Linked: "get lw"}, {At: day(3), Answered: true, Top: "how-to-refer", Linked: "get lw"},
			{At: day(2), Answered: true, Top: "evidence", Linked: "proof"},
		},
		feedback: []store.Feedback{{At: day(50), Helpful: false}, {At: day(3), Helpful: true}, {At: day(2), Helpful: false}},
		gaps: []store.Gap{
			{Key: "choir whitby", Question: "choir in Whitby?", Count: 3, Last: day(2)},
			// Linked in the period, and asked again since; linked before it;
			// answered with a new entry.
			{Key: "refer lw", Question: "how do i get someone a link worker", Count: 2, Last: day(8), Closed: store.GapLinked,
				Linked: "how-to-refer", LinkedAt: day(7), AskKey: "get lw"},
			{Key: "gone", Question: "what is the proof", Count: 1, Last: day(6), Closed: store.GapLinked,
				Linked: "gone-since", LinkedAt: day(6), AskKey: "gone"},
			{Key: "old", Question: "evidence for it?", Count: 1, Last: day(60), Closed: store.GapLinked,
				Linked: "evidence", LinkedAt: day(59), AskKey: "proof"},
			{Key: "done", Question: "choir in kendal", Count: 1, Last: day(4), Closed: store.GapAnswered},
		},
	}
	f, err := Compute(src, kb, day(30), now, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCompute(t *testing.T) {
	f := figures(t)
	if f.Questions != 10 || f.Answered != 9 || f.Helpful != 1 || f.NotHelpful != 1 {
		t.Errorf("questions %d answered %d helpful %d/%d; want 10, 9, 1/1", f.Questions, f.Answered, f.Helpful, f.NotHelpful)
	}
	if got := f.AnsweredShare(); got != 0.9 {
		t.Errorf("answered share = %v, want 0.9", got)
	}
	if len(f.ByTopic) != 3 || f.ByTopic[0] != (Count{"How do I refer someone to a link worker?", 6}) {
		t.Errorf("by topic = %+v", f.ByTopic)
	}
	if len(f.ByCategory) != 2 || f.ByCategory[0] != (Count{"Befriending", 2}) || f.ByArea[0] != (Count{"Whitby", 2}) {
		t.Errorf("by category %+v, by area %+v", f.ByCategory, f.ByArea)
	}
	if len(f.Gaps) != 1 || f.Gaps[0].Key != "choir whitby" {
		t.Errorf("open gaps = %+v, want only the one not closed", f.Gaps)
	}
	// Linked in the period: two, latest first, one to an entry since
	// removed; the link before the period is not counted.
	// Asked again: each question once, in the period, whenever its
	// wording was linked.
	if len(f.Linked) != 2 || f.Linked[0].Entry != "gone-since" || f.Linked[0].Title != "" || f.Linked[0].AskedAgain != 0 ||
		f.Linked[1].Title != "How do I refer someone to a link worker?" || f.Linked[1].AskedAgain != 4 || f.LinkedAskedAgain != 5 {
		t.Errorf("linked = %+v, asked again %d; want 2 linked (0 and 4 asks), 5 asks in all", f.Linked, f.LinkedAskedAgain)
	}
	// The thirty days before: one question, answered, and a 👎; the
	// records begin ten days into it.
	if p := f.Previous; p.Questions != 1 || p.Answered != 1 || p.NotHelpful != 1 || p.Helpful != 0 ||
		len(p.ByTopic) != 1 || p.ByTopic[0] != (Count{"What is the evidence?", 1}) || !p.Until.Equal(f.Since) || p.Until.Sub(p.Since) != f.Until.Sub(f.Since) ||
		!p.Begins.Equal(f.Until.AddDate(0, 0, -40)) {
		t.Errorf("previous period = %+v", p)
	}
	// The term was never reviewed and the evidence entry is two years old.
	if len(f.Stale) != 2 || f.Stale[0].ID != "link-worker" || f.Stale[1].ID != "evidence" || f.Stale[1].Owner != "U0SAM" {
		t.Errorf("stale = %+v", f.Stale)
	}
}

func TestTextAndCSV(t *testing.T) {
	f := figures(t)
	var text, csv bytes.Buffer
	f.Text(&text, 10)
	if err := f.CSV(&csv); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/report.txt", text.Bytes())
	golden(t, "testdata/report.csv", csv.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed; run go test ./report -update and review the diff\ngot:\n%s", path, got)
	}
}

func TestSince(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Time
		err  string
	}{
		{"30 days", "30d", now.AddDate(0, 0, -30), ""},
		{"2 weeks with spaces", " 2w ", now.AddDate(0, 0, -14), ""},
		{"6 months", "6m", now.AddDate(0, 0, -180), ""},
		{"no number", "d", time.Time{}, "use a number"},
		{"zero", "0d", time.Time{}, "use a number"},
		{"negative", "-3d", time.Time{}, "use a number"},
		{"years", "3y", time.Time{}, "use d (days), w (weeks) or m (months)"},
		{"empty", "", time.Time{}, "use a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Since(tt.in, now)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("Since(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("Since(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestCSVNeutralisesFormulas: a cell that a spreadsheet would run as a
// formula (=, +, -, @, a tab or a carriage return first, as OWASP lists)
// is written with a quote mark first, so it shows as text.
func TestCSVNeutralisesFormulas(t *testing.T) {
	f := Figures{Gaps: []store.Gap{
		{Question: `=HYPERLINK("https://evil.example","click")`, Count: 1},
		{Question: "+44 what is a link worker", Count: 1},
		{Question: "-1+1", Count: 1},
		{Question: "@SUM(A1)", Count: 1},
		{Question: "\t=1+1", Count: 1},
		{Question: " =1+1", Count: 1},
		{Question: "\uff1d1+1", Count: 1},
		{Question: "a normal question", Count: 1},
	}, ByArea: []Count{{Name: "=cmd|' /C calc'!A0", N: 2}}}
	var b bytes.Buffer
	if err := f.CSV(&b); err != nil {
		t.Fatal(err)
	}
	written := b.String()
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, cell := range r {
			if c := strings.TrimLeft(cell, " "); c != "" && (strings.ContainsRune("=+-@\t\r", rune(c[0])) || strings.HasPrefix(c, "\uff1d")) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if !strings.Contains(written, "a normal question") || !strings.Contains(written, `'=HYPERLINK`) {
		t.Errorf("cells not kept as text:\n%s", written)
	}
}

// What was asked in a place is set against the services listed there,
// by the place's own name whatever name was asked; national services
// are counted apart.
func TestProvision(t *testing.T) {
	kb, err := knowledge.Load(fstest.MapFS{"k.yaml": {Data: []byte(`areas:
  - id: brighton
    name: Brighton & Hove
    aliases: [Hove, Brighton]
services:
  - {id: walks, name: Walks, description: Led walks., categories: [physical-activity], area: Hove,
     address: "1 Sea Road, Kemptown", postcode: BN41 1AA}
  - {id: choir, name: Choir, description: A choir., categories: [music], area: Brighton & Hove}
  - {id: debt, name: Debt line, description: Debt advice., categories: [money-advice], area: England}
  - {id: online, name: Online, description: Online support., categories: [befriending], area: online}
  - {id: garden, name: Garden, description: A garden., categories: [gardening], area: Lewes}
`)}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	src := fakeSource{asked: []store.Asked{
		{At: now.AddDate(0, 0, -3), Categories: []string{"physical-activity"}, Area: "brighton"},
		{At: now.AddDate(0, 0, -2), Categories: []string{"money-advice", "music"}, Area: "Hove"},
		{At: now.AddDate(0, 0, -2), Categories: []string{"money-advice"}, Area: "Brighton & Hove"},
		{At: now.AddDate(0, 0, -1), Categories: []string{"befriending"}, Area: "Whitby"},
		{At: now.AddDate(0, 0, -1), Area: "Lewes"},
		// A district and a neighbourhood the services' addresses name are
		// their area's.
		{At: now.AddDate(0, 0, -1), Categories: []string{"physical-activity"}, Area: "BN41"},
		{At: now.AddDate(0, 0, -1), Categories: []string{"physical-activity"}, Area: "kemptown"},
	}}
	f, err := Compute(src, kb, now.AddDate(0, 0, -30), now, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	want := []Provision{
		{Place: "Brighton & Hove", Asked: 5, Listed: 2,
			Wanted:  []Count{{"Physical activity", 3}, {"Money and debt advice", 2}, {"Music and singing", 1}},
			Missing: []Count{{"Money and debt advice", 2}}},
		{Place: "Lewes", Asked: 1, Listed: 1, Wanted: []Count{}, Missing: []Count{}},
		{Place: "Whitby", Asked: 1, Listed: 0, Wanted: []Count{{"Befriending", 1}}, Missing: []Count{{"Befriending", 1}}},
	}
	if fmt.Sprint(f.Places) != fmt.Sprint(want) || f.National != 2 {
		t.Errorf("places =\n%+v, national %d\nwant\n%+v, national 2 (England and online)", f.Places, f.National, want)
	}
	for _, tc := range []struct {
		p    Provision
		want string
	}{
		{want[0], "2 local services listed; asked for with none listed: money and debt advice (2)"},
		{want[1], "1 local service listed"},
		{want[2], "0 local services listed; asked for with none listed: befriending (1)"},
		{Provision{Listed: 3, Wanted: []Count{{"Music", 1}}}, "3 local services listed; every kind asked for is listed"},
	} {
		if got := tc.p.Shortfall(); got != tc.want {
			t.Errorf("Shortfall(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// A quiet start to the period before is not records beginning: only the
// store's first record says when they began.
func TestRecordsBeginOnlyWhenTheyDo(t *testing.T) {
	kb, err := knowledge.Load(fstest.MapFS{"faq.yaml": {Data: []byte(kbYAML)}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	since := now.AddDate(0, 0, -7)
	quiet := fakeSource{asked: []store.Asked{{At: now.AddDate(-1, 0, 0)}, {At: since.AddDate(0, 0, -7).Add(50 * time.Hour)}, {At: now.AddDate(0, 0, -1)}}}
	f, err := Compute(quiet, kb, since, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Previous.Begins.IsZero() {
		t.Errorf("records a year old, yet the report says they begin %v", f.Previous.Begins)
	}
	fresh := fakeSource{asked: []store.Asked{{At: since.AddDate(0, 0, -3)}, {At: now.AddDate(0, 0, -1)}}}
	if f, _ = Compute(fresh, kb, since, now, time.Hour); !f.Previous.Begins.Equal(since.AddDate(0, 0, -3)) {
		t.Errorf("records beginning mid-period: Begins = %v", f.Previous.Begins)
	}
}
