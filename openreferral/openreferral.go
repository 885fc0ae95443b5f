// Package openreferral imports local service directories published in the
// Open Referral UK standard: the original ORUK ("v1") that most council
// feeds still serve, ORUK 3.0, and the CSV tables of the data package. It
// turns them into Signpost services, mapping taxonomy terms to categories
// and reporting every record it cannot use, so that an area can load its
// directory instead of retyping it.
package openreferral

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place/postcode"
)

// Record is one service as read from any ORUK format, before conversion.
type Record struct {
	ID, Name, Description, Org   string
	URL, Email, Phone            string
	Status                       string
	Fees                         string
	Costs                        []Cost
	MinAge, MaxAge               int // 0 when not given
	Eligibility                  string
	AttendingAccess, Application string
	Lat, Lon                     *float64
	Address, City, Postcode      string
	Terms                        []Term
	Schedules                    []string
	Assured                      string
}

// Cost is one cost option.
type Cost struct {
	Amount      *float64
	Option      string
	Description string
}

// Term is one taxonomy term attached to a service.
type Term struct {
	ID, Name, Vocabulary string
}

// Options tune a conversion.
type Options struct {
	// Area is used for services whose address gives no town; empty means
	// such services are skipped (and reported).
	Area string
	// Mapping maps taxonomy terms to categories.
	Mapping *Mapping
	// Vocabulary's everyday category words are the fallback when no term
	// maps: the service's name and description are read for them.
	Vocabulary func(text string) []string
	// Progress, if set, is told how far conversion has got.
	Progress func(done, total int)
}

// Report says what an import did.
type Report struct {
	Read     int
	Imported int
	// Skipped counts records not imported, by reason.
	Skipped map[string]int
	// Unmapped are the records skipped because no category could be found
	// for them: champions can add their terms to the mapping file.
	Unmapped []Unmapped
	// Notes are per-record warnings: a location or postcode dropped as
	// invalid, a category found only from the description.
	Notes []string
}

// Unmapped is a record whose taxonomy terms map to no category.
type Unmapped struct {
	ID, Name string
	Terms    []string
}

func (r *Report) skip(reason string) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
}

// Summary is the report in a line or two.
func (r Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d services, imported %d", r.Read, r.Imported)
	reasons := make([]string, 0, len(r.Skipped))
	for reason := range r.Skipped {
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(&b, ", skipped %d (%s)", r.Skipped[reason], reason)
	}
	if len(r.Notes) > 0 {
		fmt.Fprintf(&b, "; %d notes", len(r.Notes))
	}
	return b.String()
}

// Convert turns records into services.
func Convert(records []Record, opt Options) ([]knowledge.Service, Report) {
	rep := Report{Read: len(records)}
	var out []knowledge.Service
	seen := map[string]bool{}
	for i, rec := range records {
		if opt.Progress != nil {
			opt.Progress(i+1, len(records))
		}
		s, ok := convert(rec, opt, &rep)
		if !ok {
			continue
		}
		if seen[s.ID] {
			rep.skip("duplicate id")
			continue
		}
		seen[s.ID] = true
		out = append(out, s)
		rep.Imported++
	}
	return out, rep
}

func convert(rec Record, opt Options, rep *Report) (knowledge.Service, bool) {
	name := strings.TrimSpace(plainText(rec.Name))
	label := rec.ID
	if name != "" {
		label = fmt.Sprintf("%s (%s)", name, rec.ID)
	}
	switch {
	case rec.ID == "":
		rep.skip("no id")
		return knowledge.Service{}, false
	case name == "":
		rep.skip("no name")
		return knowledge.Service{}, false
	}
	if st := strings.ToLower(strings.TrimSpace(rec.Status)); st != "" && st != "active" {
		rep.skip("status " + st)
		return knowledge.Service{}, false
	}
	s := knowledge.Service{ID: StableID(name, rec.ID), Name: name}
	s.Description = strings.TrimSpace(plainText(rec.Description))
	if s.Description == "" {
		s.Description = name
		if rec.Org != "" {
			s.Description = name + ", run by " + rec.Org + "."
		}
	}
	cats, how := categories(rec, opt)
	if len(cats) == 0 {
		rep.skip("no category")
		terms := make([]string, len(rec.Terms))
		for i, t := range rec.Terms {
			terms[i] = t.Name
		}
		rep.Unmapped = append(rep.Unmapped, Unmapped{ID: rec.ID, Name: name, Terms: terms})
		return knowledge.Service{}, false
	}
	if how != "" {
		rep.Notes = append(rep.Notes, label+": "+how)
	}
	s.Categories = cats
	s.Area = strings.TrimSpace(rec.City)
	if s.Area == "" {
		s.Area = opt.Area
	}
	if s.Area == "" {
		rep.skip("no town (use --area)")
		return knowledge.Service{}, false
	}
	s.Address = strings.Trim(strings.TrimSpace(rec.Address+", "+rec.City), ", ")
	if rec.Postcode != "" {
		if pc, ok := postcode.Parse(rec.Postcode); ok {
			s.Postcode = pc.String()
		} else {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: postcode %q is not a UK postcode; left out", label, rec.Postcode))
		}
	}
	if rec.Lat != nil && rec.Lon != nil {
		if *rec.Lat >= -90 && *rec.Lat <= 90 && *rec.Lon >= -180 && *rec.Lon <= 180 && (*rec.Lat != 0 || *rec.Lon != 0) {
			s.Location = &knowledge.Location{Lat: *rec.Lat, Lon: *rec.Lon}
		} else {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: location %v,%v is out of range; left out", label, *rec.Lat, *rec.Lon))
		}
	}
	c := knowledge.Contact{Phone: strings.TrimSpace(rec.Phone), Email: strings.TrimSpace(rec.Email)}
	if u := strings.TrimSpace(rec.URL); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		// One service's bad address must not stop the whole import.
		if err := knowledge.CheckWebAddress(u); err != nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: web address %q %v; left out", label, u, err))
		} else {
			c.Website = u
		}
	}
	if c != (knowledge.Contact{}) {
		s.Contact = &c
	}
	s.Referral = referral(rec)
	s.Eligibility = eligibility(rec)
	s.Cost = cost(rec)
	s.Hours = strings.Join(rec.Schedules, "; ")
	if d := date(rec.Assured); d != "" {
		t, _ := time.Parse(time.DateOnly, d)
		s.Reviewed = knowledge.Date{Time: t}
	}
	return s, true
}

