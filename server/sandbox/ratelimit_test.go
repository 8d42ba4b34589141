package sandbox

import (
	"fmt"
	"testing"
)

func TestUserLimiterForgetsIdleUsers(t *testing.T) {
	l := newUserLimiter()
	now := newClock().Now()
	for i := range 1000 {
		if ok, _ := l.allow(fmt.Sprintf("u%d", i), now); !ok {
			t.Fatal("first request refused")
		}
	}
	for range tokensPerMinute {
		l.allow("busy", now)
	}
	if ok, wait := l.allow("busy", now); ok || wait <= 0 {
		t.Fatalf("101st request: ok %v wait %v", ok, wait)
	}
	// A minute later everyone is idle and forgotten.
	now = now.Add(refillTime)
	l.allow("new", now)
	if n := len(l.byID); n != 1 {
		t.Fatalf("%d limiters after the prune, want the new user's only", n)
	}
	if ok, _ := l.allow("busy", now); !ok {
		t.Fatal("busy user still limited after a minute")
	}
}
