// Package testsupport is what tests of several packages share: a sandbox
// on loopback (StartSandbox, start.go) and a Connect API client for it
// (Client, start.go); what a sandbox's clients do outside that client,
// over HTTP: an access token with the default credentials (AccessToken) and
// a keys app's account connected as the hosted page does (ConnectKeys,
// Connect), below; and a log sink safe for concurrent writes (LogBuffer,
// log.go).
package testsupport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// AccessToken gets an access token from the sandbox at base with the
// default client credentials.
func AccessToken(ctx context.Context, c *http.Client, base string) (string, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {sandbox.DefaultClientID}, "client_secret": {sandbox.DefaultClientSecret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := do(c, req, &out); err != nil {
		return "", fmt.Errorf("sandbox access token: %w", err)
	}
	if out.AccessToken == "" {
		return "", fmt.Errorf("sandbox access token: none in the answer")
	}
	return out.AccessToken, nil
}

// ConnectKeys connects an account of the keys app app for the user of
// connectToken, with fields as the entered values, and names it name ("" for
// the sandbox's default name).
func ConnectKeys(ctx context.Context, c *http.Client, base, connectToken, app, name string, fields map[string]string) (pipedream.Account, error) {
	at, err := AccessToken(ctx, c, base)
	if err != nil {
		return pipedream.Account{}, err
	}
	return ConnectKeysWith(ctx, c, base, at, connectToken, app, name, fields)
}

// ConnectKeysWith is ConnectKeys with an access token of the sandbox's
// already at hand, for callers that connect many accounts.
func ConnectKeysWith(ctx context.Context, c *http.Client, base, at, connectToken, app, name string, fields map[string]string) (pipedream.Account, error) {
	cfmap, err := json.Marshal(fields)
	if err != nil {
		return pipedream.Account{}, err
	}
	body, _ := json.Marshal(map[string]string{"app_slug": app, "cfmap_json": string(cfmap), "connect_token": connectToken, "name": name})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/connect/"+sandbox.DefaultProjectID+"/accounts", bytes.NewReader(body))
	if err != nil {
		return pipedream.Account{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(sandbox.EnvironmentHeader, string(pipedream.Development))
	req.Header.Set("Authorization", "Bearer "+at)
	var a pipedream.Account
	if err := do(c, req, &a); err != nil {
		return pipedream.Account{}, fmt.Errorf("connect %s: %w", app, err)
	}
	return a, nil
}

// Connect mints a Connect token for user with pd and connects an account of
// the keys app app with it, through the sandbox at base: a user's account as
// if they had gone through the hosted page.
func Connect(tb testing.TB, pd *pipedream.Client, base, user, app, name string, fields map[string]string) pipedream.Account {
	tb.Helper()
	ctx := context.Background()
	tok, err := pd.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: user})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := ConnectKeys(ctx, http.DefaultClient, base, tok.Token, app, name, fields)
	if err != nil {
		tb.Fatalf("connect %s for %s: %v", app, user, err)
	}
	return a
}

// do sends req and decodes a 200 answer's JSON into out.
func do(c *http.Client, req *http.Request, out any) error {
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", req.Method, req.URL.Path, res.Status)
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// ConnectOAuth connects an account of the OAuth app app for user through
// the sandbox's hosted page at base, as a person who clicks Allow does,
// and returns it.
func ConnectOAuth(tb testing.TB, pd *pipedream.Client, base, user, app string) pipedream.Account {
	tb.Helper()
	ctx := context.Background()
	tok, err := pd.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: user})
	if err != nil {
		tb.Fatal(err)
	}
	form := url.Values{"token": {tok.Token}, "app": {app}, "decision": {"allow"}}
	res, err := http.PostForm(base+"/_static/connect/authorize", form)
	if err != nil {
		tb.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("connect %s for %s: hosted page answered %d", app, user, res.StatusCode)
	}
	var newest pipedream.Account
	for a, err := range pd.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: user, App: app}) {
		if err != nil {
			tb.Fatal(err)
		}
		newest = a
	}
	if newest.ID == "" {
		tb.Fatalf("connect %s for %s: no account after the hosted flow", app, user)
	}
	return newest
}
