package answer

import (
	"strings"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/urgent"
)

// ReplyKind says what sort of reply Signpost is giving.
type ReplyKind string

// The kinds of reply.
const (
	ReplyAnswer   ReplyKind = "answer"    // an FAQ answer or a definition
	ReplyServices ReplyKind = "services"  // services to signpost to
	ReplyUnknown  ReplyKind = "not-found" // Signpost does not know; Results are near misses
	ReplyGreeting ReplyKind = "greeting"  // hello, thanks: no question asked
	ReplyEmpty    ReplyKind = "empty"     // nothing to read
	ReplyHelp     ReplyKind = "help"      // what Signpost can do
	ReplyReset    ReplyKind = "reset"     // "start again": the conversation so far is forgotten
)

// Reply is a transport-independent answer to one message. Slack and the
// console render the same Reply.
type Reply struct {
	// Question is the message as Signpost read it: Slack markup removed and
	// personal details replaced. It is the only form of the message that
	// may be logged or stored.
	Question string
	Kind     ReplyKind
	Answered bool
	// Results are the entries found, best first (at most five). When
	// Answered is false they are the nearest entries, offered as "did you
	// mean".
	Results []Result
	// Notice is a sentence to show before the results, such as why there is
	// no answer ("I don't have services listed for Cardiff yet.").
	Notice string
	// Place is the place the question named, as written, if any.
	Place string
	// Categories are the service categories the question asked for, and
	// Labels how to name them ("physical activity").
	Categories []string
	Labels     []string
	// Filters are what the question narrowed services to (free,
	// self-referral, for carers, for children).
	Filters []string
	// Near is set when services are listed around a town the knowledge
	// does not list as an area, rather than in an area it covers.
	Near bool
	// More is how many more services matched than are shown; From is how
	// many came before these (for "more…").
	More int
	From int
	// Related are glossary terms worth a look after this answer.
	Related []Related
	// Redacted lists the kinds of personal detail removed from the message
	// (PIINHSNumber, …); the person should be reminded not to post them.
	Redacted []string
	// Urgent is set when the message is clearly about a person at risk:
	// the help every transport shows before anything else. Such a reply
	// never says "I don't know".
	Urgent *urgent.Signal
	// Possible is set when the message shows a sign of risk without the
	// rest ("she's been giving her things away"): the normal answer, with
	// the help shown prominently beside it.
	Possible *urgent.Signal
	// Safety is the one short line of urgent help that ends a reply that
	// does not answer (Slack mrkdwn), so that none is a bare "I don't
	// know"; empty otherwise.
	Safety string
	// Followed is set when the message was read as a follow-up in a
	// conversation: what it took from what came before.
	Followed *Followed
	// topic is the question's telling words, and subject the glossary
	// term it is about ("link worker"), for a conversation to carry.
	topic   []string
	subject string
	// practice is set when the question was about social prescribing
	// itself.
	practice bool
	// kinds are the kinds of service the question named, whatever kind
	// of reply it got: "help with the debts" is about money advice even
	// when answered with an FAQ, so "she lives in Heamoor" next means
	// money advice there.
	kinds []string
	// made is the service search the reply answers, for a conversation
	// to keep (see search); nil for any other reply.
	made *search
	// Key groups near-identical questions ("befriending in Hastings?" and
	// "Befriending, Hastings"): the question's content words, folded and
	// sorted. Empty when there was nothing to search.
	Key string
}

// OffersServices reports whether a reply without an answer still lists
// services worth showing in full: national ones, or the nearest listed
// elsewhere, when nothing of the kind is listed for the place asked about.
func (r *Reply) OffersServices() bool {
	if r.Answered || r.Kind != ReplyUnknown || len(r.Categories) == 0 || len(r.Results) == 0 {
		return false
	}
	for _, res := range r.Results {
		if res.Service == nil {
			return false
		}
	}
	return true
}

