package answer

import (
	"strings"
	"unicode"

	"github.com/signpost-ahp/signpost/place"
	"github.com/signpost-ahp/signpost/reading"
)

// A neighbourhood is a place inside an area the knowledge covers, learnt
// from the services themselves: "Chorlton" from "Chorlton Library,
// Manchester Road, Chorlton", "Rushey Mead" from "Covers Belgrave, Rushey
// Mead and Beaumont Leys". A question naming one asks about its area, and
// services nearest it come first.
type neighbourhood struct {
	name  string            // as first written
	areas map[place.Key]int // services that name it, by area
	at    centroid          // where those services are
	// gz is where the gazetteer puts it, when it knows the name and no
	// service there has a location.
	gz *place.Point
}

// area is the area most services naming the neighbourhood are in.
func (n *neighbourhood) area() place.Key {
	best, most := place.Key(""), 0
	for a, c := range n.areas {
		if c > most || c == most && a < best {
			best, most = a, c
		}
	}
	return best
}

func (n *neighbourhood) point() *place.Point {
	if n.at.n > 0 {
		p := n.at.point()
		return &p
	}
	return n.gz
}

// Words that may stand inside a place name in lower case.
var placeJoiners = set(reading.List("place_joiners")...)

// addressPlaces returns the parts of an address that name a place:
// "Chorlton Library, Manchester Road, Chorlton, Manchester" gives Chorlton
// and Manchester. A part with a number, a street or building word at its
// end, or a word in lower case is not a place.
func addressPlaces(address string, street map[string]bool) []string {
	var out []string
	for part := range strings.SplitSeq(address, ",") {
		part = strings.TrimSpace(part)
		if isPlaceName(part, street) {
			out = append(out, part)
		}
	}
	return out
}

// buildingPlaces returns the places buildings in an address are named
// after: "Silverhill Community Centre" gives Silverhill, "Evington Youth
// Centre" Evington. Only names that are not common words count: "Trinity
// Church Hall" and "Community Centre" name no place.
func buildingPlaces(address string, street map[string]bool, common func(string) bool) []string {
	var out []string
	for part := range strings.SplitSeq(address, ",") {
		words := strings.Fields(part)
		if len(words) < 2 || !street[strings.ToLower(strings.Trim(words[len(words)-1], ".&"))] {
			continue // not a building
		}
		n := 0
		for n < len(words)-1 && n < 2 && isName(words[n]) && !common(words[n]) && !street[strings.ToLower(words[n])] {
			n++
		}
		if n > 0 && (n == len(words)-1 || !isName(words[n]) || common(words[n]) || street[strings.ToLower(words[n])]) {
			out = append(out, strings.Join(words[:n], " "))
		}
	}
	return out
}

// isName says whether a word is written as a name: a capital, then
// letters.
func isName(w string) bool {
	r := []rune(w)
	return len(r) > 1 && unicode.IsUpper(r[0]) && !strings.ContainsFunc(w, func(c rune) bool { return !unicode.IsLetter(c) && c != '\'' && c != '-' })
}

// maxPlaceWords is the most words a place name read from a service's
// address or text may have ("Newcastle upon Tyne", "Bishop's Stortford").
const maxPlaceWords = 4

func isPlaceName(s string, street map[string]bool) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxPlaceWords {
		return false
	}
	for i, w := range words {
		r := []rune(w)
		switch {
		case strings.ContainsFunc(w, unicode.IsDigit):
			return false
		case unicode.IsUpper(r[0]):
		case i > 0 && i < len(words)-1 && placeJoiners[strings.ToLower(w)]:
		default:
			return false
		}
	}
	return !street[strings.ToLower(strings.Trim(words[len(words)-1], ".&"))] && !placeJoiners[strings.ToLower(words[0])]
}

// coveredPlaces returns the places a text says a service covers: the
// capitalised names listed after "covers", "covering" or "serving"
// ("Covers Belgrave, Rushey Mead and Beaumont Leys").
func coveredPlaces(text string, street map[string]bool) []string {
	var out []string
	lower := strings.ToLower(text)
	for _, verb := range []string{"covers ", "covering ", "serving ", "serves "} {
		for at := 0; ; {
			i := strings.Index(lower[at:], verb)
			if i < 0 {
				break
			}
			start := at + i + len(verb)
			at = start
			rest := text[start:]
			if end := strings.IndexAny(rest, ".;:()\n"); end >= 0 {
				rest = rest[:end]
			}
			for _, item := range splitList(rest) {
				if isPlaceName(item, street) {
					out = append(out, item)
				} else {
					break // the list has ended
				}
			}
		}
	}
	return out
}

// splitList splits "A, B and C" or "A, B or C" into its items.
func splitList(s string) []string {
	s = strings.ReplaceAll(s, " and ", ", ")
	s = strings.ReplaceAll(s, " or ", ", ")
	s = strings.ReplaceAll(s, " & ", ", ")
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// capitalisedRuns returns runs of one to three capitalised words that do
// not start a sentence: candidate place names for the gazetteer to judge.
func capitalisedRuns(text string) []string {
	var out []string
	var run []string
	flush := func() {
		for n := len(run); n >= 1; n-- {
			out = append(out, strings.Join(run[:n], " "))
		}
		run = run[:0]
	}
	sentenceStart := true
	for _, w := range strings.Fields(text) {
		trimmed := strings.TrimRight(w, ",.;:!?)")
		r := []rune(strings.TrimLeft(trimmed, "(\"'"))
		if len(r) > 0 && unicode.IsUpper(r[0]) && !sentenceStart && len(run) < 3 {
			run = append(run, string(r))
		} else {
			flush()
		}
		if trimmed != w {
			flush()
		}
		sentenceStart = strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
	}
	flush()
	return out
}
