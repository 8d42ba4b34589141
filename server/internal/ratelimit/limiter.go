package ratelimit

import (
	"context"
	"time"
)

// Limiter allows a number of requests per period for each key. Allow never
// fails: a limiter whose shared store is unreachable decides on its own.
// PerKey is the in-process Limiter; package redislimit has the one shared
// by replicas.
type Limiter interface {
	Allow(ctx context.Context, key string, now time.Time) (ok bool, wait time.Duration)
}

// Factory makes the named Limiter of n requests per period for each key.
// Limiters of different names never share a key's count.
type Factory func(name string, n int, period time.Duration) Limiter

// InProcess is the Factory of PerKey limiters: each process counts alone.
func InProcess(_ string, n int, period time.Duration) Limiter { return New(n, period) }

var _ Limiter = (*PerKey)(nil)
