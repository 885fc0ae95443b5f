package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata" // the week test crosses a change of the clocks in London

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

const htmlKB = kbYAML + `services:
  - id: whitby-walks
    name: Whitby Health Walks
    description: Free led walks.
    categories: [physical-activity]
    area: Whitby
    reviewed: 2026-09-01
`

// htmlFigures are four weeks and a day of activity, 27 Oct to 24 Nov
// 2026, with a week (9–15 Nov) in which nobody asked anything.
func htmlFigures(t *testing.T) Figures {
	t.Helper()
	kb, err := knowledge.Load(fstest.MapFS{"faq.yaml": {Data: []byte(htmlKB)}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) // a Tuesday
	at := func(month time.Month, day, hour int) time.Time {
		return time.Date(2026, month, day, hour, 0, 0, 0, time.UTC)
	}
	src := fakeSource{
		asked: []store.Asked{
			{At: at(10, 20, 9), Answered: true, Top: "evidence"}, // before the period
			{At: at(10, 27, 14), Answered: true, Top: "how-to-refer"},
			{At: at(10, 29, 11), Answered: false, Categories: []string{"music"}, Area: "Whitby"},
			{At: at(11, 2, 9), Answered: true, Top: "how-to-refer"},
			{At: at(11, 3, 14), Answered: true, Top: "link-worker", Urgent: true},
			{At: at(11, 5, 15), Answered: true, Top: "whitby-walks", Categories: []string{"physical-activity"}, Area: "Whitby"},
			{At: at(11, 6, 16), Answered: false, Categories: []string{"music", "befriending"}, Area: "Scarborough"},
			{At: at(11, 16, 10), Answered: true, Top: "how-to-refer", Linked: "lw get"},
			{At: at(11, 17, 10), Answered: true, Top: "evidence"},
			{At: at(11, 19, 10), Answered: false, Categories: []string{"befriending"}, Area: "Scarborough"},
			{At: at(11, 23, 8), Answered: true, Top: "link-worker"},
			{At: at(11, 24, 9), Answered: false},
		},
		feedback: []store.Feedback{{At: at(11, 2, 10), Helpful: true}, {At: at(11, 16, 11), Helpful: true}, {At: at(11, 17, 11), Helpful: false}},
		gaps: []store.Gap{
			{Key: "@scarborough choir", Question: "choir in Scarborough?", Count: 4, Topic: "music,befriending", Area: "Scarborough", Last: at(11, 19, 10)},
			{Key: "@scarborough befriending", Question: "befriending in Scarborough", Count: 2, Topic: "befriending", Area: "Scarborough", Last: at(11, 6, 16)},
			{Key: "@whitby choir", Question: "is there a choir in Whitby", Count: 2, Topic: "music", Area: "Whitby", Last: at(10, 29, 11)},
			{Key: "funding", Question: "who funds link workers?", Count: 3, Last: at(11, 24, 9)},
			{Key: "👎 evidence", Question: "what is the evidence?", Count: 1, Unhelped: 1, Last: at(11, 17, 11)},
			{Key: "get lw", Question: "how do i get someone a link worker", Count: 2, Last: at(11, 3, 9), Closed: store.GapLinked,
				Linked: "how-to-refer", LinkedAt: at(11, 4, 10), AskKey: "lw get"},
		},
	}
	f, err := Compute(src, kb, now.AddDate(0, 0, -28), now, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func renderHTML(t *testing.T, f Figures) string {
	t.Helper()
	var b bytes.Buffer
	if err := f.HTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHTMLGolden(t *testing.T) {
	out := renderHTML(t, htmlFigures(t))
	golden(t, "testdata/report.html", []byte(out))
	// The golden file is reviewed by eye; these are the figures it must
	// hold whatever the layout becomes.
	for _, want := range []string{
		"27 October 2026 to 24 November 2026",
		`<span class="n">11</span><span class="what">questions asked</span>`,
		`<span class="n">64%</span><span class="what">answered</span>`, // 7 of 11
		`<span class="n">1</span><span class="what">about a person at risk</span>`,
		"<td>9–15 Nov 2026</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">–</td>",
		"<td>26 Oct – 1 Nov 2026 <span class=\"small\">(part of the week)</span></td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">50%</td>",
		"<td>How do I refer someone to a link worker?</td><td class=\"n\">3</td>",
		"<td>Scarborough</td><td class=\"n\">6</td>",                                                    // two gaps, asked 4 and 2 times
		"<td>no place named <span class=\"small\">(not in the chart)</span></td><td class=\"n\">4</td>", // 3 + 1
		"choir in Scarborough?",
		"What is the evidence?", // past its review, owner U0SAM
		"U0SAM",
		// A gap linked to an existing answer, and how often it was asked again.
		"1 linked by champions in this period; linked wordings were asked again and answered 1 times",
		"<tr><td>how do i get someone a link worker</td><td>How do I refer someone to a link worker?</td><td class=\"n\">4 Nov 2026</td><td class=\"n\">1</td></tr>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the HTML report does not hold %q", want)
		}
	}
}

func TestHTMLLoadsNothing(t *testing.T) {
	tests := []struct {
		name string
		f    func(*testing.T) Figures
	}{
		{"activity", htmlFigures},
		{"empty", func(*testing.T) Figures { return Figures{} }},
		{"hostile", hostileFigures},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := renderHTML(t, tc.f(t))
			for _, p := range selfContained(out) {
				t.Error(p)
			}
		})
	}
}

