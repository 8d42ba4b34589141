//go:build js && wasm

package main

import (
	"errors"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// tokenFromJS reads a token object as the official SDK's token callback
// returns it, or as a token endpoint sends it: token, expires_at or
// expiresAt (an ISO 8601 string or a Date), connect_link_url or
// connectLinkUrl.
func tokenFromJS(v safejs.Value) (connect.Token, error) {
	tok, ok := jsutil.String(v, "token")
	if !ok || tok == "" {
		return connect.Token{}, errors.New("the token response has no token")
	}
	t := connect.Token{Token: tok}
	if s, ok := jsutil.String(v, "connect_link_url"); ok {
		t.ConnectLinkURL = s
	} else if s, ok := jsutil.String(v, "connectLinkUrl"); ok {
		t.ConnectLinkURL = s
	}
	for _, name := range []string{"expires_at", "expiresAt"} {
		exp, err := v.Get(name)
		if err != nil || exp.IsUndefined() || exp.IsNull() {
			continue
		}
		at, err := jsTime(exp)
		if err != nil {
			return connect.Token{}, errors.New("the token response's " + name + ": " + err.Error())
		}
		t.ExpiresAt = at
		break
	}
	return t, nil
}

// jsTime reads a date string or a Date object with JavaScript's Date.
func jsTime(v safejs.Value) (time.Time, error) {
	date, err := jsutil.Global("Date")
	if err != nil {
		return time.Time{}, err
	}
	d, err := date.New(v)
	if err != nil {
		return time.Time{}, err
	}
	ms, err := d.Call("getTime")
	if err != nil {
		return time.Time{}, err
	}
	if ms.IsNaN() || ms.Type() != safejs.TypeNumber {
		return time.Time{}, errors.New("not a date")
	}
	f, err := ms.Float()
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(f)), nil
}
