package connectredis_test

import (
	"context"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectredis"
	"github.com/pdconnect/pdconnect/server/internal/hubtest"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// Two replicas on one real Redis share a hub that keeps the Hub contract,
// and a limit: what one replica allowed counts on the other.
func TestReplicasShareEventsAndLimits(t *testing.T) {
	rds := testsupport.StartRedis(t)
	var log testsupport.LogBuffer
	open := func() *connectredis.Shared {
		s, err := connectredis.Open(t.Context(), rds.URL, log.Logger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	hubtest.Run(t, a.Hub())

	var limits connecthttp.LimiterFactory = a.Limits
	la, lb := limits("test", 2, time.Minute), b.Limits("test", 2, time.Minute)
	now := time.Now()
	for i, l := range []connecthttp.Limiter{la, lb} {
		if ok, _ := l.Allow(context.Background(), "user-1", now); !ok {
			t.Fatalf("request %d of 2: refused, want allowed", i+1)
		}
	}
	if ok, wait := la.Allow(context.Background(), "user-1", now); ok || wait <= 0 {
		t.Errorf("third request across the replicas: got allowed %v, wait %v; want refused with a wait", ok, wait)
	}
	if err := a.Client().Ping(t.Context()).Err(); err != nil {
		t.Errorf("Client().Ping: %v", err)
	}
}

// A malformed URL is an error; an unreachable Redis is not.
func TestOpen(t *testing.T) {
	if _, err := connectredis.Open(t.Context(), "http://not-redis", nil); err == nil {
		t.Error("Open(http://...): got no error, want one")
	}
	var log testsupport.LogBuffer
	s, err := connectredis.Open(t.Context(), "redis://127.0.0.1:1", log.Logger())
	if err != nil {
		t.Fatalf("Open(an unreachable Redis): %v, want no error", err)
	}
	s.Close()
}
