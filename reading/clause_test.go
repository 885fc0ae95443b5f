package reading

import "testing"

func TestAskingClause(t *testing.T) {
	seeking := Phrases("is there", "anything")
	empty := func(s string) bool {
		for _, w := range LowerWords(s) {
			if !set(List("filler_words")...)[w] && !pointing[w] && w != "what" && w != "is" && w != "what's" {
				return false
			}
		}
		return true
	}
	for _, tc := range []struct{ text, want string }{
		{"what's a village agent? some kind of carer?", "what's a village agent?"},
		{"hi, how are you? befriending in Harrogate?", "befriending in Harrogate?"},
		{"someone mentioned 'green gym', what is that?", "what is green gym?"},
		{"the practice keeps talking about 'blue prescribing'. What's that?", "blue prescribing What's that?"},
		{"she's 80 and lonely. is there anything in Whitby?", "is there anything in Whitby?"},
	} {
		if got := AskingClause(tc.text, seeking, empty); got != tc.want {
			t.Errorf("AskingClause(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
