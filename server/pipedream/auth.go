package pipedream

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokenPath is the OAuth client-credentials endpoint.
const tokenPath = "/v1/oauth/token"

// earlyExpiry is how long before its expiry an access token is replaced,
// as the official SDK does.
const earlyExpiry = 2 * time.Minute

// accessTokens hands out the project's OAuth access token. The token is
// cached and shared by all goroutines; oauth2's reuse token source holds
// its mutex while it refreshes, so however many calls wait, exactly one
// request to the token endpoint is in flight.
type accessTokens struct {
	src oauth2.TokenSource
	cur atomic.Pointer[bearer] // the last token src gave, for the fast path
}

// bearer is an access token with its Authorization header's value, built
// once for all the requests that carry it.
type bearer struct {
	*oauth2.Token
	header []string // shared by those requests: never modified
}

func newBearer(tok *oauth2.Token) *bearer {
	return &bearer{Token: tok, header: []string{tok.Type() + " " + tok.AccessToken}}
}

// SetAuthHeader sets r's Authorization header to the token.
func (b *bearer) SetAuthHeader(r *http.Request) { r.Header["Authorization"] = b.header }

func newAccessTokens(cfg Config, tokenURL string, log *slog.Logger) *accessTokens {
	cc := &clientcredentials.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		TokenURL:     tokenURL,
		Scopes:       cfg.Scopes,
		// The official SDK sends the credentials in the body. Naming the
		// style also avoids auto-detection's second request after a 401.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	// Token requests outlive the call that triggers them (other calls may
	// be waiting on the same refresh), so they get their own bound.
	hc := *cfg.HTTPClient
	if hc.Timeout == 0 || hc.Timeout > cfg.Timeout {
		hc.Timeout = cfg.Timeout
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &hc)
	fetch := &tokenFetcher{cc: cc, ctx: ctx, log: log}
	return &accessTokens{src: oauth2.ReuseTokenSourceWithExpiry(nil, fetch, earlyExpiry)}
}

// token returns a valid access token, waiting for a refresh at most until
// ctx ends. A refresh abandoned by ctx still completes for later callers.
func (a *accessTokens) token(ctx context.Context) (*bearer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Nearly always the cached token is good: no goroutine, no lock.
	if tok := a.cur.Load(); tok != nil && time.Until(tok.Expiry) > earlyExpiry {
		return tok, nil
	}
	type result struct {
		tok *bearer
		err error
	}
	ch := make(chan result, 1)
	go func() {
		tok, err := a.src.Token()
		if err != nil {
			ch <- result{nil, err}
			return
		}
		b := newBearer(tok)
		a.cur.Store(b)
		ch <- result{b, nil}
	}()
	select {
	case r := <-ch:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, failed("wait for access token", ctx.Err())
	}
}

// tokenFetcher requests a new access token on every call; it is wrapped in
// oauth2's reuse token source for caching.
type tokenFetcher struct {
	cc  *clientcredentials.Config
	ctx context.Context
	log *slog.Logger
}

// Token fetches an access token. A refusal by the token endpoint comes back
// as an *APIError for POST /v1/oauth/token that wraps the
// *oauth2.RetrieveError, so callers may inspect either with errors.As.
func (f *tokenFetcher) Token() (*oauth2.Token, error) {
	start := time.Now()
	tok, err := f.cc.Token(f.ctx)
	attrs := []slog.Attr{
		slog.String("method", http.MethodPost),
		slog.String("path", tokenPath),
		slog.Duration("duration", time.Since(start)),
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		apiErr := parseError(re.Response.StatusCode, re.Response.Header, re.Body, time.Now())
		apiErr.Method, apiErr.Path, apiErr.err = http.MethodPost, tokenPath, re
		if re.ErrorCode != "" {
			apiErr.Code = re.ErrorCode
		}
		if re.ErrorDescription != "" {
			apiErr.Message = re.ErrorDescription
		}
		f.log.LogAttrs(f.ctx, slog.LevelWarn, "pipedream access token refused", append(attrs, slog.Int("status", apiErr.StatusCode))...)
		return nil, apiErr
	}
	if err != nil {
		f.log.LogAttrs(f.ctx, slog.LevelWarn, "pipedream access token request failed", attrs...)
		return nil, failed("fetch access token", err)
	}
	f.log.LogAttrs(f.ctx, slog.LevelDebug, "pipedream access token fetched", append(attrs, slog.Time("expiry", tok.Expiry))...)
	return tok, nil
}
