// Package activitygen makes realistic synthetic activity for a knowledge
// base — questions asked, 👍/👎 feedback and gaps, in the shapes the Slack
// bot records them — so that `signpost report` can be shown and tested
// without anyone's real questions. Nothing it makes is real: never write it
// into a live bot's data directory.
package activitygen

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/internal/kbgen"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// Options say how much activity to make, and when.
type Options struct {
	Weeks int       // how many weeks before Now
	Seed  uint64    // the same seed, Now and knowledge make the same activity
	Now   time.Time // nothing is made after it
}

// Gap is one question recorded against a gap, as Store.RecordGap takes it.
type Gap struct {
	Key, Question, Topic, Area string
	Near                       []string // entries it came nearest to
	Unhelpful                  bool
	At                         time.Time
}

// Activity is what a bot would have recorded, oldest first.
type Activity struct {
	Asked    []store.Asked
	Feedback []store.Feedback
	Gaps     []Gap
	// Closed are gaps a champion has since answered; they are closed after
	// the last time they were asked, so they stay closed.
	Closed []string
	// Linked are gaps a champion linked to an entry that already answered
	// them ("Same as…"), and how often their wording was asked again.
	Linked []Link
}

// Link is a gap linked to an existing entry; the questions asking its
// wording again are among Activity.Asked, with Linked set.
type Link struct {
	Key, Entry string
	At         time.Time
}

// Recorder is where activity is written; *store.Store is one.
type Recorder interface {
	RecordQuestion(store.Asked) error
	RecordFeedback(store.Feedback) error
	RecordGap(key, question, topic, area string, near []string, unhelpful bool, at time.Time) error
	CloseGap(key, how, by string) error
	LinkGap(key, entry, askKey, by string, at time.Time) error
}

// champion closes the gaps that get answered; people are synthetic Slack IDs.
const champion = "U0SYNTH00"

// Write records the activity in time order, as the bot would have.
func (a Activity) Write(r Recorder) error {
	for _, x := range a.Asked {
		if err := r.RecordQuestion(x); err != nil {
			return fmt.Errorf("recording a question: %w", err)
		}
	}
	for _, x := range a.Feedback {
		if err := r.RecordFeedback(x); err != nil {
			return fmt.Errorf("recording feedback: %w", err)
		}
	}
	for _, g := range a.Gaps {
		if err := r.RecordGap(g.Key, g.Question, g.Topic, g.Area, g.Near, g.Unhelpful, g.At); err != nil {
			return fmt.Errorf("recording a gap: %w", err)
		}
	}
	for _, k := range a.Closed {
		if err := r.CloseGap(k, "answered", champion); err != nil {
			return fmt.Errorf("closing a gap: %w", err)
		}
	}
	for _, l := range a.Linked {
		if err := r.LinkGap(l.Key, l.Entry, l.Key, champion, l.At); err != nil {
			return fmt.Errorf("linking a gap: %w", err)
		}
	}
	return nil
}

// Generate makes Options.Weeks weeks of activity up to Options.Now for kb.
// Use grows over the weeks and the share answered rises from about 70% to
// 82%, as it does while champions fill gaps; questions come on weekdays in
// working hours, a few at weekends, with one quiet week.
func Generate(kb *knowledge.Base, o Options) (Activity, error) {
	if o.Weeks < 1 {
		return Activity{}, errors.New("generating activity: weeks must be at least 1")
	}
	if o.Now.IsZero() {
		return Activity{}, errors.New("generating activity: no time to end at")
	}
	g := newGenerator(kb, o)
	start := o.Now.AddDate(0, 0, -7*o.Weeks)
	quiet := -1
	if o.Weeks >= 4 {
		quiet = 1 + g.r.IntN(o.Weeks-2) // never the first or the last
	}
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, o.Now.Location())
	for i := 0; day.Before(o.Now); i, day = i+1, day.AddDate(0, 0, 1) {
		week := min(i/7, o.Weeks-1)
		progress := float64(week) / math.Max(1, float64(o.Weeks-1))
		perWeek := (28 + 22*progress) * (0.85 + 0.3*g.r.Float64())
		if week == quiet {
			perWeek *= 0.45
		}
		expected := perWeek * dayWeight[day.Weekday()] / weekWeight
		n := int(expected)
		if g.r.Float64() < expected-float64(n) {
			n++
		}
		for range n {
			at := day.Add(time.Duration(8*60+g.r.IntN(10*60)) * time.Minute).Add(time.Duration(g.r.IntN(60)) * time.Second)
			if at.Before(start) || !at.Before(o.Now) {
				continue
			}
			g.question(at, 0.70+0.12*progress)
		}
	}
	g.close(o.Now)
	sort.SliceStable(g.out.Asked, func(i, j int) bool { return g.out.Asked[i].At.Before(g.out.Asked[j].At) })
	a := g.out
	slices.SortStableFunc(a.Asked, func(x, y store.Asked) int { return x.At.Compare(y.At) })
	slices.SortStableFunc(a.Feedback, func(x, y store.Feedback) int { return x.At.Compare(y.At) })
	slices.SortStableFunc(a.Gaps, func(x, y Gap) int { return x.At.Compare(y.At) })
	return a, nil
}

