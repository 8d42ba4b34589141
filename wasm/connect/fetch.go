//go:build js && wasm

package connect

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"
)

// fetchTimeout bounds one token request.
const fetchTimeout = 30 * time.Second

// FetchTokens returns a [TokenFunc] that POSTs to url with the browser's
// fetch (cookies sent to the same origin only) and reads the app's token
// response, {token, expires_at, connect_link_url}. An error response's
// {"error":{"message"}} becomes the error's text.
func FetchTokens(url string) TokenFunc {
	return func(ctx context.Context) (Token, error) {
		ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		fetch, err := global("fetch")
		if err != nil {
			return Token{}, err
		}
		init, err := safejs.ValueOf(map[string]any{
			"method":      "POST",
			"credentials": "same-origin",
			"headers":     map[string]any{"Accept": "application/json"},
		})
		if err != nil {
			return Token{}, err
		}
		p, err := fetch.Invoke(url, init)
		if err != nil {
			return Token{}, err
		}
		resp, err := Await(ctx, p)
		if err != nil {
			return Token{}, errors.New("POST " + url + ": " + err.Error())
		}
		status, err := intProp(resp, "status")
		if err != nil {
			return Token{}, err
		}
		p, err = resp.Call("json")
		if err != nil {
			return Token{}, err
		}
		body, err := Await(ctx, p)
		if status < 200 || status > 299 {
			msg := "POST " + url + ": status " + strconv.Itoa(status)
			if err == nil {
				if e, gerr := body.Get("error"); gerr == nil {
					if m, ok := stringProp(e, "message"); ok {
						msg += ": " + m
					}
				}
			}
			return Token{}, errors.New(msg)
		}
		if err != nil {
			return Token{}, errors.New("POST " + url + ": read the JSON response: " + err.Error())
		}
		return TokenFromJS(body)
	}
}

// TokenFromJS reads a token object as the token endpoint sends it or as the
// official SDK's token callback returns it: token, expires_at or expiresAt
// (an ISO 8601 string or a Date), connect_link_url or connectLinkUrl.
func TokenFromJS(v safejs.Value) (Token, error) {
	tok, ok := stringProp(v, "token")
	if !ok || tok == "" {
		return Token{}, errors.New("the token response has no token")
	}
	t := Token{Token: tok}
	if s, ok := stringProp(v, "connect_link_url"); ok {
		t.ConnectLinkURL = s
	} else if s, ok := stringProp(v, "connectLinkUrl"); ok {
		t.ConnectLinkURL = s
	}
	for _, name := range []string{"expires_at", "expiresAt"} {
		exp, err := v.Get(name)
		if err != nil || exp.IsUndefined() || exp.IsNull() {
			continue
		}
		at, err := jsTime(exp)
		if err != nil {
			return Token{}, errors.New("the token response's " + name + ": " + err.Error())
		}
		t.ExpiresAt = at
		break
	}
	return t, nil
}

// jsTime reads a date string or a Date object with JavaScript's Date.
func jsTime(v safejs.Value) (time.Time, error) {
	date, err := global("Date")
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

// intProp returns v[name] as an int.
func intProp(v safejs.Value, name string) (int, error) {
	p, err := v.Get(name)
	if err != nil {
		return 0, err
	}
	if p.Type() != safejs.TypeNumber {
		return 0, errors.New(name + " is not a number")
	}
	return p.Int()
}
