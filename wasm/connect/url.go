//go:build js && wasm

package connect

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// hostedPath is the hosted Connect page under the frontend URL.
const hostedPath = "/_static/connect.html"

// HostedURL is the iframe's src for token tok and options o: the hosted
// page's URL with the official client's query, in its order.
func (c *Client) HostedURL(tok string, o Options) (string, error) {
	q, err := newSearchParams()
	if err != nil {
		return "", err
	}
	params := []struct {
		key, value string
		set        bool
	}{
		{"token", tok, true},
		{"app", o.App, true},
		{"oauthAppId", o.OAuthAppID, o.OAuthAppID != ""},
		{"appOverrideId", o.AppOverrideID, o.AppOverrideID != ""},
		{"accountId", o.AccountID, o.AccountID != ""},
		{"hideClose", "true", o.HideClose},
		{"oauthScopeProfile", o.OAuthScopeProfile, o.OAuthScopeProfile != ""},
		{"customOauthClient", "true", o.CustomOAuthClient},
	}
	for _, p := range params {
		if p.set {
			if _, err := q.Call("set", p.key, p.value); err != nil {
				return "", err
			}
		}
	}
	s, err := q.Call("toString")
	if err != nil {
		return "", err
	}
	qs, err := s.String()
	if err != nil {
		return "", err
	}
	return c.frontendURL + hostedPath + "?" + qs, nil
}

// ConnectLinkURL adds the app (and the custom OAuth client, when given) to a
// token's Connect Link, as the docs say: &app=slug&oauthAppId=id.
func ConnectLinkURL(connectLinkURL, app, oauthAppID string) (string, error) {
	if app == "" {
		return "", newError(CodeInvalidOptions, "Connect Link: no app", nil)
	}
	u, err := newURL(connectLinkURL)
	if err != nil {
		return "", newError(CodeInvalidOptions, "Connect Link URL "+connectLinkURL, err)
	}
	q, err := u.Get("searchParams")
	if err != nil {
		return "", err
	}
	if _, err := q.Call("set", "app", app); err != nil {
		return "", err
	}
	if oauthAppID != "" {
		if _, err := q.Call("set", "oauthAppId", oauthAppID); err != nil {
			return "", err
		}
	}
	href, ok := stringProp(u, "href")
	if !ok {
		return "", errors.New("connect: Connect Link URL has no href")
	}
	return href, nil
}

// newSearchParams is new URLSearchParams().
func newSearchParams() (safejs.Value, error) {
	ctor, err := global("URLSearchParams")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}
