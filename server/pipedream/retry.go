package pipedream

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy. A call is retried, up to MaxRetries times, when:
//   - the access token could not be had because the token endpoint
//     answered 429 or 5xx or could not be reached: the API request itself
//     was never sent, so any method may be repeated;
//   - the API answered 429: the service rejects the request before
//     processing it, so even POST /tokens is repeated;
//   - the API answered 5xx, or the request failed in transport, and the
//     method is idempotent (GET, DELETE). POST /tokens is not repeated
//     then: the token may have been minted, and a caller retrying by hand
//     is better than two live tokens it never saw.
//
// Waits double from MinRetryDelay with jitter, capped at MaxRetryDelay. A
// Retry-After header sets the wait instead; when it exceeds MaxRetryDelay
// or the context's deadline, the call ends with the error at once.

// retryable reports whether a failed attempt may be repeated.
func retryable(method string, sent bool, status int) bool {
	switch {
	case status == http.StatusTooManyRequests:
		return true
	case !sent:
		return status == 0 || status >= 500
	case method == http.MethodGet || method == http.MethodDelete:
		return status == 0 || status >= 500
	}
	return false
}

// backoff returns the wait before retry n (1-based): min·2^(n-1), capped
// at max, with "equal jitter" (half fixed, half random).
func backoff(n int, minDelay, maxDelay time.Duration) time.Duration {
	d := minDelay
	for i := 1; i < n && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP
// date. Missing, malformed or past values give zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Clamp absurd values instead of overflowing.
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleepCtx waits d or until ctx ends, whichever is first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
