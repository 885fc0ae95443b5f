package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// htmlTemplate is the page. It loads nothing from anywhere: the styles are
// inline and the charts are SVG drawn here, so the file can be mailed to a
// commissioner, opened offline and printed to PDF as it is.
//
//go:embed report.html.tmpl
var htmlTemplate string

// htmlTop is how many rows a chart or table shows before "and N more":
// enough to see the pattern, few enough to fit a printed page.
const htmlTop = 10

// noPlace names the gaps that named no place.
const noPlace = "no place named"

// HTML writes the figures as one self-contained web page for the people who
// fund social prescribing: charts with their numbers in tables beside them,
// each explained in plain words, laid out to print on A4.
func (f Figures) HTML(w io.Writer) error {
	t, err := template.New("report").Funcs(template.FuncMap{"figure": newSection}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("reading the report's template: %w", err)
	}
	if err := t.Execute(w, f.page()); err != nil {
		return fmt.Errorf("writing the HTML report: %w", err)
	}
	return nil
}

// page is what the template shows: the figures, cut to the top rows,
// formatted, and drawn.
type page struct {
	// Organisation and Areas say whose questions these are; Synthetic,
	// when set, is the warning every printed page carries.
	Organisation, Areas, Synthetic string
	Since, Until, Knowledge        string
	// PeriodName is the period's length in words ("4 weeks").
	PeriodName, PreviousDates string
	Compare                   []compareRow
	PreviousQuestions         int
	TopicsBefore              []topicRow
	Provision                 []placeRow
	ProvisionMore, National   int
	Questions, Answered       int
	AnsweredShare             string
	Urgent                    int
	Helpful, NotHelpful       int
	Feedback                  int // Helpful + NotHelpful
	HelpfulShare              string
	OpenGaps, GapAsks         int
	StaleMonths               int

	Weekly weekChart
	// WeekRows are the weeks for the table, formatted.
	WeekRows []weekRow

	Topics, Categories, Places, GapPlaces, FeedbackBars barFigure

	Gaps             []gapRow
	GapsMore         int
	Linked           []linkedRow
	NLinked          int
	LinkedMore       int
	LinkedAskedAgain int
	Stale            []staleRow
	NStale           int
	StaleMore        int
}

// compareRow is one figure, this period beside the one before.
type compareRow struct {
	What, Before, Now, Change string
}

// topicRow is one of this period's most asked topics, with its count in
// the period before.
type topicRow struct {
	Name        string
	Now, Before int
}

// placeRow is what was asked in a place against what is listed there.
type placeRow struct {
	Place           string
	Asked, Listed   int
	Missing, Wanted string
}

type weekRow struct {
	Week                string // "3–9 Nov"
	Part                bool   // the period covers only some of its days
	Questions, Answered int
	Share               string
}

type gapRow struct {
	Question, Place, Topic, Last string
	Count, Unhelped              int
}

type linkedRow struct {
	Question, Title, At string
	AskedAgain          int
}

type staleRow struct {
	Title, ID, Owner, Reviewed, File string
}

