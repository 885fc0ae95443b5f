// Package conversation remembers what recent conversations were about,
// by a key the transport chooses (a Slack thread, a DM), so that a
// follow-up can be read with what came before. It knows nothing of what
// the state is: the answerer decides that.
package conversation

import "time"

// Store remembers the state of recent conversations. It holds at most max
// conversations, forgetting the least recently used, and forgets one after
// ttl without a message: what was said is kept no longer than a follow-up
// needs it. It is safe for concurrent use.
type Store[T any] struct {
	ttl time.Duration
	now func() time.Time
	lru *lru[T]
}

// NewStore remembers up to max conversations for ttl each.
func NewStore[T any](max int, ttl time.Duration) *Store[T] {
	return &Store[T]{ttl: ttl, now: time.Now, lru: newLRU[T](max)}
}

// Get returns a conversation's state, or the zero value when there is
// none or it has expired.
func (s *Store[T]) Get(key string) T {
	v, _ := s.lru.get(key, s.now())
	return v
}

// Has reports whether a conversation is remembered and current.
func (s *Store[T]) Has(key string) bool {
	_, ok := s.lru.get(key, s.now())
	return ok
}

// Put remembers a conversation's state, for ttl from now.
func (s *Store[T]) Put(key string, v T) { s.lru.put(key, v, s.now().Add(s.ttl)) }

// Forget forgets a conversation.
func (s *Store[T]) Forget(key string) { s.lru.remove(key) }

// Len is how many conversations are remembered, expired ones included
// until they are evicted.
func (s *Store[T]) Len() int { return s.lru.len() }
