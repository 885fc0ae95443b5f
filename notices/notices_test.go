package notices

import (
	"os"
	"strings"
	"testing"
)

// The NOTICE at the repository's root is the one people read; the one
// here is the one the binary carries. They must say the same.
func TestRootNoticeIsTheEmbeddedOne(t *testing.T) {
	root, err := os.ReadFile("../NOTICE")
	if err != nil {
		t.Fatal(err)
	}
	if string(root) != Text {
		t.Error("NOTICE and notices/NOTICE differ: copy notices/NOTICE to the repository's root (or the other way)")
	}
}

// Each data file Signpost embeds from others is credited.
func TestNoticeCreditsTheData(t *testing.T) {
	for _, want := range []string{"GeoNames", "creativecommons.org/licenses/by/4.0", "Kevin Atkinson", "Open Government Licence"} {
		if !strings.Contains(Text, want) {
			t.Errorf("NOTICE does not mention %q", want)
		}
	}
}
