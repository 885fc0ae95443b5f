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
	"unicode"
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

// Period is a period's headline figures, to set beside another's.
type Period struct {
	Since, Until time.Time
	// Begins is when its records begin, when that is more than a day
	// after Since: Signpost was not yet recording for all of it, and a
	// rise since is partly that.
	Begins              time.Time
	Questions, Answered int
	Helpful, NotHelpful int
	ByTopic             []Count
}

// Provision is what was asked in a place set against what is listed
// there: where the knowledge, or the place, has nothing of a kind people
// keep asking for.
type Provision struct {
	Place  string
	Asked  int     // questions that named it
	Listed int     // local services listed there
	Wanted []Count // kinds of service asked for there, in words
	// Missing are the kinds in Wanted with no local service of that kind
	// listed there.
	Missing []Count
}

// Figures are a report's numbers.
type Figures struct {
	// Organisation is who runs this Signpost (from the config), and
	// Areas the places its knowledge covers: whose questions these are.
	Organisation string
	Areas        []string
	// Synthetic says what made the records up (gen-activity), or "" for
	// real use: a report from made-up data says so on every page.
	Synthetic string
	// Previous is the period of the same length just before this one.
	Previous Period
	// Places are the places asked about, most asked first, each against
	// what is listed there; National counts the services for everywhere.
	Places   []Provision
	National int
	// kindName names a kind of service in the knowledge's words.
	kindName func(string) string

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

// Compute works out the figures for questions since a time, and for the
// period of the same length before it.
func Compute(src Source, kb *knowledge.Base, since, now time.Time, staleAfter time.Duration) (Figures, error) {
	f := Figures{Since: since, Until: now, StaleAfter: staleAfter, KnowledgeDescription: kb.Summary()}
	for _, a := range kb.Areas {
		f.Areas = append(f.Areas, a.Name)
	}
	prevSince := since.Add(-now.Sub(since))
	f.Previous = Period{Since: prevSince, Until: since}
	asked, err := src.QuestionsSince(prevSince)
	if err != nil {
		return f, fmt.Errorf("reading questions: %w", err)
	}
	titles, names := titles(kb), categoryNamer(kb)
	f.kindName = names
	topics, cats, areas := map[string]int{}, map[string]int{}, map[string]int{}
	prevTopics := map[string]int{}
	wanted := map[string]map[string]int{} // place → kind → questions
	places := placeNamer(kb)
	linkedAsks := map[string]int{} // by the linked wording's key
	f.Weeks = weeks(since, now)
	for _, a := range asked {
		if a.At.After(now) {
			continue // a report for a past period stays as it was
		}
		if a.At.Before(since) {
			f.Previous.Questions++
			if a.Answered {
				f.Previous.Answered++
				if t, ok := titles[a.Top]; ok {
					prevTopics[t]++
				}
			}
			continue
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
			cats[names(c)]++
		}
		if a.Area != "" {
			place := places(a.Area)
			areas[place]++
			if wanted[place] == nil {
				wanted[place] = map[string]int{}
			}
			for _, c := range a.Categories {
				wanted[place][c]++
			}
		}
	}
	f.ByTopic, f.ByCategory, f.ByArea = sorted(topics), sorted(cats), sorted(areas)
	// Records that begin part way through the period before make any
	// rise since partly that: said when the store knows when it began.
	if fr, ok := src.(interface {
		FirstQuestionAt() (time.Time, bool, error)
	}); ok {
		if first, ok, err := fr.FirstQuestionAt(); err == nil && ok && first.Sub(prevSince) > 24*time.Hour && first.Before(since) {
			f.Previous.Begins = first
		}
	}
	f.Previous.ByTopic = sorted(prevTopics)
	f.Places, f.National = provision(kb, f.ByArea, wanted, places, names)
	if err := f.feedback(src); err != nil {
		return f, err
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

// feedback counts the ratings of this period and the one before.
func (f *Figures) feedback(src Source) error {
	fb, err := src.FeedbackSince(f.Previous.Since)
	if err != nil {
		return fmt.Errorf("reading feedback: %w", err)
	}
	for _, x := range fb {
		switch {
		case x.At.After(f.Until):
		case x.At.Before(f.Since) && x.Helpful:
			f.Previous.Helpful++
		case x.At.Before(f.Since):
			f.Previous.NotHelpful++
		case x.Helpful:
			f.Helpful++
		default:
			f.NotHelpful++
		}
	}
	return nil
}

// categoryNamer names a kind of service in words ("Physical activity"),
// as replies do, with the knowledge's own words for its categories.
func categoryNamer(kb *knowledge.Base) func(string) string {
	v, err := knowledge.DefaultVocabulary()
	if err == nil {
		v = v.With(kb.CategoryWords)
	}
	return func(id string) string {
		label := strings.ReplaceAll(id, "-", " ")
		if v != nil {
			label = v.Label(id)
			label = strings.ReplaceAll(label, "-", " ")
		}
		r, n := utf8.DecodeRuneInString(label)
		return string(unicode.ToUpper(r)) + label[n:]
	}
}

// placeNamer names a place as the knowledge's areas do: "Hove" or
// "brighton and hove" is Brighton & Hove when an area says so.
//
// A question's place is kept as it was asked: an area's name or another
// of its names, a postcode district ("SR4"), or a neighbourhood only the
// services' addresses name ("Washington"). Each is the area its services
// are listed under: by the areas' own names and districts, then by the
// districts of services' postcodes, then by the services' addresses. A
// place none of those knows is a place of its own (one not covered).
func placeNamer(kb *knowledge.Base) func(string) string {
	canon := map[string]string{}
	for _, a := range kb.Areas {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			canon[strings.ToLower(strings.TrimSpace(n))] = a.Name
		}
		for _, d := range a.Districts {
			canon[strings.ToLower(d)] = a.Name
		}
	}
	national := nationalAreas()
	for _, s := range kb.Services {
		if s.Area == "" || national[strings.ToLower(s.Area)] {
			continue
		}
		area := s.Area
		if name, ok := canon[strings.ToLower(area)]; ok {
			area = name
		}
		if pc := strings.Fields(s.Postcode); len(pc) > 0 {
			if _, ok := canon[strings.ToLower(pc[0])]; !ok {
				canon[strings.ToLower(pc[0])] = area
			}
		}
	}
	return func(place string) string {
		key := strings.ToLower(strings.TrimSpace(place))
		if name, ok := canon[key]; ok {
			return name
		}
		if len(key) >= 4 {
			for _, s := range kb.Services {
				if s.Area != "" && !national[strings.ToLower(s.Area)] && strings.Contains(strings.ToLower(s.Address), key) {
					name := s.Area
					if n, ok := canon[strings.ToLower(name)]; ok {
						name = n
					}
					canon[key] = name // the next question naming it looks no further
					return name
				}
			}
		}
		canon[key] = place
		return place
	}
}

// nationalAreas are the area names that mean a service is for anyone in
// the country ("England", "UK", "online"), as the vocabulary lists them.
func nationalAreas() map[string]bool {
	out := map[string]bool{"england": true}
	if v, err := knowledge.DefaultVocabulary(); err == nil {
		for _, n := range v.NationalAreas {
			out[strings.ToLower(n)] = true
		}
	}
	return out
}

// provision sets what was asked in each place against the local services
// listed there.
func provision(kb *knowledge.Base, asked []Count, wanted map[string]map[string]int, places, names func(string) string) ([]Provision, int) {
	listed := map[string]map[string]int{} // place, lower case → kind → services ("" all)
	national, nationwide := 0, nationalAreas()
	for _, s := range kb.Services {
		if s.Area == "" {
			continue
		}
		if nationwide[strings.ToLower(s.Area)] {
			national++
			continue
		}
		p := strings.ToLower(places(s.Area))
		if listed[p] == nil {
			listed[p] = map[string]int{}
		}
		listed[p][""]++
		for _, c := range s.Categories {
			listed[p][c]++
		}
	}
	var out []Provision
	for _, a := range asked {
		here := listed[strings.ToLower(a.Name)]
		p := Provision{Place: a.Name, Asked: a.N, Listed: here[""]}
		w, m := map[string]int{}, map[string]int{}
		for c, n := range wanted[a.Name] {
			w[names(c)] += n
			if here[c] == 0 {
				m[names(c)] += n
			}
		}
		p.Wanted, p.Missing = sorted(w), sorted(m)
		out = append(out, p)
	}
	return out, national
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
	if f.Synthetic != "" {
		fmt.Fprintf(w, "%s\n\n", f.SyntheticWarning())
	}
	fmt.Fprintf(w, "Signpost report%s, %s to %s (%s)\n", f.forWhom(), f.Since.Format("2 Jan 2006"), f.Until.Format("2 Jan 2006"), f.KnowledgeDescription)
	if len(f.Areas) > 0 {
		fmt.Fprintf(w, "Places its knowledge covers: %s\n", strings.Join(f.Areas, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Questions asked: %d; answered: %d (%.0f%%)\n", f.Questions, f.Answered, 100*f.AnsweredShare())
	begins := ""
	if !f.Previous.Begins.IsZero() {
		begins = "; records begin " + f.Previous.Begins.Format("2 Jan")
	}
	fmt.Fprintf(w, "The %s before (%s to %s%s): %s\n", f.periodName(), f.Previous.Since.Format("2 Jan"), f.Previous.Until.Format("2 Jan 2006"), begins, f.Comparison())
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
	if len(f.Places) > 0 {
		fmt.Fprintf(w, "\nAsked in each place, against what is listed there (%d national services besides):\n", f.National)
		for _, p := range f.Places[:min(top, len(f.Places))] {
			fmt.Fprintf(w, "  %5d  %s: %s\n", p.Asked, p.Place, p.Shortfall())
		}
	}
	if len(f.Gaps) > 0 {
		fmt.Fprintf(w, "\nOpen gaps (questions without a good answer):\n")
		for _, g := range f.Gaps[:min(top, len(f.Gaps))] {
			fmt.Fprintf(w, "  %5d  %s (last asked %s)\n", g.Count, g.Question, g.Last.Format("2 Jan 2006"))
		}
	}
	if len(f.Linked) > 0 {
		fmt.Fprintf(w, "\nGaps linked to answers that already existed: %d in this period; wordings linked at any time, asked again and answered: %d\n", len(f.Linked), f.LinkedAskedAgain)
		for _, l := range f.Linked[:min(top, len(f.Linked))] {
			title := l.Title
			if title == "" {
				title = l.Entry + " (no longer in the knowledge)"
			}
			fmt.Fprintf(w, "  %5d  %s → %s\n", l.AskedAgain, l.Question, title)
		}
	}
	if len(f.Stale) == 0 {
		fmt.Fprintf(w, "\nEntries due a review (older than %d months): none\n", f.staleMonths())
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

// forWhom names the organisation the report is for, when it is named.
func (f Figures) forWhom() string {
	if f.Organisation == "" {
		return ""
	}
	return " for " + f.Organisation
}

// SyntheticWarning is what a report from made-up records says first.
func (f Figures) SyntheticWarning() string {
	return "SYNTHETIC DATA: these records were made up (" + f.Synthetic + ") to show the report. They are not real use of Signpost."
}

// periodName names the period's length as people would: "4 weeks", "30 days".
func (f Figures) periodName() string {
	days := int(f.Until.Sub(f.Since).Hours()/24 + 0.5)
	switch {
	case days%7 == 0 && days > 7:
		return fmt.Sprintf("%d weeks", days/7)
	case days == 7:
		return "week"
	case days == 1:
		return "day"
	}
	return fmt.Sprintf("%d days", days)
}

// Comparison sets this period's questions and share answered beside the
// previous period's, in words.
func (f Figures) Comparison() string {
	p := f.Previous
	if p.Questions == 0 {
		return "no questions, so nothing to compare with"
	}
	change := func(now, was int) string {
		switch d := 100 * float64(now-was) / float64(was); {
		case now == was:
			return "the same"
		case d > 0:
			return fmt.Sprintf("up %.0f%%", d)
		default:
			return fmt.Sprintf("down %.0f%%", -d)
		}
	}
	s := fmt.Sprintf("%s (now %d, %s)", plural(p.Questions, "question"), f.Questions, change(f.Questions, p.Questions))
	was, now := 100*float64(p.Answered)/float64(p.Questions), 100*f.AnsweredShare()
	points := int(now+0.5) - int(was+0.5)
	switch {
	case points > 0:
		s += fmt.Sprintf("; %.0f%% answered (now %.0f%%, up %d points)", was, now, points)
	case points < 0:
		s += fmt.Sprintf("; %.0f%% answered (now %.0f%%, down %d points)", was, now, -points)
	default:
		s += fmt.Sprintf("; %.0f%% answered, as now", was)
	}
	return s
}

// plural counts things: "1 question", "3 questions".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Shortfall says, in words, what a place lacks of what was asked there.
func (p Provision) Shortfall() string {
	listed := plural(p.Listed, "local service") + " listed"
	if len(p.Wanted) == 0 {
		return listed
	}
	if len(p.Missing) == 0 {
		return listed + "; every kind asked for is listed"
	}
	var kinds []string
	for _, m := range p.Missing {
		r, n := utf8.DecodeRuneInString(m.Name)
		kinds = append(kinds, fmt.Sprintf("%s (%d)", string(unicode.ToLower(r))+m.Name[n:], m.N))
	}
	return listed + "; asked for with none listed: " + strings.Join(kinds, ", ")
}

// CSV writes the figures as rows of section, name, count, for spreadsheets;
// a linked gap's row adds the entry it was linked to.
func (f Figures) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{{"section", "name", "count", "entry"}}
	if f.Synthetic != "" {
		rows = append(rows, []string{"synthetic", f.SyntheticWarning(), "1"})
	}
	rows = append(rows, [][]string{
		{"summary", "questions", fmt.Sprint(f.Questions)},
		{"summary", "answered", fmt.Sprint(f.Answered)},
		{"summary", "urgent", fmt.Sprint(f.Urgent)},
		{"summary", "helpful", fmt.Sprint(f.Helpful)},
		{"summary", "not helpful", fmt.Sprint(f.NotHelpful)},
		{"summary", "open gaps", fmt.Sprint(len(f.Gaps))},
		{"summary", "entries due a review", fmt.Sprint(len(f.Stale))},
		{"summary", "gaps linked", fmt.Sprint(len(f.Linked))},
		{"summary", "linked wordings asked again", fmt.Sprint(f.LinkedAskedAgain)},
		{"previous period", "questions", fmt.Sprint(f.Previous.Questions)},
		{"previous period", "answered", fmt.Sprint(f.Previous.Answered)},
	}...)
	for _, s := range []struct {
		name string
		rows []Count
	}{{"topic", f.ByTopic}, {"category", f.ByCategory}, {"area", f.ByArea}} {
		for _, r := range s.rows {
			rows = append(rows, []string{s.name, r.Name, fmt.Sprint(r.N)})
		}
	}
	for _, p := range f.Places {
		rows = append(rows, []string{"services listed in place", p.Place, fmt.Sprint(p.Listed)})
		for _, m := range p.Missing {
			rows = append(rows, []string{"asked for with none listed", p.Place + ": " + m.Name, fmt.Sprint(m.N)})
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