// dayWeight is how busy each day is: working days, Friday a little less,
// and a trickle at weekends.
var dayWeight = [7]float64{time.Sunday: 0.1, time.Monday: 1.2, time.Tuesday: 1.1, time.Wednesday: 1.1, time.Thursday: 1, time.Friday: 0.8, time.Saturday: 0.15}

const weekWeight = 0.1 + 1.2 + 1.1 + 1.1 + 1 + 0.8 + 0.15

type entry struct {
	id, title string
	faq       bool // an FAQ, which a wording can be linked to
	// other is another way of asking the FAQ (its last also_asked), as
	// someone asked it before a champion linked it: a gap whose link
	// makes sense.
	other string
}

// want is a kind of service asked for in a place.
type want struct{ cat, place string }

type generator struct {
	r        *rand.Rand
	now      time.Time
	entries  []entry // FAQs and terms, most asked first
	services []knowledge.Service
	cats     []string
	local    []string // places with services of their own
	others   []string // places people ask about with none
	// missing is what a few of those places lack and people keep asking
	// for: the gaps in provision a report should show.
	missing []want
	out     Activity
	// sameAs is the entry a gap's wording is another way of asking, for
	// gaps asked in an FAQ's other words.
	sameAs map[string]string
}

func newGenerator(kb *knowledge.Base, o Options) *generator {
	g := &generator{r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed_ac71)), now: o.Now, sameAs: map[string]string{}}
	for _, e := range kb.FAQs {
		other := ""
		if n := len(e.AlsoAsked); n > 0 {
			other = e.AlsoAsked[n-1]
		}
		g.entries = append(g.entries, entry{e.ID, e.Question, true, other})
	}
	for _, e := range kb.Terms {
		g.entries = append(g.entries, entry{e.ID, "what is " + e.Term + "?", false, ""})
	}
	// Popularity follows this order: a few entries are asked about far
	// more than the rest, as in any FAQ. The knowledge's own order puts
	// the basics first; a local shuffle keeps that roughly, not exactly.
	localShuffle(g.r, g.entries, 6)
	g.services = kb.Services
	cats, local := map[string]bool{}, map[string]bool{}
	for _, s := range kb.Services {
		for _, c := range s.Categories {
			cats[c] = true
		}
		if s.Area != "" && !strings.EqualFold(s.Area, "England") {
			local[s.Area] = true
		}
	}
	for _, a := range kb.Areas {
		local[a.Name] = true
	}
	g.cats = sortedKeys(cats)
	if len(g.cats) == 0 {
		g.cats = knowledge.Categories()
	}
	g.r.Shuffle(len(g.cats), func(i, j int) { g.cats[i], g.cats[j] = g.cats[j], g.cats[i] })
	g.local = sortedKeys(local)
	// People name towns the knowledge has nothing for, too: those are the
	// gaps in provision a report should show.
	towns := kbgen.Towns()
	g.r.Shuffle(len(towns), func(i, j int) { towns[i], towns[j] = towns[j], towns[i] })
	for _, t := range towns {
		if len(g.others) == max(3, 8-len(g.local)) {
			break
		}
		if !local[t.Name] {
			g.others = append(g.others, t.Name)
		}
	}
	for _, p := range g.others[:min(4, len(g.others))] {
		g.missing = append(g.missing, want{g.cats[g.r.IntN(len(g.cats))], p})
	}
	return g
}