func (f Figures) page() page {
	p := page{
		Organisation:  f.Organisation,
		Areas:         strings.Join(f.Areas, ", "),
		PeriodName:    f.periodName(),
		PreviousDates: f.previousDates(),
		National:      f.National,
		Since:         f.Since.Format("2 January 2006"),
		Until:         f.Until.Format("2 January 2006"),
		Knowledge:     f.KnowledgeDescription,
		Questions:     f.Questions,
		Answered:      f.Answered,
		AnsweredShare: percent(f.Answered, f.Questions),
		Urgent:        f.Urgent,
		Helpful:       f.Helpful,
		NotHelpful:    f.NotHelpful,
		Feedback:      f.Helpful + f.NotHelpful,
		HelpfulShare:  percent(f.Helpful, f.Helpful+f.NotHelpful),
		OpenGaps:      len(f.Gaps),
		StaleMonths:   f.staleMonths(),
		NStale:        len(f.Stale),
	}
	if f.Synthetic != "" {
		p.Synthetic = f.SyntheticWarning()
	}
	p.Compare, p.TopicsBefore = f.compare()
	p.PreviousQuestions = f.Previous.Questions
	for _, pl := range f.Places[:min(htmlTop, len(f.Places))] {
		p.Provision = append(p.Provision, placeRow{Place: pl.Place, Asked: pl.Asked, Listed: pl.Listed, Missing: counts(pl.Missing), Wanted: counts(pl.Wanted)})
	}
	p.ProvisionMore = len(f.Places) - len(p.Provision)
	p.Weekly = f.weekChart()
	for _, w := range f.Weeks {
		p.WeekRows = append(p.WeekRows, weekRow{
			Week:      weekRange(w.Start),
			Part:      f.partWeek(w),
			Questions: w.Questions,
			Answered:  w.Answered,
			Share:     percent(w.Answered, w.Questions),
		})
	}
	p.Topics = newBarFigure("topics", "topic", "questions", f.ByTopic)
	p.Categories = newBarFigure("categories", "service category", "questions", f.ByCategory)
	p.Places = newBarFigure("places", "place", "questions", f.ByArea)
	byPlace, none := gapsByPlace(f.Gaps)
	p.GapPlaces = newBarFigure("gap-places", "place", "times asked", byPlace)
	if none > 0 {
		p.GapPlaces.Aside = &Count{noPlace, none}
	}
	var fb []Count
	if p.Feedback > 0 {
		fb = []Count{{"Helpful", f.Helpful}, {"Not helpful", f.NotHelpful}}
	}
	p.FeedbackBars = newBarFigure("feedback", "answer", "ratings", fb)
	if len(p.FeedbackBars.Chart.Bars) == 2 {
		p.FeedbackBars.Chart.Bars[1].Muted = true
	}
	for _, g := range f.Gaps {
		p.GapAsks += g.Count
	}
	for _, g := range f.Gaps[:min(htmlTop, len(f.Gaps))] {
		p.Gaps = append(p.Gaps, gapRow{
			Question: g.Question,
			Place:    g.Area,
			Topic:    f.topicWords(g.Topic),
			Last:     day(g.Last),
			Count:    g.Count,
			Unhelped: g.Unhelped,
		})
	}
	p.GapsMore = len(f.Gaps) - len(p.Gaps)
	p.NLinked, p.LinkedAskedAgain, p.LinkedMore = len(f.Linked), f.LinkedAskedAgain, max(0, len(f.Linked)-htmlTop)
	for _, l := range f.Linked[:min(htmlTop, len(f.Linked))] {
		title := l.Title
		if title == "" {
			title = l.Entry + " (no longer in the knowledge)"
		}
		p.Linked = append(p.Linked, linkedRow{Question: l.Question, Title: title, At: l.At.Format("2 Jan 2006"), AskedAgain: l.AskedAgain})
	}
	for _, s := range f.Stale[:min(htmlTop, len(f.Stale))] {
		reviewed := s.Reviewed
		if reviewed == "" {
			reviewed = "never"
		}
		p.Stale = append(p.Stale, staleRow{Title: s.Title, ID: s.ID, Owner: s.Owner, Reviewed: reviewed, File: s.File})
	}
	p.StaleMore = len(f.Stale) - len(p.Stale)
	return p
}

// previousDates names the period before, and says when its records begin
// if that was part way through it.
func (f Figures) previousDates() string {
	s := f.Previous.Since.Format("2 January") + " to " + f.Previous.Until.Format("2 January 2006")
	if !f.Previous.Begins.IsZero() {
		s += "; records begin " + f.Previous.Begins.Format("2 January") + ", so only part of it is covered"
	}
	return s
}

