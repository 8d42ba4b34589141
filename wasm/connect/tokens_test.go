package connect

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// source is a TokenFunc that hands out ctok_1, ctok_2, ... expiring after
// ttl (never when zero) on clock, counting its calls.
type source struct {
	calls atomic.Int32
	ttl   time.Duration
	clock *clock
}

func (s *source) fetch(context.Context) (Token, error) {
	n := s.calls.Add(1)
	tok := Token{Token: fmt.Sprint("ctok_", n)}
	if s.ttl > 0 {
		tok.ExpiresAt = s.clock.now().Add(s.ttl)
	}
	return tok, nil
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newTokens returns a cache in front of src on a clock of its own.
func newTokens(src *source) *Tokens {
	src.clock = &clock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	t := NewTokens(TokenFunc(src.fetch))
	t.now = src.clock.now
	return t
}

// token gets a token from t, failing the test on an error.
func token(t *testing.T, tokens *Tokens) string {
	t.Helper()
	tok, err := tokens.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

// TestTokensCachedUntilShortlyBeforeExpiry: a token is handed out again
// until a minute before it expires; then a new one is fetched.
func TestTokensCachedUntilShortlyBeforeExpiry(t *testing.T) {
	src := &source{ttl: 10 * time.Minute}
	tokens := newTokens(src)
	var got []string
	for _, step := range []time.Duration{0, 0, 8*time.Minute + 58*time.Second, 2 * time.Second, 0} {
		src.clock.add(step)
		got = append(got, token(t, tokens))
	}
	equal(t, "tokens", got, []string{"ctok_1", "ctok_1", "ctok_1", "ctok_2", "ctok_2"})

	// One that expires within the margin is handed out once, never cached.
	src = &source{ttl: 30 * time.Second}
	tokens = newTokens(src)
	equal(t, "short-lived tokens", []string{token(t, tokens), token(t, tokens)}, []string{"ctok_1", "ctok_2"})
}

// TestTokensWithoutExpiryReusedUntilSpent: a token without expiry is
// reused until it is marked spent; marking another token changes nothing.
func TestTokensWithoutExpiryReusedUntilSpent(t *testing.T) {
	src := &source{}
	tokens := newTokens(src)
	got := []string{token(t, tokens)}
	src.clock.add(24 * time.Hour)
	got = append(got, token(t, tokens))
	tokens.MarkSpent("ctok_other")
	got = append(got, token(t, tokens))
	tokens.MarkSpent("ctok_1")
	if _, ok := tokens.Cached(); ok {
		t.Error("a spent token is still cached")
	}
	got = append(got, token(t, tokens))
	equal(t, "tokens", got, []string{"ctok_1", "ctok_1", "ctok_1", "ctok_2"})
}

// TestTokensSingleFlight: however many callers wait, and Prefetch too, one
// fetch runs; a caller that gives up does not cancel it.
func TestTokensSingleFlight(t *testing.T) {
	gate := make(chan struct{})
	var calls atomic.Int32
	tokens := NewTokens(TokenFunc(func(ctx context.Context) (Token, error) {
		calls.Add(1)
		<-gate
		return Token{Token: "ctok_shared"}, nil
	}))

	const callers = 20
	results := make(chan string, callers)
	for range callers {
		go func() {
			tok, err := tokens.Token(context.Background())
			if err != nil {
				results <- err.Error()
				return
			}
			results <- tok.Token
		}()
	}
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := tokens.Token(ctx)
		gaveUp <- err
	}()
	waitFor(t, "the fetch", func() bool { return calls.Load() == 1 })
	tokens.Prefetch()
	cancel()
	if err := <-gaveUp; code(err) != CodeTokenFetchFailed || !errors.Is(err, context.Canceled) {
		t.Errorf("the caller that gave up got %v", err)
	}
	close(gate)
	for range callers {
		if got := <-results; got != "ctok_shared" {
			t.Errorf("a caller got %s", got)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
	if tok, ok := tokens.Cached(); !ok || tok.Token != "ctok_shared" {
		t.Errorf("cached %+v, %v", tok, ok)
	}
}

// TestTokensErrors: a failing source, an empty token and an expired one are
// errors with codes, never cached: the next call fetches again.
func TestTokensErrors(t *testing.T) {
	past := time.Now().Add(-time.Second)
	for _, tc := range []struct {
		name string
		tok  Token
		err  error
		want ErrorCode
	}{
		{"failed", Token{}, errors.New("offline"), CodeTokenFetchFailed},
		{"empty", Token{ExpiresAt: time.Now().Add(time.Hour)}, nil, CodeTokenFetchFailed},
		{"expired", Token{Token: "ctok_old", ExpiresAt: past}, nil, CodeTokenExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			tokens := NewTokens(TokenFunc(func(context.Context) (Token, error) {
				calls.Add(1)
				return tc.tok, tc.err
			}))

			for range 2 {
				_, err := tokens.Token(context.Background())
				if code(err) != tc.want || tc.err != nil && !errors.Is(err, tc.err) {
					t.Errorf("err = %v, want %s", err, tc.want)
				}
			}
			if n := calls.Load(); n != 2 {
				t.Errorf("%d fetches, want 2", n)
			}
		})
	}
}
