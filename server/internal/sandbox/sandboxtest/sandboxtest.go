// Package sandboxtest helps other packages' tests use a sandbox: it starts
// one on loopback, and does over HTTP what a sandbox's clients do outside
// the Connect API client: get an access token with the default
// credentials, and connect a keys app's account with a Connect token as
// the hosted page does.
package sandboxtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

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
	req.Header.Set("x-pd-environment", pipedream.EnvDevelopment)
	req.Header.Set("Authorization", "Bearer "+at)
	var a pipedream.Account
	if err := do(c, req, &a); err != nil {
		return pipedream.Account{}, fmt.Errorf("connect %s: %w", app, err)
	}
	return a, nil
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
