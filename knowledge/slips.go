package knowledge

import (
	"strings"
	"time"
)

// Slips that load but are almost certainly not what a champion meant, each
// a warning with what to do: validate passes them, and without a word the
// reply would show the slip ("— Harogate") or the entry would never be due
// a review.

// ukBounds is roughly the United Kingdom: a location outside it is a slip,
// most often latitude and longitude the wrong way round.
var ukBounds = struct{ minLat, maxLat, minLon, maxLon float64 }{49.8, 60.9, -8.7, 1.8}

func (l *loader) checkSlips(now time.Time) {
	declared := map[string]bool{}
	var names []string
	for _, a := range l.base.Areas {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			declared[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	future := func(pos Pos, what string, d Date) {
		if !d.IsZero() && d.After(now.AddDate(0, 0, 1)) {
			l.warn(pos, "%s was reviewed on %s, which is after today: it would never be due a review", what, d)
		}
	}
	for _, f := range l.base.FAQs {
		future(f.Pos, "faq "+f.ID, f.Reviewed)
	}
	for _, t := range l.base.Terms {
		future(t.Pos, "term "+t.ID, t.Reviewed)
	}
	for _, s := range l.base.Services {
		future(s.Pos, "service "+s.ID, s.Reviewed)
		if p := s.Location; p != nil && (p.Lat < ukBounds.minLat || p.Lat > ukBounds.maxLat || p.Lon < ukBounds.minLon || p.Lon > ukBounds.maxLon) {
			hint := ""
			if p.Lon >= ukBounds.minLat && p.Lon <= ukBounds.maxLat {
				hint = ": lat and lon look the wrong way round"
			}
			l.warn(s.Pos, "service %s is located at lat %g, lon %g, outside the UK%s", s.ID, p.Lat, p.Lon, hint)
		}
		area := strings.ToLower(strings.TrimSpace(s.Area))
		if len(declared) == 0 || area == "" || declared[area] {
			continue
		}
		if near := nearArea(s.Area, names); near != "" {
			l.warn(s.Pos, "service %s is in area %q, which areas.yaml does not declare (did you mean %q?)", s.ID, s.Area, near)
		}
	}
}

// nearArea is the declared name an undeclared one is a typo of, if any:
// one slip in a short name, two in a long one. An area far from any
// declared name is a place of its own (services may name places
// areas.yaml leaves out), not a slip.
func nearArea(area string, names []string) string {
	limit := 1
	if len([]rune(area)) >= 7 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range names {
		if d := EditDistance(strings.ToLower(area), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
