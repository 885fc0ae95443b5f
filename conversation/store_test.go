package conversation

import (
	"testing"
	"time"
)

// TestStoreExpiresAndIsBounded: a store gives back what it was given by
// key, forgets the least recently used beyond its bound, forgets any
// conversation after its time, and forgets one when told.
func TestStoreExpiresAndIsBounded(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	s := NewStore[*string](3, time.Minute)
	s.now = func() time.Time { return now }
	whitby := "Whitby"
	s.Put("a", &whitby)
	if s.Get("a") != &whitby || s.Get("b") != nil || s.Has("b") {
		t.Fatal("Get does not return what Put kept, or mixes keys")
	}
	for _, k := range []string{"b", "c", "d"} {
		s.Put(k, &k)
	}
	if s.Len() != 3 || s.Has("a") {
		t.Errorf("len %d, a kept %v: want 3, the least recently used gone", s.Len(), s.Has("a"))
	}
	if got := s.Get("d"); got == nil || *got != "d" {
		t.Error("the newest conversation was lost")
	}
	now = now.Add(59 * time.Second)
	if !s.Has("d") {
		t.Error("a conversation was forgotten before its time")
	}
	s.Put("b", s.Get("b")) // a message renews it
	now = now.Add(2 * time.Second)
	if s.Has("d") || !s.Has("b") {
		t.Errorf("after its time: d kept %v, b (renewed) kept %v; want false, true", s.Has("d"), s.Has("b"))
	}
	s.Forget("b")
	if s.Has("b") {
		t.Error("Forget did not forget")
	}
}
