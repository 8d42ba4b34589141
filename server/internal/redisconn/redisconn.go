// Package redisconn is the server's connection to the Redis that replicas
// share (REDIS_URL), and whether it is reachable: its users fall back to
// working per process while it is not, and say so once, not per request.
package redisconn

import (
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// retryEvery is how often a caller may try Redis again while it is down;
// in between, Skip says not to wait on it.
const retryEvery = time.Second

// Conn is a Redis client and its health.
type Conn struct {
	Client *redis.Client
	log    *slog.Logger

	mu      sync.Mutex
	down    bool
	tried   time.Time
	changes []func(up bool)
}

// Open connects to the Redis at url (redis:// or rediss://) with short
// timeouts, so an outage costs a request a fraction of a second at most.
// It does not wait for Redis to answer.
func Open(url string, log *slog.Logger) (*Conn, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.DialTimeout = 300 * time.Millisecond
	opts.ReadTimeout = 500 * time.Millisecond
	opts.WriteTimeout = 500 * time.Millisecond
	opts.MaxRetries = 0
	return &Conn{Client: redis.NewClient(opts), log: log}, nil
}

// Close closes the client.
func (c *Conn) Close() error { return c.Client.Close() }

// OnChange registers f, called with false when Redis becomes unreachable
// and true when it is back.
func (c *Conn) OnChange(f func(up bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changes = append(c.changes, f)
}

// Skip reports whether a caller should not try Redis now: it is down and
// was tried less than a second ago.
func (c *Conn) Skip() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.down || time.Since(c.tried) >= retryEvery {
		c.tried = time.Now()
		return false
	}
	return true
}

// Down reports whether the last call failed.
func (c *Conn) Down() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.down
}

// Failed records a failed call; the first of an outage logs a warning.
func (c *Conn) Failed(err error) {
	c.set(false, err)
}

// OK records a call that worked; the first after an outage logs it.
func (c *Conn) OK() {
	c.set(true, nil)
}

func (c *Conn) set(up bool, err error) {
	c.mu.Lock()
	if c.down == !up {
		c.mu.Unlock()
		return
	}
	c.down = !up
	c.tried = time.Now()
	changes := slices.Clone(c.changes)
	c.mu.Unlock()
	if up {
		c.log.Info("redis: reachable again: limits and live events are shared by the replicas again")
	} else {
		c.log.Warn("redis: unreachable: limits are kept per process and live events stay on this replica until it returns", "err", err)
	}
	for _, f := range changes {
		f(up)
	}
}