// StableID makes a service id that survives re-imports: a slug of the name
// (for people reading the YAML) and a hash of the directory's own id (so
// a renamed service keeps a recognisable id, and two of the same name do
// not collide).
func StableID(name, sourceID string) string {
	sum := sha1.Sum([]byte(sourceID))
	slug := knowledge.Slug(name)
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
	}
	if slug == "" {
		slug = "service"
	}
	return "oruk-" + slug + "-" + hex.EncodeToString(sum[:])[:8]
}

// categories maps a record's taxonomy terms, falling back to the everyday
// words of its name and description. how says which fallback was used.
func categories(rec Record, opt Options) ([]string, string) {
	var cats []string
	add := func(c string) {
		for _, x := range cats {
			if x == c {
				return
			}
		}
		cats = append(cats, c)
	}
	if opt.Mapping != nil {
		for _, t := range rec.Terms {
			for _, c := range opt.Mapping.Map(t) {
				add(c)
			}
		}
	}
	if len(cats) > 0 || opt.Vocabulary == nil {
		return cats, ""
	}
	for _, c := range opt.Vocabulary(rec.Name) {
		add(c)
	}
	if len(cats) > 0 {
		return cats, "category from its name: " + strings.Join(cats, ", ")
	}
	for _, c := range opt.Vocabulary(rec.Description) {
		add(c)
	}
	if len(cats) > 0 {
		return cats, "category from its description: " + strings.Join(cats, ", ")
	}
	return nil, ""
}

// referral reads how people reach a service: attending_access (referral,
// appointment, membership, drop-in) and the application process.
func referral(rec Record) []string {
	access := strings.ToLower(rec.AttendingAccess)
	how := strings.ToLower(rec.Application)
	any := func(s string, words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	var out []string
	if any(access, "drop-in", "drop in", "appointment", "membership", "walk-in") ||
		any(how, "self-refer", "self refer", "drop in", "drop-in", "just turn up", "contact us", "book") {
		out = append(out, "self")
	}
	if access == "referral" || any(how, "referral by", "referred by", "gp", "nurse", "therapist", "health visitor", "professional") {
		out = append(out, "professional")
	}
	if any(how, "link worker", "social prescrib") {
		out = append(out, "link-worker")
	}
	return out
}

func eligibility(rec Record) string {
	parts := []string{}
	if e := strings.TrimSpace(plainText(rec.Eligibility)); e != "" {
		parts = append(parts, e)
	}
	switch {
	case rec.MinAge > 0 && rec.MaxAge > 0 && rec.MaxAge < 120:
		parts = append(parts, fmt.Sprintf("Ages %d to %d", rec.MinAge, rec.MaxAge))
	case rec.MinAge > 0:
		parts = append(parts, fmt.Sprintf("Ages %d and over", rec.MinAge))
	case rec.MaxAge > 0 && rec.MaxAge < 120:
		parts = append(parts, fmt.Sprintf("Up to age %d", rec.MaxAge))
	}
	return strings.Join(parts, "; ")
}

// cost reads fees and cost options: a zero amount or the word free means free.
func cost(rec Record) string {
	var parts []string
	free := strings.Contains(strings.ToLower(rec.Fees), "free")
	for _, c := range rec.Costs {
		if c.Amount != nil && *c.Amount == 0 {
			free = true
			continue
		}
		var s string
		if c.Amount != nil {
			s = "£" + strconv.FormatFloat(*c.Amount, 'f', -1, 64)
			if c.Description != "" {
				s += " " + c.Description
			}
		} else {
			s = c.Description
		}
		if c.Option != "" && s != "" {
			s = c.Option + ": " + s
		}
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if fees := strings.TrimSpace(plainText(rec.Fees)); fees != "" && !free {
		parts = append([]string{fees}, parts...)
	}
	if free {
		return strings.TrimSuffix("free; "+strings.Join(parts, "; "), "; ")
	}
	return strings.Join(parts, "; ")
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

func date(s string) string {
	d := dateRE.FindString(strings.TrimSpace(s))
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return ""
	}
	return d
}

var (
	tagRE = regexp.MustCompile(`<[^>]*>`)
	// Bold and italic marks in pairs, headings, and [links](url): a lone
	// underscore (fees_description) is text.
	markdownRE = regexp.MustCompile(`(\*\*|__|(?m:^#+ )|\[([^\]]*)\]\([^)]*\)|\*([^*\n]+)\*)`)
	spaceRE    = regexp.MustCompile(`[ \t]+`)
)

// plainText strips HTML and Markdown that directories put in descriptions.
func plainText(s string) string {
	s = strings.NewReplacer("<br>", "\n", "<br/>", "\n", "<br />", "\n", "</p>", "\n").Replace(s)
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = markdownRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := markdownRE.FindStringSubmatch(m)
		switch {
		case strings.HasPrefix(m, "["):
			return sub[2]
		case strings.HasPrefix(m, "*") && sub[3] != "":
			return sub[3]
		}
		return ""
	})
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaceRE.ReplaceAllString(l, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