// TestSelfContained shows the check finds what it looks for.
func TestSelfContained(t *testing.T) {
	ok := `<!doctype html><html><head><style>p{color:#111}</style></head><body>` +
		`<svg role="img" aria-label="x" viewBox="0 0 1 1"><title>x</title><rect/></svg><a href="#top">top</a>` +
		`<!-- <script src="https://x"></script> --></body></html>`
	if p := selfContained(ok); len(p) > 0 {
		t.Fatalf("a self-contained page was found wanting: %v", p)
	}
	tests := []struct{ name, html, want string }{
		{"script", `<p>hi</p><script>alert(1)</script>`, "<script>"},
		{"script in capitals", `<SCRIPT>alert(1)</SCRIPT>`, "<script>"},
		{"stylesheet", `<link rel="stylesheet" href="a.css">`, "<link>"},
		{"image", `<img src="a.png">`, "<img>"},
		{"srcset", `<picture><source srcset="a.png 2x"></picture>`, "srcset"},
		{"frame", `<iframe></iframe>`, "<iframe>"},
		{"object", `<object data="a.swf"></object>`, "<object>"},
		{"embed", `<embed>`, "<embed>"},
		{"svg image", `<svg role="img" aria-label="x"><title>x</title><image href="a.png"/></svg>`, "<image>"},
		{"svg use", `<svg role="img" aria-label="x"><title>x</title><use xlink:href="s.svg#a"/></svg>`, "xlink:href"},
		{"font in css", `<style>@font-face{src:url(f.woff)}</style>`, "url("},
		{"import in css", `<style>@import "a.css";</style>`, "@import"},
		{"background in an attribute", `<div style="background: URL('a.png')"></div>`, "url("},
		{"link out", `<a href="https://example.org">x</a>`, "https://"},
		{"unquoted link out", `<a href=http://example.org>x</a>`, "http://"},
		{"protocol-relative", `<a href="//example.org">x</a>`, "//example.org"},
		{"refresh", `<meta http-equiv="refresh" content="0;url=https://x">`, "refresh"},
		{"base", `<base href="https://x/">`, "<base>"},
		{"svg with no role", `<svg aria-label="x"><title>x</title></svg>`, `role="img"`},
		{"svg with no title", `<svg role="img" aria-label="x"><rect/></svg>`, "<title>"},
		{"svg with no label", `<svg role="img"><title>x</title></svg>`, "aria-label"},
		{"attribute with > inside", `<div title="a>b" style="background:url(x)"></div>`, "url("},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			problems := selfContained(tc.html)
			if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
				t.Errorf("selfContained(%q) = %q, want a problem naming %q", tc.html, problems, tc.want)
			}
		})
	}
}