// compare sets this period's headline figures beside the previous
// period's, and its top topics beside their counts then.
func (f Figures) compare() ([]compareRow, []topicRow) {
	p := f.Previous
	share := func(part, whole int) string { return percent(part, whole) }
	points := func(a, b, c, d int) string {
		if b == 0 || d == 0 {
			return "–"
		}
		diff := int(math.Round(100*float64(c)/float64(d))) - int(math.Round(100*float64(a)/float64(b)))
		switch {
		case diff > 0:
			return fmt.Sprintf("up %d points", diff)
		case diff < 0:
			return fmt.Sprintf("down %d points", -diff)
		}
		return "the same"
	}
	change := "–"
	if p.Questions > 0 {
		switch d := 100 * float64(f.Questions-p.Questions) / float64(p.Questions); {
		case f.Questions == p.Questions:
			change = "the same"
		case d > 0:
			change = fmt.Sprintf("up %.0f%%", d)
		default:
			change = fmt.Sprintf("down %.0f%%", -d)
		}
	}
	rows := []compareRow{
		{"Questions asked", fmt.Sprint(p.Questions), fmt.Sprint(f.Questions), change},
		{"Share answered", share(p.Answered, p.Questions), share(f.Answered, f.Questions), points(p.Answered, p.Questions, f.Answered, f.Questions)},
		{"Found it helpful", share(p.Helpful, p.Helpful+p.NotHelpful), share(f.Helpful, f.Helpful+f.NotHelpful), points(p.Helpful, p.Helpful+p.NotHelpful, f.Helpful, f.Helpful+f.NotHelpful)},
	}
	before := map[string]int{}
	for _, t := range p.ByTopic {
		before[t.Name] = t.N
	}
	var topics []topicRow
	for _, t := range f.ByTopic[:min(5, len(f.ByTopic))] {
		topics = append(topics, topicRow{Name: t.Name, Now: t.N, Before: before[t.Name]})
	}
	return rows, topics
}

// topicWords names the kinds of service a gap asked for ("music,befriending")
// in words ("Music and singing, Befriending").
func (f Figures) topicWords(topic string) string {
	if topic == "" {
		return ""
	}
	name := f.kindName
	if name == nil {
		name = categoryNamer(&knowledge.Base{})
	}
	var out []string
	for _, c := range strings.Split(topic, ",") {
		out = append(out, name(strings.TrimSpace(c)))
	}
	return strings.Join(out, ", ")
}

// counts lists counts in words: "Music and singing (4), Befriending (2)".
func counts(cs []Count) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s (%d)", c.Name, c.N))
	}
	return strings.Join(out, ", ")
}

// staleMonths is StaleAfter in the months people count in.
func (f Figures) staleMonths() int { return int(f.StaleAfter.Hours()/24/30 + 0.5) }

// gapsByPlace adds up how often the open gaps were asked, by the place
// they named: where provision is missing, or missing from the knowledge.
// Gaps that named no place are counted apart, in none: they are no place
// to compare with the others, and usually outnumber any one place.
func gapsByPlace(gaps []store.Gap) (places []Count, none int) {
	m := map[string]int{}
	for _, g := range gaps {
		if g.Area == "" {
			none += g.Count
			continue
		}
		m[g.Area] += g.Count
	}
	return sorted(m), none
}

// day is t's date, or nothing when there is no date.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// percent is part of whole as a whole percentage, or "–" when there is
// no whole to take a share of.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(part)/float64(whole))
}

// weekRange names a week by its first and last days: "3–9 Nov 2026",
// "29 Dec 2025 – 4 Jan 2026".
func weekRange(start time.Time) string {
	end := start.AddDate(0, 0, 6)
	switch {
	case start.Year() != end.Year():
		return start.Format("2 Jan 2006") + " – " + end.Format("2 Jan 2006")
	case start.Month() != end.Month():
		return start.Format("2 Jan") + " – " + end.Format("2 Jan 2006")
	}
	return start.Format("2") + "–" + end.Format("2 Jan 2006")
}

