package bot

import (
	"container/list"
	"sync"
	"time"
)

// lru is a bounded map from conversation keys to contexts, least
// recently used first out, each entry with an expiry.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type lruEntry struct {
	key     string
	ctx     *Context
	expires time.Time
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

func (l *lru) get(key string, now time.Time) *Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.items[key]
	if !ok {
		return nil
	}
	e := el.Value.(*lruEntry)
	if now.After(e.expires) {
		l.order.Remove(el)
		delete(l.items, key)
		return nil
	}
	l.order.MoveToFront(el)
	return e.ctx
}

func (l *lru) put(key string, c *Context, expires time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		e := el.Value.(*lruEntry)
		e.ctx, e.expires = c, expires
		l.order.MoveToFront(el)
		return
	}
	l.items[key] = l.order.PushFront(&lruEntry{key: key, ctx: c, expires: expires})
	for l.order.Len() > l.max {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.items, oldest.Value.(*lruEntry).key)
	}
}

func (l *lru) remove(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		l.order.Remove(el)
		delete(l.items, key)
	}
}

func (l *lru) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}
