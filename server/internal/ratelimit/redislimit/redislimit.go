// Package redislimit is a connecthttp.Limiter shared by every replica through
// Redis: one GCRA cell per key, updated by a Lua script. While Redis is
// unreachable each replica decides with its own in-process limiter.
package redislimit

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
)

// gcra allows one request for KEYS[1] now, on Redis's clock (so the
// replicas' clocks need not agree), with ARGV[1] µs between requests and a
// tolerance of ARGV[2] µs (the burst); it returns 0, or how many µs to wait.
var gcra = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local over = tat - now - tolerance
if over > 0 then return over end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil((tat + interval - now) / 1000) + 1)
return 0
`)

// Limiter allows n requests per period per key across replicas.
type Limiter struct {
	conn      *redisconn.Conn
	prefix    string
	interval  int64 // µs
	tolerance int64 // µs
	local     *ratelimit.PerKey
}

// Factory makes named Limiters on conn.
func Factory(conn *redisconn.Conn) connecthttp.LimiterFactory {
	return func(name string, n int, period time.Duration) connecthttp.Limiter {
		interval := max(1, period.Microseconds()/int64(n))
		return &Limiter{
			conn: conn, prefix: "pdconnect:limit:" + name + ":",
			interval: interval, tolerance: interval * int64(n-1),
			local: ratelimit.New(n, period),
		}
	}
}

// Allow implements connecthttp.Limiter. Redis's clock counts, not now, which
// only the in-process fallback uses.
func (l *Limiter) Allow(ctx context.Context, key string, now time.Time) (bool, time.Duration) {
	if l.conn.Skip() {
		return l.local.Allow(ctx, key, now)
	}
	wait, err := gcra.Run(ctx, l.conn.Client, []string{l.prefix + key}, l.interval, l.tolerance).Int64()
	if err != nil {
		if ctx.Err() != nil {
			return l.local.Allow(ctx, key, now) // the client left; nothing is wrong with Redis
		}
		l.conn.Failed(err)
		return l.local.Allow(ctx, key, now)
	}
	l.conn.OK()
	if wait > 0 {
		return false, time.Duration(wait) * time.Microsecond
	}
	return true, 0
}