// The charts are drawn in SVG user units; the page scales them to its
// width, so these are proportions rather than pixels.
const (
	chartWidth     = 460 // its column's width on a screen, so text is the size it says
	weekChartWidth = 760 // it has the page's width to itself
	barLabelW      = 200 // room for a label of labelRunes characters
	barValueW      = 40  // room for the count after the longest bar
	barHeight      = 22
	barGap         = 8
	labelRunes     = 28
)

// barFigure is a horizontal bar chart and the table of the same numbers.
type barFigure struct {
	ID        string
	Rows      []Count // the top rows, as in the chart
	More      int     // rows left out
	MoreTotal int     // what they add up to
	Noun      string  // what a row is, for the chart's description
	Unit      string  // what the numbers count
	Chart     barChart
	Summary   string // the chart's description for screen readers
	// Aside is a row for the table only, after the others, such as the
	// gaps that named no place.
	Aside *Count
}

// section is a bar chart's section of the page: the figure, and the words
// around it, which the template holds so that they read as a page.
type section struct {
	Fig                            barFigure
	Title, Lead, How, Class, Empty string
}

func newSection(fig barFigure, title, lead, how, class, empty string) section {
	return section{Fig: fig, Title: title, Lead: lead, How: how, Class: class, Empty: empty}
}

type barChart struct {
	Width, Height int
	Bars          []bar
}

type bar struct {
	Full          string      // the row's name, whole
	Lines         []labelLine // Full wrapped to fit beside the bar
	N             int
	X, Y, W, H    int
	TextY, ValueX int
	Muted         bool
}

// labelLine is one line of a bar's wrapped label.
type labelLine struct {
	Text string
	Y    int
}

// labelLineH is the height of a line of a bar's label.
const labelLineH = 16

func newBarFigure(id, noun, unit string, rows []Count) barFigure {
	fig := barFigure{ID: id, Noun: noun, Unit: unit}
	top := rows[:min(htmlTop, len(rows))]
	fig.Rows = top
	fig.More = len(rows) - len(top)
	for _, r := range rows[len(top):] {
		fig.MoreTotal += r.N
	}
	if len(top) == 0 {
		return fig
	}
	most := 1
	for _, r := range top {
		most = max(most, r.N)
	}
	span := chartWidth - barLabelW - barValueW
	c := barChart{Width: chartWidth}
	y := 0
	for _, r := range top {
		// A long name wraps onto more lines and its row grows to hold
		// them: "service: WEA (Workers' Educ…" told nobody what it was.
		lines := wrap(r.Name, labelRunes)
		rowH := max(barHeight, len(lines)*labelLineH+6)
		w := int(math.Round(float64(span) * float64(r.N) / float64(most)))
		if r.N > 0 {
			w = max(w, 2) // a count of one still shows
		}
		b := bar{
			Full: r.Name, N: r.N,
			X: barLabelW, Y: y + (rowH-barHeight)/2, W: w, H: barHeight, ValueX: barLabelW + w + 6,
		}
		b.TextY = b.Y + barHeight/2 + 4
		first := y + (rowH-len(lines)*labelLineH)/2 + labelLineH - 4
		for i, l := range lines {
			b.Lines = append(b.Lines, labelLine{Text: l, Y: first + i*labelLineH})
		}
		c.Bars = append(c.Bars, b)
		y += rowH + barGap
	}
	c.Height = y - barGap
	fig.Chart = c
	fig.Summary = fmt.Sprintf("Bar chart of %s by %s, %d shown. The largest is %s (%d).",
		unit, noun, len(top), top[0].Name, top[0].N)
	return fig
}

