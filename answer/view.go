package answer

import (
	"math"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/reading"
)

// View is what a reply showed, small enough to travel in a button: which
// entries in what order, and how they were framed. Replay turns it back
// into the same reply without asking the question again, so that sharing
// an answer posts what the person was looking at — the page of services,
// the "did you mean" they picked — even after the knowledge has moved on.
type View struct {
	Kind       ReplyKind   `json:"k"`
	Answered   bool        `json:"a,omitempty"`
	Question   string      `json:"q,omitempty"`
	Entries    []ViewEntry `json:"e"`
	Related    []string    `json:"r,omitempty"`
	Notice     string      `json:"n,omitempty"`
	Place      string      `json:"p,omitempty"`
	Categories []string    `json:"c,omitempty"`
	Filters    []string    `json:"f,omitempty"`
	Near       bool        `json:"nr,omitempty"`
	More       int         `json:"m,omitempty"`
	From       int         `json:"fr,omitempty"`
}

// ViewEntry is one entry of a View and how it was marked.
type ViewEntry struct {
	ID       string `json:"i"`
	Further  bool   `json:"x,omitempty"`
	National bool   `json:"o,omitempty"`
	// Metres is the distance shown, or -1 when none was.
	Metres int `json:"d"`
}

// View records what r shows.
func (r *Reply) View() View {
	v := View{Kind: r.Kind, Answered: r.Answered, Question: r.Question, Notice: r.Notice, Place: r.Place,
		Categories: r.Categories, Filters: r.Filters, Near: r.Near, More: r.More, From: r.From}
	for _, res := range r.Results {
		m := -1
		if res.DistanceKm >= 0 {
			m = int(math.Round(res.DistanceKm * 1000))
		}
		v.Entries = append(v.Entries, ViewEntry{ID: res.ID, Further: res.Further, National: res.National, Metres: m})
	}
	for _, rel := range r.Related {
		v.Related = append(v.Related, rel.ID)
	}
	return v
}

// Replay rebuilds the reply a View recorded from the entries as they are
// now. Entries removed since are left out; it reports false when none is
// left. The question is redacted again: a View comes back from outside.
func (a *Answerer) Replay(v View) (*Reply, bool) {
	switch v.Kind {
	case ReplyAnswer, ReplyServices, ReplyUnknown:
	default:
		return nil, false
	}
	question, pii := a.Redact(v.Question)
	r := &Reply{Kind: v.Kind, Answered: v.Answered, Question: reading.Normalise(question), Redacted: pii, Notice: v.Notice,
		Place: v.Place, Filters: v.Filters, Near: v.Near, More: max(0, v.More), From: max(0, v.From)}
	a.setCategories(r, v.Categories)
	for _, e := range v.Entries {
		d := -1.0
		if e.Metres >= 0 {
			d = float64(e.Metres) / 1000
		}
		res := a.results([]index.Hit{{ID: e.ID, DistanceKm: d}})
		if len(res) == 0 {
			continue
		}
		res[0].Further, res[0].National = e.Further, e.National
		r.Results = append(r.Results, res[0])
		if len(r.Results) == maxResults {
			break
		}
	}
	if len(r.Results) == 0 {
		return nil, false
	}
	for _, id := range v.Related {
		if e, ok := a.ix.Entry(id); ok && e.Term != nil && len(r.Related) < maxResults {
			r.Related = append(r.Related, Related{ID: id, Term: e.Term.Term})
		}
	}
	return r, true
}
