// Package report works out the figures champions and commissioners need:
// what was asked (by topic, service category and place), how much of it
// Signpost answered, the open gaps, feedback, and entries due a review. It
// holds no personal data: questions are counted, never quoted, except the
// redacted wording of open gaps for the champions.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// Source is what the figures are worked out from; *store.Store is one.
type Source interface {
	QuestionsSince(time.Time) ([]store.Asked, error)
	FeedbackSince(time.Time) ([]store.Feedback, error)
	Gaps(all bool) ([]store.Gap, error)
}

// Count is one row of a breakdown.
type Count struct {
	Name string
	N    int
}

// Week is the questions asked in one week. The period's first and last
// weeks are usually part-weeks: Start is the Monday all the same.
type Week struct {
	Start               time.Time // Monday, midnight, in the period's time zone
	Questions, Answered int
}

// Linked is a gap's wording linked to an entry that already answered it.
type Linked struct {
	Question   string // the wording, redacted
	Entry      string // the entry's id
	Title      string // the entry's question, "" when it has gone
	At         time.Time
	AskedAgain int // questions in the period asking it again, answered with the entry
}

// Stale is an entry past its review age.
type Stale struct {
	ID, Title, Owner, File string
	Reviewed               string // "" when never reviewed
}

// Figures are a report's numbers.
type Figures struct {
	Since, Until        time.Time
	Questions, Answered int
	// Urgent counts questions about a person at risk, answered with
	// urgent help first.
	Urgent int
	// Weeks are the questions of each week of the period, Monday to
	// Sunday, oldest first. Weeks with no questions are there too, so a
	// quiet week shows as one rather than vanishing from the series.
	Weeks               []Week
	ByTopic             []Count // what answered questions were about (entry titles)
	ByCategory          []Count // service categories asked for
	ByArea              []Count // places named
	Helpful, NotHelpful int
	Gaps                []store.Gap // open, most asked first
	// Linked are gaps champions linked to an entry that already answers
	// them ("Same as…") in the period, latest first; LinkedAskedAgain is
	// how many questions in the period asked a linked wording (linked
	// whenever) and were answered with its entry, each counted once.
	Linked               []Linked
	LinkedAskedAgain     int
	Stale                []Stale
	StaleAfter           time.Duration
	KnowledgeDescription string
}

// AnsweredShare is the share of questions answered, 0–1.
func (f Figures) AnsweredShare() float64 {
	if f.Questions == 0 {
		return 0
	}
	return float64(f.Answered) / float64(f.Questions)
}

// Compute works out the figures for questions since a time.
func Compute(src Source, kb *knowledge.Base, since, now time.Time, staleAfter time.Duration) (Figures, error) {
	f := Figures{Since: since, Until: now, StaleAfter: staleAfter, KnowledgeDescription: kb.Summary()}
	asked, err := src.QuestionsSince(since)
	if err != nil {
		return f, fmt.Errorf("reading questions: %w", err)
	}
	titles := titles(kb)
	topics, cats, areas := map[string]int{}, map[string]int{}, map[string]int{}
	linkedAsks := map[string]int{} // by the linked wording's key
	f.Weeks = weeks(since, now)
	for _, a := range asked {
		if a.At.After(now) {
			continue // a report for a past period stays as it was
		}
		f.Questions++
		if a.Linked != "" {
			linkedAsks[a.Linked]++
			f.LinkedAskedAgain++
		}
		if a.Urgent {
			f.Urgent++
		}
		w := weekOf(f.Weeks, a.At, now)
		if w != nil {
			w.Questions++
		}
		if a.Answered {
			f.Answered++
			if w != nil {
				w.Answered++
			}
			if t, ok := titles[a.Top]; ok {
				topics[t]++
			}
		}
		for _, c := range a.Categories {
			cats[c]++
		}
		if a.Area != "" {
			areas[a.Area]++
		}
	}
	f.ByTopic, f.ByCategory, f.ByArea = sorted(topics), sorted(cats), sorted(areas)
	fb, err := src.FeedbackSince(since)
	if err != nil {
		return f, fmt.Errorf("reading feedback: %w", err)
	}
	for _, x := range fb {
		if x.Helpful {
			f.Helpful++
		} else {
			f.NotHelpful++
		}
	}
	gaps, err := src.Gaps(true)
	if err != nil {
		return f, fmt.Errorf("reading gaps: %w", err)
	}
	for _, g := range gaps {
		if g.Closed == "" {
			f.Gaps = append(f.Gaps, g)
		}
		if g.Linked != "" && !g.LinkedAt.Before(since) && !g.LinkedAt.After(now) {
			f.Linked = append(f.Linked, Linked{Question: g.Question, Entry: g.Linked, Title: titles[g.Linked], At: g.LinkedAt, AskedAgain: linkedAsks[g.AskKey]})
		}
	}
	sort.SliceStable(f.Linked, func(i, j int) bool { return f.Linked[i].At.After(f.Linked[j].At) })
	f.Stale = StaleEntries(kb, now, staleAfter)
	return f, nil
}

