package redislimit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit/redislimit"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestReplicasShareTheLimitAndOutlastRedis: two replicas' limiters share
// one count; with Redis killed each limits on its own, with one warning;
// after a restart they share again.
func TestReplicasShareTheLimitAndOutlastRedis(t *testing.T) {
	rds := testsupport.StartRedis(t)
	var log testsupport.LogBuffer
	replica := func() func(key string, now time.Time) bool {
		conn, err := redisconn.Open(rds.URL, log.Logger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		l := redislimit.Factory(conn)("token", 10, time.Minute)
		return func(key string, now time.Time) bool {
			ok, _ := l.Allow(context.Background(), key, now)
			return ok
		}
	}
	a, b := replica(), replica()
	now := time.Now()
	// across takes 14 requests for key, in turn on a and b: how many pass.
	across := func(key string) (allowed int) {
		for i := range 14 {
			if []func(string, time.Time) bool{a, b}[i%2](key, now) {
				allowed++
			}
		}
		return allowed
	}
	if allowed := across("user-1"); allowed != 10 {
		t.Errorf("one user minted %d tokens across two replicas, limit 10", allowed)
	}
	if !a("user-2", now) {
		t.Error("another user is limited too")
	}

	rds.Stop()
	start := time.Now()
	allowed := 0
	for range 14 {
		if a("user-3", now) {
			allowed++
		}
	}
	if allowed != 10 {
		t.Errorf("with Redis down, one replica let %d through, want its own limit of 10", allowed)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("14 decisions with Redis down took %v", d)
	}
	if n := strings.Count(log.String(), "redis: unreachable"); n != 1 {
		t.Errorf("%d outage warnings, want 1:\n%s", n, log.String())
	}

	rds.Start()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "redis: reachable again") {
		if time.Now().After(deadline) {
			t.Fatalf("the limiter did not go back to Redis:\n%s", log.String())
		}
		a(fmt.Sprintf("probe-%d", time.Now().UnixNano()), time.Now())
		time.Sleep(50 * time.Millisecond)
	}
	if allowed := across("user-4"); allowed != 10 {
		t.Errorf("after the restart one user minted %d across two replicas, limit 10", allowed)
	}
}
