package connect

import (
	"context"
	"fmt"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
)

// fetchTimeout bounds one token request.
const fetchTimeout = 30 * time.Second

// FetchTokens returns a [TokenFunc] that POSTs to url, on the page's own
// origin, and reads the app's token response: {token, expires_at,
// connect_link_url} (or the camelCase names; expires_at in RFC 3339). In
// the browser it is the browser's fetch (cookies sent to the same origin
// only), aborted when the context ends. An error answer is an
// [*HTTPError]; no answer matches [ErrUnreachable].
func FetchTokens(url string) TokenFunc {
	return func(ctx context.Context) (Token, error) {
		ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		var t Token
		err := fetch.Call(ctx, "POST", url, func(body []byte) (err error) {
			t, err = decodeToken(body)
			return err
		})
		err = publicError(err)
		switch {
		case err != nil:
			return Token{}, fmt.Errorf("POST %s: %w", url, err)
		case t.Token == "":
			return Token{}, fmt.Errorf("POST %s: the answer has no token", url)
		}
		return t, nil
	}
}

// tokenFields are a token response's fields as they came, with either
// spelling; decodeToken (token_wasm.go, token_nowasm.go) reads them.
type tokenFields struct {
	token, connectLinkURL, connectLinkJS, expiresAt, expiresAtJS string
}

// convert checks and converts the fields.
func (f tokenFields) convert() (Token, error) {
	t := Token{Token: f.token, ConnectLinkURL: f.connectLinkURL}
	if t.ConnectLinkURL == "" {
		t.ConnectLinkURL = f.connectLinkJS
	}
	exp := f.expiresAt
	if exp == "" {
		exp = f.expiresAtJS
	}
	if exp != "" {
		at, err := time.Parse(time.RFC3339, exp)
		if err != nil {
			return Token{}, err
		}
		t.ExpiresAt = at
	}
	return t, nil
}