// selfContained lists what in page would load something from elsewhere,
// and any chart without what a screen reader needs. It reads tags as a
// browser does: comments skipped, attribute values quoted or not, <style>
// and <script> bodies as raw text.
func selfContained(page string) []string {
	var problems []string
	s := page
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return problems
		}
		s = s[i:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				return append(problems, "an unclosed comment")
			}
			s = s[end+3:]
			continue
		}
		name, attrs, rest := readTag(s[1:])
		s = rest
		switch name {
		case "script", "link", "img", "iframe", "frame", "object", "embed", "image", "base", "audio", "video", "portal":
			problems = append(problems, "<"+name+">")
		case "meta":
			if strings.EqualFold(attrs["http-equiv"], "refresh") {
				problems = append(problems, "<meta http-equiv=refresh>")
			}
		}
		for k, v := range attrs {
			lv := strings.ToLower(v)
			switch {
			case k == "src" || k == "srcset" || k == "xlink:href" || k == "data" || k == "poster" || k == "background" || k == "action" || k == "formaction":
				problems = append(problems, fmt.Sprintf("<%s %s=%q>", name, k, v))
			case k == "href" && !strings.HasPrefix(v, "#"):
				problems = append(problems, fmt.Sprintf("<%s href=%q>: only links within the page", name, v))
			}
			if k == "style" {
				problems = append(problems, cssProblems(lv)...)
			}
			for _, scheme := range []string{"http://", "https://", "//"} {
				if (k == "src" || k == "href" || k == "srcset") && strings.HasPrefix(strings.TrimSpace(lv), scheme) {
					problems = append(problems, fmt.Sprintf("<%s %s=%q> loads %s", name, k, v, scheme))
				}
			}
		}
		if name == "style" || name == "script" {
			end := strings.Index(strings.ToLower(s), "</"+name)
			if end < 0 {
				return append(problems, "an unclosed <"+name+">")
			}
			if name == "style" {
				problems = append(problems, cssProblems(strings.ToLower(s[:end]))...)
			}
			s = s[end:]
		}
		if name == "svg" {
			if attrs["role"] != "img" {
				problems = append(problems, `an <svg> without role="img"`)
			}
			if strings.TrimSpace(attrs["aria-label"]) == "" {
				problems = append(problems, "an <svg> without an aria-label")
			}
			if next := strings.TrimLeft(s, " \n\r\t"); !strings.HasPrefix(next, "<") || tagName(next[1:]) != "title" {
				problems = append(problems, "an <svg> whose first child is not a <title>")
			}
		}
	}
}

func cssProblems(css string) []string {
	var out []string
	for _, bad := range []string{"url(", "@import", "image-set(", "\\"} {
		if strings.Contains(css, bad) {
			out = append(out, "CSS with "+bad)
		}
	}
	return out
}

func tagName(s string) string {
	name, _, _ := readTag(s)
	return name
}

// readTag reads a tag after its '<': its name in lower case, its
// attributes, and the page after its '>'.
func readTag(s string) (name string, attrs map[string]string, rest string) {
	attrs = map[string]string{}
	i := 0
	for i < len(s) && !strings.ContainsRune(" \t\n\r/>", rune(s[i])) {
		i++
	}
	name = strings.ToLower(s[:i])
	for i < len(s) {
		for i < len(s) && strings.ContainsRune(" \t\n\r/", rune(s[i])) {
			i++
		}
		if i >= len(s) || s[i] == '>' {
			break
		}
		start := i
		for i < len(s) && !strings.ContainsRune(" \t\n\r/>=", rune(s[i])) {
			i++
		}
		key := strings.ToLower(s[start:i])
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					end = len(s) - i - 1
				}
				val = s[i+1 : i+1+end]
				i += end + 2
			} else {
				start := i
				for i < len(s) && !strings.ContainsRune(" \t\n\r>", rune(s[i])) {
					i++
				}
				val = s[start:i]
			}
		}
		if key != "" {
			attrs[key] = val
		}
	}
	if i < len(s) {
		i++ // the '>'
	}
	return name, attrs, s[min(i, len(s)):]
}

