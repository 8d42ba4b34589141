// Package connectredis lets the replicas of an app share what
// github.com/pdconnect/pdconnect/server/connecthttp otherwise keeps per
// process: each user's live events (a webhook that reaches one replica
// reaches the user's pages on every other, and a page that reconnects
// elsewhere gets what it missed) and the rate limits (counted once for all
// replicas). It needs Redis 6.2 or later.
//
//	shared, err := connectredis.Open(ctx, os.Getenv("REDIS_URL"), logger)
//	if err != nil {
//		log.Fatal(err) // a malformed URL; an unreachable Redis is no error
//	}
//	defer shared.Close()
//	h, err := connecthttp.New(connecthttp.Config{Connect: pd, User: currentUser,
//		Events: shared.Hub(), Limits: shared.Limits})
//
// Redis going away fails nothing: each replica then limits on its own and
// delivers to its own pages, logs one warning, and tells the pages their
// live updates are degraded (connectapi.ReasonDegraded), so they refresh by
// themselves; all of it is shared again as soon as Redis answers.
package connectredis

import (
	"context"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/events/redisevents"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit/redislimit"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
)

// Shared is one replica's connection to the Redis the replicas share.
type Shared struct {
	conn   *redisconn.Conn
	hub    *redisevents.Hub
	limits connecthttp.LimiterFactory
}

// Open connects to the Redis at url (redis:// or rediss://), with short
// timeouts so that an outage costs a request a fraction of a second, and
// starts this replica's reader of the shared event stream. It pings Redis
// once and logs the outcome to logger (nil means slog.Default()); an
// unreachable Redis is no error. Close ends it.
func Open(ctx context.Context, url string, logger *slog.Logger) (*Shared, error) {
	if logger == nil {
		logger = slog.Default()
	}
	conn, err := redisconn.Open(url, logger)
	if err != nil {
		return nil, err
	}
	ping, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := conn.Client.Ping(ping).Err(); err != nil {
		conn.Failed(err)
	} else {
		logger.Info("redis: limits and live events are shared through it")
	}
	return &Shared{conn: conn, hub: redisevents.New(conn, logger), limits: redislimit.Factory(conn)}, nil
}

// Hub is the events hub the replicas share, for [connecthttp.Config].Events.
func (s *Shared) Hub() connecthttp.Hub { return s.hub }

// Limits makes the named limiter of n requests per period per key, counted
// for all replicas: a [connecthttp.LimiterFactory], for
// [connecthttp.Config].Limits.
func (s *Shared) Limits(name string, n int, period time.Duration) connecthttp.Limiter {
	return s.limits(name, n, period)
}

// Client is the Redis client, for the app's own use of the same Redis.
func (s *Shared) Client() *redis.Client { return s.conn.Client }

// Close ends this replica's event streams and reader and closes the
// client.
func (s *Shared) Close() error {
	s.hub.Close()
	return s.conn.Close()
}
