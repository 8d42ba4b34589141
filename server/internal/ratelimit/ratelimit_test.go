package ratelimit

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestPerKeyLimitsEachKeyAndForgetsIdleOnes(t *testing.T) {
	ctx := context.Background()
	l := New(100, time.Minute)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for i := range 1000 {
		if ok, _ := l.Allow(ctx, fmt.Sprintf("u%d", i), now); !ok {
			t.Fatal("a key's first request was refused")
		}
	}
	for range 99 {
		if ok, _ := l.Allow(ctx, "busy", now); !ok {
			t.Fatal("a request within the burst was refused")
		}
	}
	if ok, _ := l.Allow(ctx, "busy", now); !ok {
		t.Fatal("the 100th request was refused")
	}
	ok, wait := l.Allow(ctx, "busy", now)
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("101st request: ok %v, wait %v; want a refusal for about 0.6 s", ok, wait)
	}
	if ok, _ := l.Allow(ctx, "other", now); !ok {
		t.Fatal("one busy key limited another")
	}

	// A period later every key is idle, and only the new one is kept.
	now = now.Add(time.Minute)
	l.Allow(ctx, "new", now)
	if n := l.Len(); n != 1 {
		t.Fatalf("%d keys after the prune, want the new one only", n)
	}
	if ok, _ := l.Allow(ctx, "busy", now); !ok {
		t.Fatal("busy key still limited a period later")
	}
}

func TestRetryAfterRoundsUpToWholeSeconds(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{0, "1"}, {time.Millisecond, "1"}, {time.Second, "1"}, {1500 * time.Millisecond, "2"}, {time.Minute, "60"}} {
		if got := RetryAfter(c.d); got != c.want {
			t.Errorf("RetryAfter(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestPerKeyRemembersAtMostMaxKeysAndLetsGoOfAFlood(t *testing.T) {
	ctx := context.Background()
	l := New(10, time.Minute)
	l.MaxKeys = 1000
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	refused, busyRefused := 0, 0
	for i := range 100_000 { // a flood of spoofed keys within one period
		if ok, _ := l.Allow(ctx, fmt.Sprintf("k%d", i), now); !ok {
			refused++
		}
		if i%500 == 0 { // a key in use all along keeps its bucket
			if ok, _ := l.Allow(ctx, "busy", now); !ok {
				busyRefused++
			}
		}
		if n := l.Len(); n > 1000 {
			t.Fatalf("%d keys held, want at most MaxKeys (1000)", n)
		}
	}
	if refused != 0 {
		t.Fatalf("%d new keys refused while the table was full, want none: the least recently used make way", refused)
	}
	if busyRefused != 200-10 {
		t.Fatalf("busy key refused %d times of 200, want 190: the flood made it forget its bucket", busyRefused)
	}
	// A period later the flood is idle: a new key gets in, the flood is gone.
	now = now.Add(time.Minute)
	if ok, _ := l.Allow(ctx, "late", now); !ok {
		t.Fatal("a new key was refused after the flood went idle")
	}
	if n := l.Len(); n != 1 {
		t.Fatalf("%d keys held after the prune, want 1", n)
	}
}

func TestPerKeyFullOfRecentKeysForgetsTheLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	l := New(10, time.Minute)
	l.MaxKeys = 1000
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	spend := func(key string) {
		for range 10 {
			l.Allow(ctx, key, now)
		}
		if ok, _ := l.Allow(ctx, key, now); ok {
			t.Fatalf("%s: 11th request allowed", key)
		}
	}
	spend("oldest")
	for i := range 998 {
		l.Allow(ctx, fmt.Sprintf("k%d", i), now)
	}
	spend("newest")

	// A second later no key has been idle a period, and the table is full.
	now = now.Add(time.Second)
	if ok, _ := l.Allow(ctx, "new", now); !ok {
		t.Fatal("a new key was refused while the table was full of keys idle for a second")
	}
	if n := l.Len(); n != 1000 {
		t.Fatalf("%d keys held, want MaxKeys (1000)", n)
	}
	if ok, _ := l.Allow(ctx, "newest", now); ok {
		t.Fatal("the most recently used key lost its spent bucket")
	}
	// The least recently used key was forgotten: it starts on a full bucket.
	if ok, _ := l.Allow(ctx, "oldest", now); !ok {
		t.Fatal("the least recently used key was kept (its spent bucket still refuses)")
	}
}
