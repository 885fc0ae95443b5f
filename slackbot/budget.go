package slackbot

import (
	"sync"
	"time"
)

// Rate is how fast someone may ask: Burst questions at once, then one more
// each Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// The budgets when Options leaves them unset: a person asking more than a
// question every few seconds for a minute is a script or a stuck client,
// and a channel past two a second is a flood.
var (
	defaultPerUser    = Rate{Burst: 20, Every: 3 * time.Second}
	defaultPerChannel = Rate{Burst: 120, Every: 500 * time.Millisecond}
)

// budgets limit how fast one person, or one channel, is answered, so that
// one of them cannot take every worker. Each is a token bucket.
type budgets struct {
	mu                  sync.Mutex
	perUser, perChannel Rate
	users, channels     map[string]*bucket
	// urgent is when each person over budget last had the urgent help.
	urgent map[string]time.Time
	now    func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last worked out
	told   time.Time // when the person or channel was last told to slow down
}

// maxBuckets bounds the memory the budgets hold: past it, buckets full
// again (idle for a while) are forgotten.
const maxBuckets = 10_000

func newBudgets(perUser, perChannel Rate) *budgets {
	if perUser.Burst <= 0 || perUser.Every <= 0 {
		perUser = defaultPerUser
	}
	if perChannel.Burst <= 0 || perChannel.Every <= 0 {
		perChannel = defaultPerChannel
	}
	return &budgets{perUser: perUser, perChannel: perChannel, users: map[string]*bucket{}, channels: map[string]*bucket{},
		urgent: map[string]time.Time{}, now: time.Now}
}

// allow takes a question from the person's and the channel's budgets. When
// either is spent it says which ("user" or "channel") and whether to tell
// them (once a minute at most, so the telling is no flood of its own).
func (bs *budgets) allow(user, channel string) (ok bool, scope string, tell bool) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	now := bs.now()
	u := bs.take(bs.users, user, bs.perUser, now)
	c := bs.take(bs.channels, channel, bs.perChannel, now)
	switch {
	case u.tokens < 1:
		scope = "user"
	case channel != "" && c.tokens < 1:
		scope = "channel"
	default:
		u.tokens--
		if channel != "" {
			c.tokens--
		}
		return true, "", false
	}
	b := u
	if scope == "channel" {
		b = c
	}
	if now.Sub(b.told) >= time.Minute {
		b.told = now
		tell = true
	}
	return false, scope, tell
}

// urgentAllowed reports whether a person over budget may have the urgent
// help now: once a minute.
func (bs *budgets) urgentAllowed(user string) bool {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	now := bs.now()
	if now.Sub(bs.urgent[user]) < time.Minute {
		return false
	}
	if len(bs.urgent) >= maxBuckets {
		for u, t := range bs.urgent {
			if now.Sub(t) >= time.Minute {
				delete(bs.urgent, u)
			}
		}
	}
	bs.urgent[user] = now
	return true
}

// take refills a key's bucket for the time gone by and returns it.
func (bs *budgets) take(m map[string]*bucket, key string, r Rate, now time.Time) *bucket {
	b := m[key]
	if b == nil {
		if len(m) >= maxBuckets {
			// Forget the buckets full again; if none is, forget half at
			// random: a new key then starts full, which only errs towards
			// answering.
			for k, old := range m {
				if now.Sub(old.at) > time.Duration(r.Burst)*r.Every {
					delete(m, k)
				}
			}
			for k := range m {
				if len(m) < maxBuckets/2 {
					break
				}
				delete(m, k)
			}
		}
		b = &bucket{tokens: float64(r.Burst), at: now}
		m[key] = b
		return b
	}
	b.tokens = min(float64(r.Burst), b.tokens+float64(now.Sub(b.at))/float64(r.Every))
	b.at = now
	return b
}

// slowDown is what a person is told when they, or their channel, ask
// faster than Signpost answers.
var slowDown = map[string]string{
	"user":    "You've asked a lot in a short time, so I've paused your questions for a minute. Please ask again shortly. (If someone is at risk now: 999 · NHS 111, option 2 · Samaritans 116 123.)",
	"channel": "This channel is asking faster than I can answer well, so I've paused for a minute. Please ask again shortly. (If someone is at risk now: 999 · NHS 111, option 2 · Samaritans 116 123.)",
}
