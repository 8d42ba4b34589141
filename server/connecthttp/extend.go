package connecthttp

import (
	"github.com/pdconnect/pdconnect/server/internal/events"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
)

// Hub carries each user's events to the user's open event streams and keeps
// a short history for replays (Options.Events). The default keeps them in
// process; replicas share one hub (the app's binary uses Redis streams).
type Hub = events.Hub

// Event is one event of one user, as a Hub carries it.
type Event = events.Event

// Limiter counts requests per key (Options.Limits makes them); Allow never
// fails: a limiter whose shared store is unreachable decides on its own.
type Limiter = ratelimit.Limiter

// LimiterFactory makes the named Limiter of n requests per period for each
// key; limiters of different names never share a key's count.
type LimiterFactory = ratelimit.Factory
