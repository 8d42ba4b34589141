package uikit

import (
	"context"
	"errors"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// Describe says in words why doing what failed, and what to do next:
// "Couldn't load your accounts: too many requests. Try again in 30 seconds."
func Describe(what string, err error) string {
	return "Couldn't " + what + ": " + Reason(err)
}

// Reason explains an error for people: the server unreachable or slow, its
// error answers (connect.HTTPError, or internal/fetch's before the public
// packages convert it), the Connect client's errors.
func Reason(err error) string {
	var (
		se *fetch.StatusError
		he *connect.HTTPError
		ne *fetch.NetworkError
		ce *connect.Error
	)
	switch {
	case errors.As(err, &ne):
		return "the server can't be reached. Check your connection, then try again."
	case errors.As(err, &se):
		return apiReason((*connect.HTTPError)(se))
	case errors.As(err, &he):
		return apiReason(he)
	case errors.As(err, &ce):
		return sentence(ce.Message, "the Connect window reported an error")
	case errors.Is(err, context.DeadlineExceeded):
		return "the server took too long to answer. Try again."
	}
	return sentence(err.Error(), "something went wrong")
}

// apiReason explains an error answer of the app API.
func apiReason(e *connect.HTTPError) string {
	switch {
	case e.StatusCode == 429:
		if e.RetryAfter > 0 {
			return "too many requests. Try again in " + Plural(int((e.RetryAfter+time.Second-1)/time.Second), "second") + "."
		}
		return "too many requests. Wait a moment, then try again."
	case e.StatusCode == 401 || e.StatusCode == 403:
		return sentence(with("the server refused", e.Message), "") + " Reload the page, then try again."
	case e.StatusCode >= 500:
		return sentence(with("the server had a problem", e.Message), "") + " Try again."
	}
	return sentence(e.Message, "the server said no ("+e.Error()+")")
}

// with appends detail to s after a colon, when there is one.
func with(s, detail string) string {
	if detail == "" {
		return s
	}
	return s + ": " + detail
}

// sentence ends s (or fallback, when s is empty) with a full stop.
func sentence(s, fallback string) string {
	if s == "" {
		s = fallback
	}
	if s == "" {
		return s
	}
	if c := s[len(s)-1]; c != '.' && c != '!' && c != '?' {
		s += "."
	}
	return s
}
