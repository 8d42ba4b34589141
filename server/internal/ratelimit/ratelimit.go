// Package ratelimit limits requests per key (an end user, say) with one
// token bucket each, and forgets the buckets of idle keys so memory follows
// the active keys only.
package ratelimit

import (
	"cmp"
	"container/list"
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
// held, a new key makes it forget the least recently used one, so no flood
// of keys grows it and none locks new keys out. Forgetting a key whose
// bucket had not refilled gives it a fresh burst, but only after MaxKeys
// other keys have been used since its last request. It is safe for
// concurrent use.
type PerKey struct {
	// MaxKeys bounds the keys remembered; zero means DefaultMaxKeys. Set
	// it before the first Allow.
	MaxKeys int

	n      int
	period time.Duration

	mu    sync.Mutex
	byKey map[string]*list.Element // of *entry, in lru
	lru   list.List                // the entries, most recently used first
	peak  int                      // most keys byKey has held
}

type entry struct {
	key      string
	lim      *rate.Limiter
	lastUsed time.Time
}

// New returns a limiter of n requests per period for each key.
func New(n int, period time.Duration) *PerKey {
	return &PerKey{n: n, period: period, byKey: map[string]*list.Element{}}
}

// Allow takes one request for key at now, or reports how long to wait
// before the next one would be allowed.
func (l *PerKey) Allow(_ context.Context, key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(now)
	el, found := l.byKey[key]
	if found {
		l.lru.MoveToFront(el)
	} else {
		if len(l.byKey) >= cmp.Or(l.MaxKeys, DefaultMaxKeys) {
			l.forget(l.lru.Back())
		}
		el = l.lru.PushFront(&entry{key: key, lim: rate.NewLimiter(rate.Every(l.period/time.Duration(l.n)), l.n)})
		l.byKey[key] = el
		l.peak = max(l.peak, len(l.byKey))
	}
	e := el.Value.(*entry)
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

// forgetIdle drops buckets unused for a whole period, least recently used
// first: they are full again, so forgetting them changes no answer. A map
// never shrinks, so after a flood of keys the survivors move to a new one
// and the memory goes back.
func (l *PerKey) forgetIdle(now time.Time) {
	for el := l.lru.Back(); el != nil && now.Sub(el.Value.(*entry).lastUsed) >= l.period; el = l.lru.Back() {
		l.forget(el)
	}
	if l.peak >= 1024 && len(l.byKey) < l.peak/4 {
		kept := make(map[string]*list.Element, len(l.byKey))
		maps.Copy(kept, l.byKey)
		l.byKey, l.peak = kept, len(kept)
	}
}

func (l *PerKey) forget(el *list.Element) {
	delete(l.byKey, l.lru.Remove(el).(*entry).key)
}

// RetryAfter renders a wait as a Retry-After header value: whole seconds,
// rounded up, at least 1.
func RetryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
