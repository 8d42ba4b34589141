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
// connect_link_url} (or the camelCase names). In the browser it is the
// browser's fetch (cookies sent to the same origin only), aborted when the
// context ends. An error answer's {"error":{"message"}} becomes the error's
// text.
func FetchTokens(url string) TokenFunc {
	return func(ctx context.Context) (Token, error) {
		ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		var body struct {
			Token          string     `json:"token"`
			ExpiresAt      *time.Time `json:"expires_at"`
			ExpiresAtJS    *time.Time `json:"expiresAt"`
			ConnectLinkURL string     `json:"connect_link_url"`
			ConnectLinkJS  string     `json:"connectLinkUrl"`
		}
		if err := fetch.JSON(ctx, "POST", url, &body); err != nil {
			return Token{}, fmt.Errorf("POST %s: %w", url, err)
		}
		if body.Token == "" {
			return Token{}, fmt.Errorf("POST %s: the answer has no token", url)
		}
		t := Token{Token: body.Token, ConnectLinkURL: body.ConnectLinkURL}
		if t.ConnectLinkURL == "" {
			t.ConnectLinkURL = body.ConnectLinkJS
		}
		switch {
		case body.ExpiresAt != nil:
			t.ExpiresAt = *body.ExpiresAt
		case body.ExpiresAtJS != nil:
			t.ExpiresAt = *body.ExpiresAtJS
		}
		return t, nil
	}
}