// Result is one entry in a reply.
type Result struct {
	Kind  knowledge.Kind
	ID    string
	Title string // the question, term or service name
	Text  string // the answer, definition or description (Slack mrkdwn)
	Score float64
	// Coverage is the share of the question (words weighted by how telling
	// they are) that the entry matches, 0 to 1.
	Coverage float64
	// HeadCoverage is the share matched by what the entry is about (its
	// question, other phrasings, name, tags).
	HeadCoverage float64
	// Headline is the share of the entry's best phrasing the message says.
	Headline float64
	// Clause is the match (mean of the two coverages) against the sentence
	// that asks alone, for a message of several sentences; else the same
	// as against the whole.
	Clause float64

	FAQ     *knowledge.FAQ
	Term    *knowledge.Term
	Service *knowledge.Service

	// Further marks a service outside the place asked about, offered
	// because there was nothing closer.
	Further bool
	// National marks a service open to anyone in England, whatever the
	// place asked about.
	National bool
	// DistanceKm is how far a service is from the place asked about, when
	// both locations are known; negative when unknown.
	DistanceKm float64
}

// Source returns where the entry's answer comes from, if recorded.
func (r *Result) Source() *knowledge.Source {
	switch {
	case r.FAQ != nil:
		return r.FAQ.Source
	case r.Term != nil:
		return r.Term.Source
	}
	return nil
}

// Reviewed returns when a champion last checked the entry.
func (r *Result) Reviewed() knowledge.Date {
	switch {
	case r.FAQ != nil:
		return r.FAQ.Reviewed
	case r.Term != nil:
		return r.Term.Reviewed
	case r.Service != nil:
		return r.Service.Reviewed
	}
	return knowledge.Date{}
}

// Nearness says where a result is in words: "available across
// England", "further away: 16 km", or a plain distance ("1.2 km") for a
// service near the place asked about; "" when there is nothing to say.
// caveat is set for the first kinds, which qualify the result.
func (r *Result) Nearness() (words string, caveat bool) {
	switch {
	case r.National:
		return "available across England", true
	case r.Further && r.DistanceKm >= 0:
		return "further away: " + Distance(r.DistanceKm), true
	case r.Further:
		return "further away", true
	case r.DistanceKm >= 0 && r.Service != nil:
		return Distance(r.DistanceKm), false
	}
	return "", false
}

// Citation is where an entry's answer comes from, for a reply to show:
// its source named by title (or, with no title, by its address), the
// address when there is one, and when a champion last checked it.
type Citation struct {
	Source   string
	URL      string
	Reviewed knowledge.Date
}

// Citation returns the result's source and review date.
func (r *Result) Citation() Citation {
	c := Citation{Reviewed: r.Reviewed()}
	if src := r.Source(); src != nil {
		c.Source, c.URL = src.Title, src.URL
		if c.Source == "" {
			c.Source = src.URL
		}
	}
	return c
}

// SeeAlsoCount is how many other entries an answer offers.
const SeeAlsoCount = 3

// SeeAlso returns the entries an answer offers after the first: other
// results, each once, and none with the same name as one shown before it.
func (r *Reply) SeeAlso() []Result {
	if len(r.Results) == 0 {
		return nil
	}
	seen := map[string]bool{strings.ToLower(r.Results[0].Name()): true}
	ids := map[string]bool{r.Results[0].ID: true}
	var out []Result
	for _, res := range r.Results[1:] {
		if len(out) == SeeAlsoCount {
			break
		}
		name := strings.ToLower(res.Name())
		if seen[name] || ids[res.ID] {
			continue
		}
		seen[name], ids[res.ID] = true, true
		out = append(out, res)
	}
	return out
}

// Name is what a result is called in a list: a term by its name, anything
// else by its title.
func (r *Result) Name() string {
	if r.Term != nil {
		return r.Term.Term
	}
	return r.Title
}

// Related is a glossary term to point to.
type Related struct {
	ID   string
	Term string
}

// AtRisk reports whether the message showed any sign of a person at risk,
// clear or possible: such a message is counted, never kept.
func (r *Reply) AtRisk() bool { return r.Urgent != nil || r.Possible != nil }