// localShuffle moves each element at most about span places.
func localShuffle[T any](r *rand.Rand, s []T, span int) {
	for i := range s {
		j := min(i+r.IntN(span), len(s)-1)
		s[i], s[j] = s[j], s[i]
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// zipf picks an index below n, the first far more often than the last.
func (g *generator) zipf(n int) int {
	total := 0.0
	for i := range n {
		total += 1 / math.Pow(float64(i+1), 0.9)
	}
	x := g.r.Float64() * total
	for i := range n {
		x -= 1 / math.Pow(float64(i+1), 0.9)
		if x < 0 {
			return i
		}
	}
	return n - 1
}

func (g *generator) source() string {
	switch x := g.r.Float64(); {
	case x < 0.5:
		return "mention"
	case x < 0.85:
		return "dm"
	}
	return "command"
}

// question makes one question at a time, answered with the given chance.
func (g *generator) question(at time.Time, answered float64) {
	a := store.Asked{At: at, Source: g.source()}
	switch x := g.r.Float64(); {
	case x < 0.015:
		// About a person at risk: answered with urgent help first, and
		// never a gap, whatever else happens.
		a.Answered, a.Kind, a.Urgent = true, "answer", true
	case x < 0.55 && len(g.entries) > 0:
		g.knowledgeQuestion(&a, g.r.Float64() < answered)
	default:
		g.serviceQuestion(&a, g.r.Float64() < answered)
	}
	g.out.Asked = append(g.out.Asked, a)
	if a.Answered && a.Top != "" && g.r.Float64() < 0.2 {
		g.feedback(a)
	}
}

func (g *generator) knowledgeQuestion(a *store.Asked, answered bool) {
	e := g.entries[g.zipf(len(g.entries))]
	if answered {
		a.Answered, a.Kind, a.Top = true, "answer", e.id
		return
	}
	a.Kind = "not-found"
	if g.r.IntN(2) == 0 {
		a.Top = e.id // a near miss, shown as "did you mean"
	}
	if e.other != "" && g.r.IntN(2) == 0 {
		// An entry's question in other words, which it did not find.
		k := keyOf(e.other, "")
		g.sameAs[k] = e.id
		g.out.Gaps = append(g.out.Gaps, Gap{Key: k, Question: e.other, Near: []string{e.id}, At: a.At})
		return
	}
	q := unanswered[g.zipf(len(unanswered))]
	g.out.Gaps = append(g.out.Gaps, Gap{Key: keyOf(q, ""), Question: q, At: a.At})
}

func (g *generator) serviceQuestion(a *store.Asked, answered bool) {
	cat := g.cats[g.zipf(len(g.cats))]
	a.Categories = []string{cat}
	switch {
	case !answered && g.r.Float64() < 0.6:
		// Most requests that go unanswered are for what a place lacks,
		// asked again and again.
		m := g.missing[g.zipf(len(g.missing))]
		cat, a.Categories, a.Area = m.cat, []string{m.cat}, m.place
	case g.r.Float64() < 0.75:
		// Answered questions lean to places with services of their own.
		places := g.others
		if answered && len(g.local) > 0 {
			places = g.local
		}
		a.Area = places[g.zipf(len(places))]
	}
	if g.r.IntN(5) == 0 {
		if other := g.cats[g.r.IntN(len(g.cats))]; other != cat {
			a.Categories = append(a.Categories, other)
		}
	}
	if answered {
		a.Answered, a.Kind = true, "services"
		a.Top = g.serviceFor(cat, a.Area)
		return
	}
	a.Kind = "not-found"
	g.out.Gaps = append(g.out.Gaps, Gap{Key: keyOf(phrases(cat)[0], a.Area), Question: g.asking(cat, a.Area), Topic: strings.Join(a.Categories, ","), Area: a.Area, At: a.At})
}

// asking is a way of asking for a kind of service, in a place or none.
func (g *generator) asking(cat, area string) string {
	words := phrases(cat)
	what := words[g.r.IntN(len(words))]
	if area == "" {
		return fmt.Sprintf(noPlaceWordings[g.r.IntN(len(noPlaceWordings))], what)
	}
	return fmt.Sprintf(placeWordings[g.r.IntN(len(placeWordings))], what, area)
}

// serviceFor is the id of a service of the category, local to area when
// there is one, else national; "" when the knowledge has none.
func (g *generator) serviceFor(cat, area string) string {
	var local, anywhere []string
	for _, s := range g.services {
		if !slices.Contains(s.Categories, cat) {
			continue
		}
		anywhere = append(anywhere, s.ID)
		if area != "" && s.Area == area {
			local = append(local, s.ID)
		}
	}
	if len(local) > 0 {
		return local[g.r.IntN(len(local))]
	}
	if len(anywhere) > 0 {
		return anywhere[g.r.IntN(len(anywhere))]
	}
	return ""
}

func (g *generator) feedback(a store.Asked) {
	fb := store.Feedback{
		At:      a.At.Add(time.Duration(1+g.r.IntN(20)) * time.Minute),
		User:    fmt.Sprintf("U0SYNTH%02d", 1+g.r.IntN(24)),
		EntryID: a.Top,
		Helpful: g.r.Float64() < 0.82,
	}
	if !fb.At.Before(g.now) {
		return // not given yet
	}
	if len(a.Categories) > 0 {
		fb.Question = g.asking(a.Categories[0], a.Area)
	} else {
		fb.Question = g.titleOf(a.Top)
	}
	g.out.Feedback = append(g.out.Feedback, fb)
	if !fb.Helpful && fb.Question != "" {
		// As the bot does: a 👎 puts the question on the champions' list.
		g.out.Gaps = append(g.out.Gaps, Gap{Key: "👎 " + a.Top + " " + strings.ToLower(fb.Question), Question: fb.Question, Unhelpful: true, At: fb.At})
	}
}

func (g *generator) titleOf(id string) string {
	for _, e := range g.entries {
		if e.id == id {
			return e.title
		}
	}
	return ""
}

// close deals with the gaps not asked in the last week, as champions do:
// a wording that is plainly another way of asking an entry is mostly
// linked to it ("Same as…"); of the rest, about a third are answered with
// a new entry and the others left open. Linking only those keeps the
// report's list of links sensible: a link made on shared words alone
// ("link workers in care homes" to "how many link workers are there?")
// would not be.
func (g *generator) close(now time.Time) {
	last, wording := map[string]time.Time{}, map[string]string{}
	for _, x := range g.out.Gaps {
		if x.At.After(last[x.Key]) {
			last[x.Key], wording[x.Key] = x.At, x.Question
		}
	}
	keys := make([]string, 0, len(last))
	for k := range last {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if now.Sub(last[k]) <= 7*24*time.Hour {
			continue
		}
		roll := g.r.IntN(4)
		if id := g.sameAs[k]; id != "" && roll > 0 {
			// Linked a day or two after it was last asked, and asked
			// again since; never a wording that had patient details taken
			// out (Signpost refuses those).
			at := last[k].Add(time.Duration(24+g.r.IntN(48)) * time.Hour)
			if !strings.Contains(wording[k], "[") && at.Before(now) {
				g.out.Linked = append(g.out.Linked, Link{Key: k, Entry: id, At: at})
				for range g.r.IntN(6) {
					when := at.Add(time.Duration(g.r.Int64N(int64(now.Sub(at)))))
					g.out.Asked = append(g.out.Asked, store.Asked{At: when, Source: "mention", Answered: true, Kind: "answer", Top: id, Linked: k})
				}
			}
			continue
		}
		if roll == 0 {
			g.out.Closed = append(g.out.Closed, k)
		}
	}
}

// keyOf groups wordings of one gap, as the bot's own key does: its words
// sorted, and the place marked with @.
func keyOf(what, area string) string {
	words := strings.Fields(strings.ToLower(strings.Trim(what, "?")))
	slices.Sort(words)
	words = slices.Compact(words)
	if area != "" {
		words = append(words, "@"+strings.ToLower(strings.ReplaceAll(area, " ", "-")))
	}
	return strings.Join(words, " ")
}

// unanswered are questions AHPs ask that a knowledge base seldom covers,
// most asked first, worded as they are stored: redacted.
var unanswered = []string{
	"how long is the wait for a link worker in our PCN?",
	"can I refer under-18s to the link worker service?",
	"what outcome measures should we use for social prescribing?",
	"is there funding for social prescribing training for physios?",
	"how do I code a social prescribing referral in SystmOne?",
	"can [name] self-refer to the falls prevention class?",
	"who is the social prescribing lead at the ICB?",
	"do link workers see people in care homes?",
	"is there transport to groups for people who can't drive?",
	"can I refer someone to a link worker without their GP?",
	"what should I do if a patient declines social prescribing?",
	"is there a social prescribing directory for [postcode]?",
}

var placeWordings = []string{"%s in %s?", "is there a %s in %s", "any %s near %s?", "%s for a patient in %s"}

var noPlaceWordings = []string{"is there a %s for someone housebound?", "%s that takes referrals from AHPs?", "%s in the evenings?"}

// phrases are everyday names for a category, the first its usual one.
func phrases(cat string) []string {
	if p, ok := categoryPhrases[cat]; ok {
		return p
	}
	return []string{strings.ReplaceAll(cat, "-", " ")}
}

var categoryPhrases = map[string][]string{
	"befriending":       {"befriending service", "befriender"},
	"gardening":         {"community garden", "allotment group"},
	"arts":              {"art group", "craft club"},
	"music":             {"choir", "singing group"},
	"physical-activity": {"walking group", "chair exercise class"},
	"healthy-eating":    {"cooking class", "cook and eat group"},
	"weight-management": {"weight management group"},
	"mental-wellbeing":  {"wellbeing cafe", "anxiety support group"},
	"volunteering":      {"volunteering", "volunteer centre"},
	"employment":        {"job club", "back to work support"},
	"money-advice":      {"debt advice", "benefits advice"},
	"housing":           {"housing advice"},
	"carers":            {"carers group", "support for carers"},
	"learning":          {"adult learning", "evening classes"},
	"digital-skills":    {"help getting online", "digital drop-in"},
	"peer-support":      {"men's shed", "memory cafe"},
	"link-worker":       {"link worker", "social prescriber"},
}
