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
	// refillTime is how long an unused limiter takes to be full again;
	// after that it can be forgotten without changing any answer.
	refillTime = time.Minute
)

// userLimiter rate-limits token creation per key (project and user).
// Limiters idle for refillTime are dropped once per refillTime, so memory
// follows the users of the last two minutes.
type userLimiter struct {
	mu        sync.Mutex
	byID      map[string]*limiterEntry
	lastPrune time.Time
}

type limiterEntry struct {
	lim      *rate.Limiter
	lastUsed time.Time
}

func newUserLimiter() *userLimiter {
	return &userLimiter{byID: map[string]*limiterEntry{}}
}

// allow takes one request for key at now, or reports how long to wait.
func (l *userLimiter) allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastPrune) >= refillTime {
		l.pruneIdle(now)
	}
	e, found := l.byID[key]
	if !found {
		e = &limiterEntry{lim: rate.NewLimiter(rate.Every(refillTime/tokensPerMinute), tokensPerMinute)}
		l.byID[key] = e
	}
	e.lastUsed = now
	r := e.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// pruneIdle drops limiters unused for refillTime: they are full again, so
// forgetting them changes nothing.
func (l *userLimiter) pruneIdle(now time.Time) {
	l.lastPrune = now
	for k, e := range l.byID {
		if now.Sub(e.lastUsed) >= refillTime {
			delete(l.byID, k)
		}
	}
}

// retryAfterSeconds renders a wait as a Retry-After value, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
