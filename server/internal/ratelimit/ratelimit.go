// Package ratelimit limits requests per key (an end user, say) with one
// token bucket each, and forgets the buckets of idle keys so memory follows
// the active keys only.
package ratelimit

import (
	"cmp"
	"context"
	"maps"
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys is how many keys a PerKey remembers at most by default.
const DefaultMaxKeys = 100_000

// PerKey allows n requests per period for each key, refilled evenly, with
// bursts of up to n. It remembers at most MaxKeys keys: when that many are
// active, a new key is refused until old ones go idle, so no flood of keys
// grows it. It is safe for concurrent use.
type PerKey struct {
	// MaxKeys bounds the keys remembered; zero means DefaultMaxKeys. Set
	// it before the first Allow.
	MaxKeys int

	n      int
	period time.Duration

	mu        sync.Mutex
	byKey     map[string]*entry
	lastPrune time.Time
}

type entry struct {
	lim      *rate.Limiter
	lastUsed time.Time
}

// New returns a limiter of n requests per period for each key.
func New(n int, period time.Duration) *PerKey {
	return &PerKey{n: n, period: period, byKey: map[string]*entry{}}
}

// Allow takes one request for key at now, or reports how long to wait
// before the next one would be allowed.
func (l *PerKey) Allow(_ context.Context, key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastPrune) >= l.period {
		l.pruneIdle(now)
	}
	e, found := l.byKey[key]
	if !found {
		if full := cmp.Or(l.MaxKeys, DefaultMaxKeys); len(l.byKey) >= full {
			if now.Sub(l.lastPrune) >= min(time.Second, l.period) { // at most once a second while full
				l.pruneIdle(now)
			}
			if len(l.byKey) >= full {
				return false, l.period / time.Duration(l.n) // full of active keys: a new one waits
			}
		}
		e = &entry{lim: rate.NewLimiter(rate.Every(l.period/time.Duration(l.n)), l.n)}
		l.byKey[key] = e
	}
	e.lastUsed = now
	r := e.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Len is the number of keys remembered.
func (l *PerKey) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.byKey)
}

// pruneIdle drops buckets unused for a whole period: they are full again,
// so forgetting them changes no answer. A map never shrinks, so after a
// flood of keys the survivors move to a new one and the memory goes back.
func (l *PerKey) pruneIdle(now time.Time) {
	l.lastPrune = now
	before := len(l.byKey)
	for k, e := range l.byKey {
		if now.Sub(e.lastUsed) >= l.period {
			delete(l.byKey, k)
		}
	}
	if before >= 1024 && len(l.byKey) < before/4 {
		kept := make(map[string]*entry, len(l.byKey))
		maps.Copy(kept, l.byKey)
		l.byKey = kept
	}
}

// RetryAfter renders a wait as a Retry-After header value: whole seconds,
// rounded up, at least 1.
func RetryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
