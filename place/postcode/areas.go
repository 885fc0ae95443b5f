package postcode

import (
	_ "embed"
	"strings"
)

//go:embed areas.tsv
var areasTSV string

// areaTowns maps a postcode area ("LS") to the town it is named after
// ("Leeds"); built once, never changed.
var areaTowns = func() map[string]string {
	m := map[string]string{}
	for line := range strings.SplitSeq(areasTSV, "\n") {
		area, town, ok := strings.Cut(line, "\t")
		if ok && !strings.HasPrefix(line, "#") {
			m[area] = town
		}
	}
	return m
}()

// AreaTown is the post town a postcode area is named after: "Leeds" for
// "LS", so a district nothing else places can be put roughly there.
func AreaTown(area string) (string, bool) {
	t, ok := areaTowns[strings.ToUpper(area)]
	return t, ok
}

// AreaTowns lists every postcode area with its town (a copy).
func AreaTowns() map[string]string {
	m := make(map[string]string, len(areaTowns))
	for k, v := range areaTowns {
		m[k] = v
	}
	return m
}
