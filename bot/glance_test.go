package bot

import "testing"

func TestAsksWhatIs(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"what is a health walk?", true},
		{"sorry what's a village agent", true},
		{"what are link workers?", true},
		{"what does MECC mean", true},
		{"define social prescribing", true},
		{"what is the address?", false},
		{"what are its opening hours", true}, // the glance adds: not with a pointing word
		{"how do I refer?", false},
	} {
		if got := asksWhatIs(lowerWords(tc.q)); got != tc.want {
			t.Errorf("asksWhatIs(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestAsksToAct(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"can you book him in for me?", true},
		{"could you email them the referral", true},
		{"can u pls cover my clinic on thursday", true},
		{"please send me the form", true},
		{"book him in", true},
		{"can you tell me what a link worker is?", false},
		{"can you find befriending in Leeds", false},
		{"can he self refer?", false},
		{"how do I book?", false},
	} {
		if got := asksToAct(lowerWords(tc.q)); got != tc.want {
			t.Errorf("asksToAct(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}
