package connecthttp

import (
	"context"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
)

// Limiter allows a number of requests per period for each key (a user, a
// client address). Allow never fails: a limiter whose shared store is
// unreachable decides on its own.
type Limiter interface {
	// Allow takes one request for key at now, or reports how long to wait
	// before the next one would be allowed.
	Allow(ctx context.Context, key string, now time.Time) (ok bool, wait time.Duration)
}

// LimiterFactory makes the named [Limiter] of n requests per period for
// each key ([Config].Limits). Limiters of different names never share a
// key's count.
type LimiterFactory func(name string, n int, period time.Duration) Limiter

// InProcessLimits is the default [LimiterFactory]: a token bucket per key,
// refilled evenly, with bursts of up to n; each process counts alone, and
// the buckets of idle keys are forgotten.
func InProcessLimits(_ string, n int, period time.Duration) Limiter { return ratelimit.New(n, period) }
