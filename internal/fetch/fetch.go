// Package fetch makes the page's requests to its own server's JSON API. In
// the browser it is the browser's fetch (fetch_wasm.go: net/http would
// double the bundle), aborted when the request's context ends; elsewhere,
// net/http (fetch_nowasm.go), which tests use. [Call] hands a 2xx answer's
// body to a decoder; an error answer is a [*StatusError], no answer at all
// a [*NetworkError].
//
// In the browser it reads JSON with JavaScript's JSON.parse, not
// encoding/json, whose mere import costs the widget 5 KB of brotli.
package fetch

import (
	"context"
	"strconv"
	"time"
)

// Request is one request to any origin: the components API, say, which a
// page calls with a Connect token.
type Request struct {
	Method string
	URL    string
	Header map[string]string // sent as they are, besides Accept: application/json
	Body   string            // sent when not empty
}

// Response is what one request got back.
type Response struct {
	Status     int
	RetryAfter string // the Retry-After header
	Body       []byte
}

// Call does one request to url (POST requests send {}) and hands a 2xx
// answer's body to decode, when decode is not nil; a body decode refuses is
// a StatusError with code bad_response.
func Call(ctx context.Context, method, url string, decode func(body []byte) error) error {
	res, err := Do(ctx, method, url)
	if err != nil {
		return err
	}
	if res.Status < 200 || res.Status > 299 {
		return NewStatusError(res, time.Now())
	}
	if decode == nil {
		return nil
	}
	if err := decode(res.Body); err != nil {
		return &StatusError{StatusCode: res.Status, Code: "bad_response", Message: "the server's answer was not understood"}
	}
	return nil
}

// StatusError is an error answer of the API: {"error":{"code","message"}}.
// Its fields are those of the public connect.HTTPError, which the public
// packages convert it to (a pointer conversion) before handing it out.
type StatusError struct {
	StatusCode int
	Code       string
	Message    string
	RetryAfter time.Duration // from Retry-After, when the server sent it
}

func (e *StatusError) Error() string {
	s := "HTTP " + strconv.Itoa(e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// NewStatusError reads an error answer: its code and message when the
// body has them, as {"error":{"code","message"}} (the app server's) or
// {"error":"message"} with a top-level "code" (the components API's), the
// message cut at maxMessage bytes; and Retry-After as seconds or an HTTP
// date seen at now.
func NewStatusError(res Response, now time.Time) *StatusError {
	e := &StatusError{StatusCode: res.Status}
	e.Code, e.Message = errorBody(res.Body)
	if len(e.Message) > maxMessage {
		e.Message = e.Message[:maxMessage] + "…"
	}
	if n, err := strconv.Atoi(res.RetryAfter); err == nil && n > 0 {
		e.RetryAfter = time.Duration(n) * time.Second
	} else if t, err := time.Parse("Mon, 02 Jan 2006 15:04:05 GMT", res.RetryAfter); err == nil && t.After(now) {
		e.RetryAfter = t.Sub(now)
	}
	return e
}

// maxMessage bounds the error text kept from an answer.
const maxMessage = 500

// NetworkError is a request that got no answer: the browser is offline or
// the server is down.
type NetworkError struct{ Err error }

func (e *NetworkError) Error() string { return "network: " + e.Err.Error() }
func (e *NetworkError) Unwrap() error { return e.Err }
