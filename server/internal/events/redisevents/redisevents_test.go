package redisevents_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/events/redisevents"
	"github.com/pdconnect/pdconnect/server/internal/hubtest"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

func newHub(t *testing.T, url string, log *testsupport.LogBuffer) *redisevents.Hub {
	conn, err := redisconn.Open(url, log.Logger())
	if err != nil {
		t.Fatal(err)
	}
	h := redisevents.New(conn, log.Logger())
	t.Cleanup(func() { h.Close(); conn.Close() })
	return h
}

func TestRedisKeepsTheHubContract(t *testing.T) {
	rds := testsupport.StartRedis(t)
	hubtest.Run(t, newHub(t, rds.URL, &testsupport.LogBuffer{}))
}

// TestEventsCrossReplicasAndOutlastRedis: an event published on one
// replica reaches a subscriber on another; with Redis killed, subscribers
// are told the stream is degraded and a replica still reaches its own;
// after a restart both are live and shared again.
func TestEventsCrossReplicasAndOutlastRedis(t *testing.T) {
	rds := testsupport.StartRedis(t)
	var log testsupport.LogBuffer
	a, b := newHub(t, rds.URL, &log), newHub(t, rds.URL, &log)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	onB, err := b.Subscribe(ctx, "u", "")
	if err != nil {
		t.Fatal(err)
	}
	ev := func(n string) connecthttp.Event {
		return connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(`{"n":"` + n + `"}`)}
	}
	if _, err := a.Publish(ctx, "u", ev("first"), ""); err != nil {
		t.Fatal(err)
	}
	first := hubtest.Await(t, onB, func(e connecthttp.Event) bool { return e.Type == connectapi.EventConnection })
	if string(first.Data) != `{"n":"first"}` || first.ID == "" {
		t.Fatalf("on b: %+v", first)
	}

	rds.Stop()
	if ok, err := b.Publish(ctx, "u", ev("during"), "once-1"); !ok || err != nil {
		t.Fatalf("Publish with Redis down: %v %v", ok, err)
	}
	hubtest.Await(t, onB, func(e connecthttp.Event) bool {
		return e.Type == connectapi.EventStatus && strings.Contains(string(e.Data), `"degraded"`)
	})
	hubtest.Await(t, onB, func(e connecthttp.Event) bool { return string(e.Data) == `{"n":"during"}` })

	rds.Start()
	hubtest.Await(t, onB, func(e connecthttp.Event) bool {
		return e.Type == connectapi.EventStatus && string(e.Data) == `{"live":true}`
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		// a's own view of Redis recovers on its next try (within a second).
		if _, err := a.Publish(ctx, "u", ev("after"), ""); err != nil {
			t.Fatal(err)
		}
		got := hubtest.Await(t, onB, func(e connecthttp.Event) bool { return e.Type == connectapi.EventConnection })
		if string(got.Data) == `{"n":"after"}` && got.ID != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("events do not cross replicas after the restart:\n%s", log.String())
		}
	}
}

// TestSubscriptionsLeaveNothingBehind: 1,000 pages that subscribe and go
// away leave no goroutine behind.
func TestSubscriptionsLeaveNothingBehind(t *testing.T) {
	rds := testsupport.StartRedis(t)
	h := newHub(t, rds.URL, &testsupport.LogBuffer{})
	before := runtime.NumGoroutine()
	for i := range 1000 {
		ctx, cancel := context.WithCancel(context.Background())
		if _, err := h.Subscribe(ctx, fmt.Sprintf("u%d", i%10), "0-0"); err != nil {
			t.Fatal(err)
		}
		cancel()
	}
	for deadline := time.Now().Add(10 * time.Second); runtime.NumGoroutine() > before+2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after 1,000 subscriptions ended, %d before", runtime.NumGoroutine(), before)
		}
	}
}
