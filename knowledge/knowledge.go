// Package knowledge holds what Signpost knows: FAQ entries, glossary terms and
// local services, loaded and validated from a directory of YAML files (the
// contract is docs/knowledge-format.md), and the knowledge built into the
// binary.
//
// It knows nothing of search or Slack: the index and the transports build on it.
package knowledge

import (
	"github.com/signpost-ahp/signpost/place"

	"fmt"
	"time"
)

// Kind says which of the three kinds of entry something is.
type Kind string

// The kinds of entry, as they appear in `ask --json` output.
const (
	KindFAQ     Kind = "faq"
	KindTerm    Kind = "term"
	KindService Kind = "service"
)

// Pos is where something was written: a path relative to the knowledge
// directory, and a 1-based line and column.
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col) }

// Date is a calendar day, as champions write it: YYYY-MM-DD. The zero Date
// means "not given".
type Date struct{ time.Time }

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Source says where an answer comes from.
type Source struct {
	Title string
	URL   string
}

// FAQ is a question people ask, with the answer a champion wrote.
type FAQ struct {
	ID        string
	Question  string
	AlsoAsked []string
	Answer    string // Slack mrkdwn
	Tags      []string
	Source    *Source
	Reviewed  Date
	Owner     string
	Pos       Pos
}

// Term is a glossary entry: a preferred term, its other names and what it means.
type Term struct {
	ID         string
	Term       string
	Aliases    []string
	Definition string // Slack mrkdwn
	SeeAlso    []string
	Source     *Source
	Reviewed   Date
	Pos        Pos
}

// Names returns the term followed by its aliases.
func (t *Term) Names() []string {
	return append([]string{t.Term}, t.Aliases...)
}

// Location is where a service or area is: a place.Point, named for the
// knowledge format's location field.
type Location = place.Point

// Contact is how to reach a service.
type Contact struct {
	Phone   string
	Email   string
	Website string
}

// Service is a local or national service people can be signposted or referred to.
type Service struct {
	ID          string
	Name        string
	Description string
	Categories  []string
	Area        string
	Address     string
	Postcode    string // normalised, e.g. "HG1 2AB"
	Location    *Location
	Contact     *Contact
	Referral    []string // self, link-worker, professional
	Eligibility string
	Cost        string
	Hours       string
	Reviewed    Date
	Pos         Pos
}

// Area is a place the knowledge covers, declared under the optional top-level
// `areas:` key (an addition to the shared contract): its name, other names
// (a town's primary care network, say), postcode districts and a location.
type Area struct {
	ID        string
	Name      string
	Aliases   []string
	Districts []string // outward codes, e.g. "HG1"
	Location  *Location
	Pos       Pos
}

// CategoryWord extends the everyday words for a service category from a
// knowledge directory (the optional top-level `category_words:` key), so
// champions can teach Signpost local names for things ("chatty café").
type CategoryWord struct {
	Category string
	Words    []string
	Pos      Pos
}

// Base is a whole knowledge directory, loaded and validated.
type Base struct {
	FAQs          []FAQ
	Terms         []Term
	Services      []Service
	Areas         []Area
	CategoryWords []CategoryWord
	// Warnings are odd things that do not stop the knowledge loading,
	// such as a Slack mention written into an answer, in file order.
	Warnings []Problem
}

// Summary is the one-line count `signpost validate` prints.
func (b *Base) Summary() string {
	s := fmt.Sprintf("%d faq, %d terms, %d services", len(b.FAQs), len(b.Terms), len(b.Services))
	if len(b.Areas) > 0 {
		s += fmt.Sprintf(", %d areas", len(b.Areas))
	}
	return s
}

// Categories are the service categories the contract allows, in its order.
var categories = []string{
	"befriending", "gardening", "arts", "music", "physical-activity",
	"healthy-eating", "weight-management", "mental-wellbeing", "volunteering",
	"employment", "money-advice", "housing", "carers", "learning",
	"digital-skills", "peer-support", "link-worker",
}

// Categories returns the service categories a knowledge file may use.
func Categories() []string { return append([]string(nil), categories...) }

// IsCategory reports whether c is an allowed service category.
func IsCategory(c string) bool {
	for _, k := range categories {
		if k == c {
			return true
		}
	}
	return false
}

// Referral routes a service may accept.
var referralRoutes = []string{"self", "link-worker", "professional"}