// wrap breaks s into lines of at most n characters, between words where
// it can; a word longer than a line is broken inside. Nothing is cut.
func wrap(s string, n int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		for len(w) > n { // too long for any line
			if len(cur) > 0 {
				lines, cur = append(lines, string(cur)), nil
			}
			lines, w = append(lines, string(w[:n])), w[n:]
		}
		switch {
		case len(cur) == 0:
			cur = w
		case len(cur)+1+len(w) <= n:
			cur = append(append(cur, ' '), w...)
		default:
			lines, cur = append(lines, string(cur)), w
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// weekChart is questions per week: each bar the week's questions, its
// darker part the ones answered.
type weekChart struct {
	Width, Height  int
	Left, Right    int // the plot's edges
	Top, Base      int // the plot's top and baseline
	Ticks          []tick
	Bars           []weekBar
	Summary        string
	LabelY, ShareY int
}

type tick struct {
	Y, TextX, TextY int
	Label           int
}

type weekBar struct {
	X, W, CX     int
	Y, H         int // all the week's questions
	AY, AH       int // those answered
	Label, Share string
	ShowLabel    bool
	Part         bool // drawn fainter: a part-week's low count is no drop in use
	Title        string
}

func (f Figures) weekChart() weekChart {
	c := weekChart{Width: weekChartWidth, Height: 250, Left: 40, Right: weekChartWidth - 8, Top: 14, Base: 196}
	c.LabelY, c.ShareY = c.Base+18, c.Base+34
	if len(f.Weeks) == 0 {
		return c
	}
	most := 0
	for _, w := range f.Weeks {
		most = max(most, w.Questions)
	}
	top, step := niceScale(most)
	for v := 0; v <= top; v += step {
		y := c.Base - scale(v, top, c.Base-c.Top)
		c.Ticks = append(c.Ticks, tick{Y: y, TextX: c.Left - 6, TextY: y + 4, Label: v})
	}
	slot := float64(c.Right-c.Left) / float64(len(f.Weeks))
	// A label is about 40 units wide: with many weeks, label every few.
	every := int(math.Ceil(44 / slot))
	for i, w := range f.Weeks {
		x := c.Left + int(math.Round(slot*float64(i)+slot*0.15))
		bw := max(int(math.Round(slot*0.7)), 2)
		h := scale(w.Questions, top, c.Base-c.Top)
		ah := scale(w.Answered, top, c.Base-c.Top)
		label, part := w.Start.Format("2 Jan"), f.partWeek(w)
		if part {
			label += "*"
		}
		c.Bars = append(c.Bars, weekBar{
			X: x, W: bw, CX: x + bw/2,
			Y: c.Base - h, H: h, AY: c.Base - ah, AH: ah,
			Label: label, Share: percent(w.Answered, w.Questions),
			ShowLabel: i%every == 0, Part: part,
			Title: fmt.Sprintf("Week of %s: %d questions, %d answered", w.Start.Format("2 Jan 2006"), w.Questions, w.Answered),
		})
	}
	c.Summary = fmt.Sprintf("Bar chart of questions per week over %d weeks, from %d to %d a week; the darker part of each bar is the questions answered.",
		len(f.Weeks), minWeek(f.Weeks), most)
	return c
}

// partWeek reports whether the period covers only some of w's days.
func (f Figures) partWeek(w Week) bool {
	return w.Start.Before(f.Since) || w.Start.AddDate(0, 0, 7).After(f.Until)
}

func minWeek(ws []Week) int {
	least := ws[0].Questions
	for _, w := range ws {
		least = min(least, w.Questions)
	}
	return least
}

// scale is v's height in a plot of the given height whose top is top.
func scale(v, top, height int) int {
	if top == 0 {
		return 0
	}
	return int(math.Round(float64(v) * float64(height) / float64(top)))
}

// niceScale picks the axis: a top at or above most, in steps of 1, 2 or 5
// times a power of ten, with no more than five steps.
func niceScale(most int) (top, step int) {
	if most <= 0 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if steps := (most + step - 1) / step; steps <= 5 {
				return steps * step, step
			}
		}
	}
}
