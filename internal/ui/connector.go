package ui

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// flow is one run of the hosted Connect flow: the app, and the account to
// reconnect when AccountID is set.
type flow struct {
	App       App
	AccountID string
}

// flowEvents receive the hosted flow's callbacks, on any goroutine.
type flowEvents struct {
	success func(accountID string)
	fail    func(err error) // a *connect.Error
	closed  func(successful, completed bool)
}

// tokenPath is where the app server mints Connect tokens.
const tokenPath = "/api/connect/token"

// connector opens the hosted Connect flow. The wasm build wraps
// github.com/pdconnect/pdconnect/wasm/connect; the server never opens one.
type connector interface {
	// prefetch gets a token ahead of the click, so the iframe opens at
	// once. A failure shows at the click, which fetches again.
	prefetch()
	// open adds the iframe; the flow then reports through ev.
	open(ctx context.Context, f flow, ev flowEvents) error
}

// The callbacks' payloads as the event log shows them: the arguments of the
// official client's onSuccess, onError and onClose.

func successPayload(accountID string) string {
	return marshal(struct {
		ID string `json:"id"`
	}{accountID})
}

// errorPayload is the official onError argument: the error's code, when it
// has one, and message.
func errorPayload(err error) string {
	p := struct {
		Code    connect.Code `json:"code,omitempty"`
		Message string       `json:"message"`
	}{Message: err.Error()}
	var ce *connect.Error
	if errors.As(err, &ce) {
		p.Code, p.Message = ce.Code, ce.Message
	}
	return marshal(p)
}

func closePayload(successful, completed bool) string {
	return marshal(struct {
		Successful bool `json:"successful"`
		Completed  bool `json:"completed"`
	}{successful, completed})
}

// marshal encodes v, which is one of the payload types above and always
// encodes.
func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
