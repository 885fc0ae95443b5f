package report

import (
	"bytes"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/store"
)

func TestCases(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	since := now.AddDate(0, -1, 0)
	src := fakeSource{
		gaps: []store.Gap{
			{Question: "getting someone onto the connectors caseload", Linked: "how-to-refer", LinkedAt: now},
			{Question: "linked long ago", Linked: "how-to-refer", LinkedAt: since.AddDate(0, 0, -1)},
			{Question: "still open", Near: []string{"how-to-refer"}},
		},
		feedback: []store.Feedback{
			{At: now, EntryID: "befriending", Helpful: true, Question: "befriending for [name]"},
			{At: now, EntryID: "link-worker", Helpful: false, Question: "what is a link worker"},
			{At: now, EntryID: "how-to-refer", Helpful: true, Question: "getting someone onto the connectors caseload"},
		},
	}
	cases, err := Cases(src, since)
	if err != nil {
		t.Fatal(err)
	}
	want := []LabelledCase{
		{Q: "getting someone onto the connectors caseload", Expect: []string{"how-to-refer"}, Note: "linked: a champion linked this wording"},
		{Q: "befriending for [name]", Expect: []string{"befriending"}, Note: "feedback: marked helpful"},
	}
	if len(cases) != len(want) {
		t.Fatalf("Cases = %+v, want %+v", cases, want)
	}
	for i := range want {
		if cases[i].Q != want[i].Q || cases[i].Expect[0] != want[i].Expect[0] || cases[i].Note != want[i].Note {
			t.Errorf("case %d = %+v, want %+v", i, cases[i], want[i])
		}
	}
	var b bytes.Buffer
	if err := WriteCases(&b, cases); err != nil {
		t.Fatal(err)
	}
	var back []LabelledCase
	if err := yaml.Unmarshal(b.Bytes(), &back); err != nil || len(back) != 2 || back[1].Q != "befriending for [name]" {
		t.Errorf("written cases do not read back: %v %+v\n%s", err, back, b.String())
	}
}
