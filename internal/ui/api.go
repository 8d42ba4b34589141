package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// fetcher performs one same-origin request to the app server. The wasm
// build uses the browser's fetch (net/http would double the bundle); the
// server build, used by tests, net/http.
type fetcher interface {
	fetch(ctx context.Context, method, path string) (response, error)
}

// response is what a fetcher got back.
type response struct {
	status     int
	retryAfter string // the Retry-After header
	body       []byte
}

// api calls the app server's JSON API for the signed-in user.
type api struct{ f fetcher }

// session returns the user's external_user_id; the call also sets the
// session cookie the other calls need.
func (a api) session(ctx context.Context) (string, error) {
	var s struct {
		ExternalUserID string `json:"external_user_id"`
	}
	if err := a.call(ctx, "GET", "/api/session", &s); err != nil {
		return "", fmt.Errorf("get session: %w", err)
	}
	return s.ExternalUserID, nil
}

// apps searches the catalog.
func (a api) apps(ctx context.Context, q string) ([]App, error) {
	var l struct {
		Data []App `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/connect/apps?q="+url.QueryEscape(q), &l); err != nil {
		return nil, fmt.Errorf("search apps: %w", err)
	}
	return l.Data, nil
}

// accounts lists the user's connected accounts.
func (a api) accounts(ctx context.Context) ([]Account, error) {
	var l struct {
		Data []Account `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/connect/accounts", &l); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return l.Data, nil
}

// disconnect deletes one of the user's accounts.
func (a api) disconnect(ctx context.Context, id string) error {
	if err := a.call(ctx, "DELETE", "/api/connect/accounts/"+url.PathEscape(id), nil); err != nil {
		return fmt.Errorf("disconnect account: %w", err)
	}
	return nil
}

// token mints a Connect token for the user.
func (a api) token(ctx context.Context) (Token, error) {
	var t Token
	if err := a.call(ctx, "POST", tokenPath, &t); err != nil {
		return Token{}, fmt.Errorf("create token: %w", err)
	}
	return t, nil
}

// call does one request and decodes a 2xx body into out (when not nil), or
// returns an *apiError.
func (a api) call(ctx context.Context, method, path string, out any) error {
	res, err := a.f.fetch(ctx, method, path)
	if err != nil {
		return err
	}
	if res.status < 200 || res.status > 299 {
		return newAPIError(res, time.Now())
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return &apiError{Status: res.status, Code: "bad_response", Message: "the server's answer was not understood"}
	}
	return nil
}

// apiError is an error answer of the app API.
type apiError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration // from Retry-After, when the server sent it
}

func (e *apiError) Error() string {
	s := "HTTP " + strconv.Itoa(e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// newAPIError reads an error answer: {"error":{"code","message"}} when the
// body has it, and Retry-After as seconds or an HTTP date seen at now.
func newAPIError(res response, now time.Time) *apiError {
	e := &apiError{Status: res.status}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(res.body, &body) == nil {
		e.Code, e.Message = body.Error.Code, body.Error.Message
	}
	if n, err := strconv.Atoi(res.retryAfter); err == nil && n > 0 {
		e.RetryAfter = time.Duration(n) * time.Second
	} else if t, err := time.Parse("Mon, 02 Jan 2006 15:04:05 GMT", res.retryAfter); err == nil && t.After(now) {
		e.RetryAfter = t.Sub(now)
	}
	return e
}

// networkError is a request that got no answer: the browser is offline or
// the server is down.
type networkError struct{ err error }

func (e *networkError) Error() string { return "network: " + e.err.Error() }
func (e *networkError) Unwrap() error { return e.err }