// hostileFigures carry markup wherever the report prints words from
// outside: gap wording, places, topics, entry titles and owners.
func hostileFigures(t *testing.T) Figures {
	const evil = "<script>alert(1)</script>"
	return Figures{
		Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC),
		Questions: 1, Answered: 1,
		Weeks:                []Week{{Start: time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), Questions: 1, Answered: 1}},
		ByTopic:              []Count{{evil, 1}},
		ByCategory:           []Count{{`" onload="alert(1)`, 1}},
		ByArea:               []Count{{"Whitby</title><script>x()</script>", 1}},
		Gaps:                 []store.Gap{{Question: evil, Area: `"><img src=x onerror=alert(1)>`, Topic: evil, Count: 2}},
		Stale:                []Stale{{ID: "x", Title: evil, Owner: "<b>U1</b>", File: "a<style>@import 'x'</style>.yaml"}},
		KnowledgeDescription: "<link rel=stylesheet href=https://evil.example/x.css>",
	}
}

func TestHTMLEscapes(t *testing.T) {
	out := renderHTML(t, hostileFigures(t))
	if strings.Contains(out, "<script") || strings.Contains(out, "<img") || strings.Contains(out, "<link") || strings.Contains(out, `" onload=`) {
		t.Errorf("markup from the figures reached the page unescaped:\n%s", out)
	}
	for _, want := range []string{
		"<td>&lt;script&gt;alert(1)&lt;/script&gt;", // the gap's wording, in the table
		"&lt;link rel=stylesheet",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page does not hold the escaped %q", want)
		}
	}
}

