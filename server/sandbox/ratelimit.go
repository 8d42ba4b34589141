package sandbox

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Token creation rate limit per external user, like the real service's
// "about 100 requests per minute".
const (
	tokensPerMinute = 100
	maxLimiters     = 10000 // idle limiters are dropped beyond this many
)

// userLimiter rate-limits token creation per key (project and user).
type userLimiter struct {
	mu   sync.Mutex
	byID map[string]*rate.Limiter
}

func newUserLimiter() *userLimiter {
	return &userLimiter{byID: map[string]*rate.Limiter{}}
}

// allow takes one request for key at now, or reports how long to wait.
func (l *userLimiter) allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, found := l.byID[key]
	if !found {
		if len(l.byID) >= maxLimiters {
			l.pruneIdle(now)
		}
		lim = rate.NewLimiter(rate.Every(time.Minute/tokensPerMinute), tokensPerMinute)
		l.byID[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// pruneIdle drops limiters that are full again: forgetting them changes
// nothing.
func (l *userLimiter) pruneIdle(now time.Time) {
	for k, lim := range l.byID {
		if lim.TokensAt(now) >= tokensPerMinute {
			delete(l.byID, k)
		}
	}
}

// retryAfterSeconds renders a wait as a Retry-After value, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
