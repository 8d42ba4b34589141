package pipedream

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// Connect token limits of the service: the client enforces the first two
// before sending.
const (
	MaxExternalUserIDLen = 250
	MaxTokenExpiresIn    = 14400 // seconds (4 hours)
	// TokensPerMinute is how many tokens the service mints per external
	// user a minute ("about 100 requests per minute").
	TokensPerMinute = 100
)

// CreateToken mints a short-lived, single-use Connect token (ctok_...) for
// one end user. It checks req first and returns an error matching
// ErrInvalidRequest without calling the API when external_user_id is
// missing or longer than 250 characters or expires_in is outside 0..14400.
// It is retried only on 429, never after a 5xx or transport failure: a
// retried mint could make a second token.
func (c *Client) CreateToken(ctx context.Context, req TokenRequest) (Token, error) {
	if err := req.validate(); err != nil {
		return Token{}, failed("create token", err)
	}
	var tok Token
	err := c.do(ctx, call{
		op:     "create token",
		method: http.MethodPost,
		path:   c.projectPath("/tokens"),
		body:   req,
		out:    &tok,
	})
	return tok, err
}

func (r TokenRequest) validate() error {
	switch n := utf8.RuneCountInString(r.ExternalUserID); {
	case r.ExternalUserID == "":
		return fmt.Errorf("%w: external_user_id is required", ErrInvalidRequest)
	case n > MaxExternalUserIDLen:
		return fmt.Errorf("%w: external_user_id has %d characters, at most %d allowed", ErrInvalidRequest, n, MaxExternalUserIDLen)
	case r.ExpiresIn < 0 || r.ExpiresIn > MaxTokenExpiresIn:
		return fmt.Errorf("%w: expires_in %d must be between 0 and %d seconds", ErrInvalidRequest, r.ExpiresIn, MaxTokenExpiresIn)
	}
	return nil
}

// ValidateQuery narrows a token validation to an app, OAuth client or
// account, as the hosted Connect page does. Empty fields are not sent.
type ValidateQuery struct {
	AppID      string // app_id: an app id or name slug
	OAuthAppID string // oauth_app_id
	AccountID  string // account_id, when reconnecting an account
}

// ValidateToken asks the service what it knows about a Connect token. An
// invalid or expired token may come back as TokenValidation{Success:
// false, Error: ...} or as an *APIError, depending on the service. The
// token is redacted from errors and logs.
func (c *Client) ValidateToken(ctx context.Context, token string, q ValidateQuery) (TokenValidation, error) {
	seg, err := segment("token", token)
	if err != nil {
		return TokenValidation{}, failed("validate token", err)
	}
	query := url.Values{}
	setNonEmpty(query, "app_id", q.AppID)
	setNonEmpty(query, "oauth_app_id", q.OAuthAppID)
	setNonEmpty(query, "account_id", q.AccountID)
	var v TokenValidation
	err = c.do(ctx, call{
		op:      "validate token",
		method:  http.MethodGet,
		path:    "/v1/connect/tokens/" + seg + "/validate",
		logPath: "/v1/connect/tokens/{token}/validate",
		query:   query,
		out:     &v,
	})
	return v, err
}

func setNonEmpty(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}