func TestHTMLEmpty(t *testing.T) {
	kb, err := knowledge.Load(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f, err := Compute(fakeSource{}, kb, now.AddDate(0, 0, -14), now, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	out := renderHTML(t, f)
	for _, want := range []string{"No questions in this period.", "No answered questions in this period.", "No open gaps.", "No one rated an answer in this period.", `<span class="n">–</span><span class="what">answered</span>`} {
		if !strings.Contains(out, want) {
			t.Errorf("an empty report does not say %q", want)
		}
	}
	for _, bad := range []string{"NaN", "Inf", "%!", "<svg"} {
		if strings.Contains(out, bad) {
			t.Errorf("an empty report holds %q", bad)
		}
	}
}

func TestHTMLTopRows(t *testing.T) {
	var cats []Count
	for i := range 13 {
		cats = append(cats, Count{fmt.Sprintf("category-%02d", i), 20 - i})
	}
	out := renderHTML(t, Figures{Questions: 1, ByCategory: cats})
	if !strings.Contains(out, "<td>category-09</td>") || strings.Contains(out, "<td>category-10</td>") {
		t.Errorf("the categories table should stop at the tenth row")
	}
	if !strings.Contains(out, "and 3 more, with 27 questions between them.") { // 10 + 9 + 8
		t.Errorf("the categories table does not say what it left out")
	}
}

func TestGapsByPlace(t *testing.T) {
	places, none := gapsByPlace([]store.Gap{
		{Area: "Whitby", Count: 2}, {Area: "Kendal", Count: 5}, {Count: 3}, {Area: "Whitby", Count: 4}, {Count: 1},
	})
	want := []Count{{"Whitby", 6}, {"Kendal", 5}}
	if fmt.Sprint(places) != fmt.Sprint(want) || none != 4 {
		t.Errorf("gapsByPlace = %v, %d; want %v, 4", places, none, want)
	}
}

func TestWeeks(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(m time.Month, d, h, min, s int) time.Time { return time.Date(2026, m, d, h, min, s, 0, time.UTC) }
	type week struct {
		start     string // the Monday, 2006-01-02
		questions int
		answered  int
	}
	tests := []struct {
		name         string
		since, until time.Time
		asked        []store.Asked
		want         []week
	}{
		{
			name:  "zero weeks are kept",
			since: utc(11, 3, 12, 0, 0), until: utc(11, 24, 12, 0, 0), // Tuesday to Tuesday
			asked: []store.Asked{{At: utc(11, 3, 12, 0, 0), Answered: true}, {At: utc(11, 20, 9, 0, 0)}},
			want:  []week{{"2026-11-02", 1, 1}, {"2026-11-09", 0, 0}, {"2026-11-16", 1, 0}, {"2026-11-23", 0, 0}},
		},
		{
			name:  "Sunday night and Monday midnight",
			since: utc(11, 9, 0, 0, 0), until: utc(11, 20, 0, 0, 0),
			asked: []store.Asked{{At: utc(11, 15, 23, 59, 59), Answered: true}, {At: utc(11, 16, 0, 0, 0)}},
			want:  []week{{"2026-11-09", 1, 1}, {"2026-11-16", 1, 0}},
		},
		{
			name:  "starting on a Sunday",
			since: utc(11, 8, 18, 0, 0), until: utc(11, 9, 8, 0, 0),
			asked: []store.Asked{{At: utc(11, 8, 19, 0, 0)}, {At: utc(11, 9, 7, 0, 0)}},
			want:  []week{{"2026-11-02", 1, 0}, {"2026-11-09", 1, 0}},
		},
		{
			name:  "within one week",
			since: utc(11, 10, 0, 0, 0), until: utc(11, 12, 0, 0, 0),
			asked: []store.Asked{{At: utc(11, 11, 0, 0, 0), Answered: true}},
			want:  []week{{"2026-11-09", 1, 1}},
		},
		{
			name:  "after now is in no week",
			since: utc(11, 10, 0, 0, 0), until: utc(11, 12, 0, 0, 0),
			asked: []store.Asked{{At: utc(11, 12, 0, 0, 1)}},
			want:  []week{{"2026-11-09", 0, 0}},
		},
		{
			name:  "nothing asked",
			since: utc(11, 1, 0, 0, 0), until: utc(11, 3, 0, 0, 0),
			want: []week{{"2026-10-26", 0, 0}, {"2026-11-02", 0, 0}},
		},
		{
			// The clocks go back on 25 October 2026: weeks still start at
			// midnight, London time, on either side.
			name:  "across the clocks going back",
			since: time.Date(2026, 10, 20, 12, 0, 0, 0, london), until: time.Date(2026, 10, 28, 12, 0, 0, 0, london),
			asked: []store.Asked{
				{At: time.Date(2026, 10, 25, 23, 30, 0, 0, london)}, // Sunday, after the change
				{At: time.Date(2026, 10, 26, 0, 0, 0, 0, london)},
			},
			want: []week{{"2026-10-19", 1, 0}, {"2026-10-26", 1, 0}},
		},
	}
	kb, err := knowledge.Load(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Compute(fakeSource{asked: tc.asked}, kb, tc.since, tc.until, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			var got []week
			for _, w := range f.Weeks {
				if w.Start.Weekday() != time.Monday || w.Start.Hour() != 0 || w.Start.Location() != tc.since.Location() {
					t.Errorf("week starts %v, not midnight on a Monday in %v", w.Start, tc.since.Location())
				}
				got = append(got, week{w.Start.Format("2006-01-02"), w.Questions, w.Answered})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("weeks = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct{ most, top, step int }{
		{0, 1, 1}, {1, 1, 1}, {5, 5, 1}, {6, 6, 2}, {10, 10, 2}, {11, 15, 5}, {49, 50, 10}, {50, 50, 10}, {51, 60, 20}, {230, 250, 50},
	}
	for _, tc := range tests {
		if top, step := niceScale(tc.most); top != tc.top || step != tc.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tc.most, top, step, tc.top, tc.step)
		}
	}
}

// Made-up records say so first, on screen and on every printed page (a
// fixed banner repeats on each), and at the end; the organisation is
// named in the title.
func TestSyntheticAndWhose(t *testing.T) {
	f := htmlFigures(t)
	f.Organisation, f.Synthetic = "Whitby & District Trust", "signpost gen-activity --seed 1 --weeks 6"
	page := renderHTML(t, f)
	for _, want := range []string{
		"<title>[SYNTHETIC DATA] Signpost report for Whitby &amp; District Trust,",
		`<body class="synthetic-data">`,
		`<p class="synthetic" role="note">SYNTHETIC DATA: these records were made up (signpost gen-activity --seed 1 --weeks 6)`,
		".synthetic { position: fixed;",
		`@top-center { content: "SYNTHETIC DATA: made up to show the report, not real use of Signpost";`,
		"<h1>What AHPs asked in Whitby &amp; District Trust, and where help is missing</h1>",
		"<p><strong>SYNTHETIC DATA:",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	var text, csv bytes.Buffer
	f.Text(&text, 10)
	if !strings.HasPrefix(text.String(), "SYNTHETIC DATA: these records were made up") || !strings.Contains(text.String(), "Signpost report for Whitby & District Trust,") {
		t.Errorf("text report:\n%s", text.String())
	}
	if err := f.CSV(&csv); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(csv.String(), "\n"); !strings.HasPrefix(lines[1], "synthetic,SYNTHETIC DATA") {
		t.Errorf("CSV's first row: %q", lines[1])
	}
	// Real records carry none of it.
	if page := renderHTML(t, htmlFigures(t)); strings.Contains(page, "SYNTHETIC DATA:") || strings.Contains(page, `class="synthetic"`) || strings.Contains(page, "@top-center") {
		t.Error("a report of real records says it is synthetic")
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want []string
	}{
		{"service: WEA (Workers' Educational Association) Whitby", 28, []string{"service: WEA (Workers'", "Educational Association)", "Whitby"}},
		{"Befriending", 28, []string{"Befriending"}},
		{"", 28, []string{""}},
		{"abcdefghij klm", 4, []string{"abcd", "efgh", "ij", "klm"}},
		{"a  b", 28, []string{"a b"}},
	} {
		if got := wrap(tc.in, tc.n); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		for _, l := range wrap(tc.in, tc.n) {
			if len([]rune(l)) > tc.n {
				t.Errorf("wrap(%q, %d): line %q is too long", tc.in, tc.n, l)
			}
		}
	}
	// A chart's labels say the whole name, and a wrapped row is taller.
	long := "service: WEA (Workers' Educational Association) Whitby"
	fig := newBarFigure("t", "topic", "questions", []Count{{long, 3}, {"Short", 1}})
	var said []string
	for _, l := range fig.Chart.Bars[0].Lines {
		said = append(said, l.Text)
	}
	if strings.Join(said, " ") != long {
		t.Errorf("the label says %q, want %q", strings.Join(said, " "), long)
	}
	b0, b1 := fig.Chart.Bars[0], fig.Chart.Bars[1]
	if last := b0.Lines[len(b0.Lines)-1].Y; last >= b1.Lines[0].Y-labelLineH+4 || fig.Chart.Height < b1.Y+b1.H {
		t.Errorf("rows overlap: first row's last line at %d, second row's first at %d; chart height %d", last, b1.Lines[0].Y, fig.Chart.Height)
	}
}

// With no records before the period there is nothing to compare with,
// and the page says so rather than show a column of noughts.
func TestNothingToCompareWith(t *testing.T) {
	f := htmlFigures(t)
	if page := renderHTML(t, f); !strings.Contains(page, "Most asked about now, and before") || strings.Contains(page, "nothing to compare with") {
		t.Error("a period with records before it shows no comparison")
	}
	f.Previous = Period{Since: f.Since.Add(-f.Until.Sub(f.Since)), Until: f.Since}
	page := renderHTML(t, f)
	if !strings.Contains(page, "it was not recording yet, so there is nothing to compare with") || strings.Contains(page, "This period and the one before") {
		t.Error("a period with nothing before it shows a comparison")
	}
}
