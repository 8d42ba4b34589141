// Package fetch makes the page's requests to its own server's JSON API. In
// the browser it is the browser's fetch (fetch_wasm.go: net/http would
// double the bundle), aborted when the request's context ends; elsewhere,
// net/http (fetch_nowasm.go), which tests use. [JSON] decodes a 2xx answer;
// an error answer is a [*StatusError], no answer at all a [*NetworkError].
package fetch

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// Response is what one request got back.
type Response struct {
	Status     int
	RetryAfter string // the Retry-After header
	Body       []byte
}

// JSON does one request to url (POST requests send {}) and decodes a 2xx
// answer's body into out, when out is not nil.
func JSON(ctx context.Context, method, url string, out any) error {
	res, err := Do(ctx, method, url)
	if err != nil {
		return err
	}
	if res.Status < 200 || res.Status > 299 {
		return NewStatusError(res, time.Now())
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(res.Body, out); err != nil {
		return &StatusError{Status: res.Status, Code: "bad_response", Message: "the server's answer was not understood"}
	}
	return nil
}

// StatusError is an error answer of the API: {"error":{"code","message"}}.
type StatusError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration // from Retry-After, when the server sent it
}

func (e *StatusError) Error() string {
	s := "HTTP " + strconv.Itoa(e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// NewStatusError reads an error answer: {"error":{"code","message"}} when
// the body has it, and Retry-After as seconds or an HTTP date seen at now.
func NewStatusError(res Response, now time.Time) *StatusError {
	e := &StatusError{Status: res.Status}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(res.Body, &body) == nil {
		e.Code, e.Message = body.Error.Code, body.Error.Message
	}
	if n, err := strconv.Atoi(res.RetryAfter); err == nil && n > 0 {
		e.RetryAfter = time.Duration(n) * time.Second
	} else if t, err := time.Parse("Mon, 02 Jan 2006 15:04:05 GMT", res.RetryAfter); err == nil && t.After(now) {
		e.RetryAfter = t.Sub(now)
	}
	return e
}

// NetworkError is a request that got no answer: the browser is offline or
// the server is down.
type NetworkError struct{ Err error }

func (e *NetworkError) Error() string { return "network: " + e.Err.Error() }
func (e *NetworkError) Unwrap() error { return e.Err }
