package gaps

import (
	"errors"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/store"
)

func TestWording(t *testing.T) {
	for _, tc := range []struct {
		wording string
		ok      bool
	}{
		{"how to get a patient onto the link worker list", true},
		{"  is there a dementia choir  ", true},
		{"how do I refer [name] to a link worker", false},
		{"call 07700 900123 about befriending", false},
		{"befriending", false},
		{strings.Repeat("my patient has had a long and difficult year ", 6) + "what can I offer?", false},
	} {
		w, err := Wording(tc.wording)
		if (err == nil) != tc.ok {
			t.Errorf("Wording(%q) = %v, want ok %v", tc.wording, err, tc.ok)
		}
		var r Refusal
		if err != nil && !errors.As(err, &r) {
			t.Errorf("Wording(%q) refused with %T, want a Refusal to show the champion", tc.wording, err)
		}
		if err == nil && w != strings.TrimSpace(tc.wording) {
			t.Errorf("Wording(%q) = %q, want it trimmed and otherwise as asked", tc.wording, w)
		}
	}
}

type lister []store.Gap

func (l lister) Gaps(bool) ([]store.Gap, error) { return l, nil }

func TestFind(t *testing.T) {
	// Two keys whose refs share no long prefix, and a way to make an
	// ambiguous prefix: the refs' common start.
	a, b := store.Gap{Key: "dementia choir whitby"}, store.Gap{Key: "wifi password"}
	ra, rb := Ref(a.Key), Ref(b.Key)
	common := 0
	for common < len(ra) && ra[common] == rb[common] {
		common++
	}
	st := lister{a, b}
	for _, tc := range []struct {
		ref     string
		want    string
		wantErr error
	}{
		{ra, a.Key, nil},
		{strings.ToUpper(rb), b.Key, nil},
		{ra[:max(MinRef, common+1)], a.Key, nil},
		{" " + rb[:8] + " ", b.Key, nil},
		{ra[:MinRef-1], "", ErrShortRef},
		{"zzzzzzzz", "", ErrNoGap},
	} {
		g, err := Find(st, tc.ref)
		if !errors.Is(err, tc.wantErr) || g.Key != tc.want {
			t.Errorf("Find(%q) = %q, %v; want %q, %v", tc.ref, g.Key, err, tc.want, tc.wantErr)
		}
	}
	if common >= MinRef {
		if _, err := Find(st, ra[:common]); !errors.Is(err, ErrAmbiguous) {
			t.Errorf("Find(common prefix) = %v, want ErrAmbiguous", err)
		}
	}
	// Ambiguity, made certain: two gaps whose refs both start with the
	// same four characters are found by searching keys until they clash.
	seen := map[string]string{}
	for i := 0; ; i++ {
		k := "gap " + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)
		p := Ref(k)[:MinRef]
		if other, ok := seen[p]; ok && other != k {
			if _, err := Find(lister{{Key: other}, {Key: k}}, p); !errors.Is(err, ErrAmbiguous) {
				t.Errorf("Find(%q) over two gaps starting so = %v, want ErrAmbiguous", p, err)
			}
			break
		}
		seen[p] = k
	}
	if _, err := Find(nil, ra); err == nil {
		t.Error("Find with no store found a gap")
	}
}
