package answer

import (
	"strings"

	"github.com/signpost-ahp/signpost/reading"
)

func splitAll(list []string) [][]string {
	out := make([][]string, len(list))
	for i, s := range list {
		out[i] = strings.Fields(s)
	}
	return out
}

// The vocabulary in the shapes the reader uses.
var (
	fillerPhrases  = splitAll(reading.List("filler_phrases"))
	fillerWords    = set(reading.List("filler_words")...)
	placeWords     = set(reading.List("place_words")...)
	definePatterns = splitAll(reading.List("define_frames"))
	defineTail     = set(reading.List("define_tails")...)
	defineAfter    = splitAll(reading.List("define_after"))
	compareWords   = set(reading.List("compare_words")...)
	helpPhrases    = reading.Phrases(reading.List("help_phrases")...)
	workplace      = reading.Phrases(reading.List("workplace")...)
	staffTerms     = reading.Phrases(reading.List("staff_terms")...)
	staffSide      = set(reading.List("staff_side")...)
)
