package pipedream

import (
	"context"
	"time"
)

// Test hooks for the external test package.
var (
	ParseError       = parseError
	ParseRetryAfter  = parseRetryAfter
	Backoff          = backoff
	NotAllowedDomain = notAllowedDomain
)

// SetSleep replaces the wait between retries.
func SetSleep(c *Client, f func(context.Context, time.Duration) error) { c.sleep = f }
