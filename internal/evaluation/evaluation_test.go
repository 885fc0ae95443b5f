package evaluation

import (
	"strings"
	"testing"
)

func TestCompute(t *testing.T) {
	cases := []Case{
		{Q: "a", Expect: []string{"x"}},      // right
		{Q: "b", Expect: []string{"y", "z"}}, // second place, answered: mrr 1/2, not top1
		{Q: "c", Expect: []string{"w"}},      // right id but not answered
		{Q: "d"},                             // abstained: right
		{Q: "e"},                             // answered: wrong
	}
	answers := []Answer{
		{Answered: true, IDs: []string{"x", "q"}},
		{Answered: true, IDs: []string{"q", "z"}},
		{Answered: false, IDs: []string{"w"}},
		{Answered: false, IDs: []string{"x"}},
		{Answered: true, IDs: []string{"x"}},
	}
	s := Compute(cases, answers)
	if got, want := s.String(), "cases=5 top1=0.333 mrr=0.833 abstain=0.500 overall=0.400"; got != want {
		t.Errorf("Compute = %s, want %s", got, want)
	}
	var misses []string
	for _, m := range s.Misses {
		misses = append(misses, m.String())
	}
	want := strings.Join([]string{
		"MISS 'b': got ['q', 'z'] answered=True, want ['y', 'z']",
		"MISS 'c': got ['w'] answered=False, want ['w']",
		"MISS 'e': answered ['x'], want no answer",
	}, "\n")
	if got := strings.Join(misses, "\n"); got != want {
		t.Errorf("misses:\n%s\nwant:\n%s", got, want)
	}
}

func TestReadCases(t *testing.T) {
	cs, err := ReadCases(strings.NewReader("- q: \" What is it? \"\n  expect: [a]\n- q: joke\n  expect: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Q != "What is it?" || cs[1].Expect == nil && len(cs[1].Expect) != 0 {
		t.Errorf("ReadCases = %+v", cs)
	}
}
