package conversation

import (
	"container/list"
	"sync"
	"time"
)

// lru is a bounded map from conversation keys to their state, least
// recently used first out, each entry with an expiry.
type lru[T any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type lruEntry[T any] struct {
	key     string
	v       T
	expires time.Time
}

func newLRU[T any](max int) *lru[T] {
	return &lru[T]{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

func (l *lru[T]) get(key string, now time.Time) (T, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var zero T
	el, ok := l.items[key]
	if !ok {
		return zero, false
	}
	e := el.Value.(*lruEntry[T])
	if now.After(e.expires) {
		l.order.Remove(el)
		delete(l.items, key)
		return zero, false
	}
	l.order.MoveToFront(el)
	return e.v, true
}

func (l *lru[T]) put(key string, v T, expires time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		e := el.Value.(*lruEntry[T])
		e.v, e.expires = v, expires
		l.order.MoveToFront(el)
		return
	}
	l.items[key] = l.order.PushFront(&lruEntry[T]{key: key, v: v, expires: expires})
	for l.order.Len() > l.max {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.items, oldest.Value.(*lruEntry[T]).key)
	}
}

func (l *lru[T]) remove(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		l.order.Remove(el)
		delete(l.items, key)
	}
}

func (l *lru[T]) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}