// StaleEntries are the FAQ entries, terms and services whose review date is
// older than staleAfter, or missing; oldest first.
func StaleEntries(kb *knowledge.Base, now time.Time, staleAfter time.Duration) []Stale {
	var out []Stale
	check := func(id, title, owner string, d knowledge.Date, pos knowledge.Pos) {
		if d.IsZero() || now.Sub(d.Time) > staleAfter {
			out = append(out, Stale{ID: id, Title: title, Owner: owner, File: pos.Path, Reviewed: d.String()})
		}
	}
	for _, e := range kb.FAQs {
		check(e.ID, e.Question, e.Owner, e.Reviewed, e.Pos)
	}
	for _, e := range kb.Terms {
		check(e.ID, e.Term, "", e.Reviewed, e.Pos)
	}
	for _, e := range kb.Services {
		check(e.ID, e.Name, "", e.Reviewed, e.Pos)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Reviewed < out[j].Reviewed })
	return out
}

// weeks lists the weeks from the one holding since to the one holding
// until, every one with no questions yet.
func weeks(since, until time.Time) []Week {
	var out []Week
	for start := weekStart(since); !start.After(until); start = start.AddDate(0, 0, 7) {
		out = append(out, Week{Start: start})
	}
	return out
}

// weekStart is midnight on the Monday of t's week, in t's time zone.
// Counting back in days on the calendar, not in hours, keeps it midnight
// across a change of the clocks.
func weekStart(t time.Time) time.Time {
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(t.Year(), t.Month(), t.Day()-back, 0, 0, 0, 0, t.Location())
}

// weekOf is the week t falls in, or nil when t is outside the period (a
// record stamped after now by a clock that ran ahead).
func weekOf(ws []Week, t, until time.Time) *Week {
	if len(ws) == 0 || t.Before(ws[0].Start) || t.After(until) {
		return nil
	}
	i := sort.Search(len(ws), func(i int) bool { return ws[i].Start.After(t) }) - 1
	return &ws[i]
}

func titles(kb *knowledge.Base) map[string]string {
	m := map[string]string{}
	for _, e := range kb.FAQs {
		m[e.ID] = e.Question
	}
	for _, e := range kb.Terms {
		m[e.ID] = e.Term
	}
	for _, e := range kb.Services {
		m[e.ID] = "service: " + e.Name
	}
	return m
}

func sorted(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Text writes the figures for people.
func (f Figures) Text(w io.Writer, top int) {
	fmt.Fprintf(w, "Signpost report, %s to %s (%s)\n\n", f.Since.Format("2 Jan 2006"), f.Until.Format("2 Jan 2006"), f.KnowledgeDescription)
	fmt.Fprintf(w, "Questions asked: %d; answered: %d (%.0f%%)\n", f.Questions, f.Answered, 100*f.AnsweredShare())
	if f.Urgent > 0 {
		fmt.Fprintf(w, "About a person at risk (answered with urgent help first): %d\n", f.Urgent)
	}
	fmt.Fprintf(w, "Feedback: %d helpful, %d not helpful\n", f.Helpful, f.NotHelpful)
	section := func(title string, rows []Count) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, r := range rows[:min(top, len(rows))] {
			fmt.Fprintf(w, "  %5d  %s\n", r.N, r.Name)
		}
	}
	section("Most asked about", f.ByTopic)
	section("Services asked for, by category", f.ByCategory)
	section("Places asked about", f.ByArea)
	if len(f.Gaps) > 0 {
		fmt.Fprintf(w, "\nOpen gaps (questions without a good answer):\n")
		for _, g := range f.Gaps[:min(top, len(f.Gaps))] {
			fmt.Fprintf(w, "  %5d  %s (last asked %s)\n", g.Count, g.Question, g.Last.Format("2 Jan 2006"))
		}
	}
	if len(f.Linked) > 0 {
		fmt.Fprintf(w, "\nGaps linked to answers that already existed: %d; linked wordings asked again and answered: %d\n", len(f.Linked), f.LinkedAskedAgain)
		for _, l := range f.Linked[:min(top, len(f.Linked))] {
			title := l.Title
			if title == "" {
				title = l.Entry + " (no longer in the knowledge)"
			}
			fmt.Fprintf(w, "  %5d  %s → %s\n", l.AskedAgain, l.Question, title)
		}
	}
	if len(f.Stale) > 0 {
		fmt.Fprintf(w, "\nEntries due a review (older than %d months): %d\n", f.staleMonths(), len(f.Stale))
		for _, s := range f.Stale[:min(top, len(f.Stale))] {
			reviewed := s.Reviewed
			if reviewed == "" {
				reviewed = "never"
			}
			owner := ""
			if s.Owner != "" {
				owner = ", owner " + s.Owner
			}
			fmt.Fprintf(w, "  %s  %s (%s%s)\n", reviewed, s.Title, s.File, owner)
		}
	}
}

