package slackbot

import (
	"sync"
	"time"
)

// dedupe remembers keys for a while so that Slack's retries, and the same
// message arriving as two events, are handled once. Memory stays bounded:
// expired keys are swept as new ones arrive.
type dedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	seen  map[string]time.Time
	swept time.Time
	now   func() time.Time
}

func newDedupe(ttl time.Duration) *dedupe {
	return &dedupe{ttl: ttl, seen: map[string]time.Time{}, now: time.Now}
}

// first reports whether key is new, and remembers it.
func (d *dedupe) first(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if now.Sub(d.swept) > d.ttl/4 {
		for k, t := range d.seen {
			if now.Sub(t) > d.ttl {
				delete(d.seen, k)
			}
		}
		d.swept = now
	}
	if t, ok := d.seen[key]; ok && now.Sub(t) <= d.ttl {
		return false
	}
	d.seen[key] = now
	return true
}

// remember notes a key as seen at a time (one read back from the store).
func (d *dedupe) remember(key string, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if t, ok := d.seen[key]; !ok || at.After(t) {
		d.seen[key] = at
	}
}
