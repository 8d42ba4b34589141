package connecthttp

import (
	"context"
	"sync"
	"time"
)

// Listing limits: a listing gathers every page of the user's accounts, so
// one user listing at high concurrency took the CPU from everyone else's.
const (
	// ListingsPerMinute is how many account listings a user may ask for
	// per minute: far more than pages make (one lists on load, after a
	// flow, on an event, and every 5 s while a Connect Link is out and no
	// webhooks come), few enough that a heavy lister costs little.
	ListingsPerMinute = 300
	// listingBurst is how many listings a user may make at once, the rest
	// of the minute's share coming evenly.
	listingBurst = 20
	// ListingsAtOnce is how many of a user's listings may run at once.
	ListingsAtOnce = 4
)

// listings bounds each user's account listings: in flight, and per minute.
type listings struct {
	rate Limiter

	mu       sync.Mutex
	inFlight map[string]int
}

func newListings(rate Limiter) *listings {
	return &listings{rate: rate, inFlight: map[string]int{}}
}

// begin starts a listing for user, or says how long to wait; done ends it.
func (l *listings) begin(ctx context.Context, user string, now time.Time) (done func(), wait time.Duration, ok bool) {
	l.mu.Lock()
	if l.inFlight[user] >= ListingsAtOnce {
		l.mu.Unlock()
		return nil, time.Second, false
	}
	l.inFlight[user]++
	l.mu.Unlock()
	done = func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		release(l.inFlight, user)
	}
	if ok, wait := l.rate.Allow(ctx, user, now); !ok {
		done()
		return nil, wait, false
	}
	return done, 0, true
}
