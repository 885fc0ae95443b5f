package english

import "testing"

func TestIs(t *testing.T) {
	for w, want := range map[string]bool{"still": true, "will": true, "hope": true, "smith": true, "dave": false, "jones": false, "Still": false} {
		if got := Is(w); got != want {
			t.Errorf("Is(%q) = %v, want %v", w, got, want)
		}
	}
	if n := len(Words()); n < 10000 {
		t.Errorf("Words() has %d words, want the 10,936 of words.txt", n)
	}
}