// CSV writes the figures as rows of section, name, count, for spreadsheets;
// a linked gap's row adds the entry it was linked to.
func (f Figures) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{{"section", "name", "count", "entry"},
		{"summary", "questions", fmt.Sprint(f.Questions)},
		{"summary", "answered", fmt.Sprint(f.Answered)},
		{"summary", "urgent", fmt.Sprint(f.Urgent)},
		{"summary", "helpful", fmt.Sprint(f.Helpful)},
		{"summary", "not helpful", fmt.Sprint(f.NotHelpful)},
		{"summary", "open gaps", fmt.Sprint(len(f.Gaps))},
		{"summary", "entries due a review", fmt.Sprint(len(f.Stale))},
		{"summary", "gaps linked", fmt.Sprint(len(f.Linked))},
		{"summary", "linked wordings asked again", fmt.Sprint(f.LinkedAskedAgain)},
	}
	for _, s := range []struct {
		name string
		rows []Count
	}{{"topic", f.ByTopic}, {"category", f.ByCategory}, {"area", f.ByArea}} {
		for _, r := range s.rows {
			rows = append(rows, []string{s.name, r.Name, fmt.Sprint(r.N)})
		}
	}
	for _, g := range f.Gaps {
		rows = append(rows, []string{"gap", g.Question, fmt.Sprint(g.Count)})
	}
	for _, l := range f.Linked {
		rows = append(rows, []string{"linked gap", l.Question, fmt.Sprint(l.AskedAgain), l.Entry})
	}
	for i := range rows {
		for len(rows[i]) < 4 {
			rows[i] = append(rows[i], "") // every row the same shape, for readers that check
		}
		for j, cell := range rows[i] {
			rows[i][j] = textCell(cell)
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// textCell keeps a cell from running as a formula in a spreadsheet: what
// people asked may start with "=", "+", "-" or "@" (or a tab or carriage
// return before one), and then gets a quote mark first, as OWASP's advice
// on CSV injection has it.
func textCell(s string) string {
	// Spaces before the sign, and the full-width signs some spreadsheets
	// read as the ASCII ones, count too.
	t := strings.TrimLeft(s, " \u00a0\u3000")
	if r, _ := utf8.DecodeRuneInString(t); t != "" && strings.ContainsRune("=+-@\t\r\uff1d\uff0b\uff0d\uff20", r) {
		return "'" + s
	}
	return s
}

// Since parses a period such as "30d", "12w" or "6m" (months of 30 days)
// back from now.
func Since(period string, now time.Time) (time.Time, error) {
	p := strings.TrimSpace(period)
	if len(p) < 2 {
		return time.Time{}, fmt.Errorf("period %q: use a number and d, w or m, e.g. 30d", period)
	}
	var n int
	if _, err := fmt.Sscanf(p[:len(p)-1], "%d", &n); err != nil || n <= 0 {
		return time.Time{}, fmt.Errorf("period %q: use a number and d, w or m, e.g. 30d", period)
	}
	days := map[byte]int{'d': 1, 'w': 7, 'm': 30}[p[len(p)-1]]
	if days == 0 {
		return time.Time{}, fmt.Errorf("period %q: use d (days), w (weeks) or m (months)", period)
	}
	return now.AddDate(0, 0, -n*days), nil
}
