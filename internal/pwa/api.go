package pwa

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// The paths of the page's first two calls, which the Connect button waits
// for: who the user is, and the catalog's first page (its first app is
// chosen when none is remembered).
const (
	sessionPath   = "/api/session"
	firstAppsPath = "/api/connect/apps?q="
)

// FirstRequests are the GETs the page makes as it starts and its Connect
// button waits for. The server has the page preload them (<link
// rel=preload as=fetch>), so that their answers come in beside the wasm's
// download and the page's own fetches take them.
var FirstRequests = []string{sessionPath, firstAppsPath}

// api calls the app server's JSON API for the signed-in user.
type api struct{ origin string }

// newAPI returns an api for the server of page.
func newAPI(page *url.URL) api { return api{origin: page.Scheme + "://" + page.Host} }

// session returns the user's external_user_id; the call also sets the
// session cookie the other calls need.
func (a api) session(ctx context.Context) (string, error) {
	var s connectapi.Session
	if err := a.call(ctx, "GET", sessionPath, &s); err != nil {
		return "", fmt.Errorf("get session: %w", err)
	}
	return s.ExternalUserID, nil
}

// health asks the server whether it answers.
func (a api) health(ctx context.Context) error {
	return a.call(ctx, "GET", "/healthz", &struct{}{})
}

// apps searches the catalog.
func (a api) apps(ctx context.Context, q string) ([]App, error) {
	var l connectapi.List[App]
	if err := a.call(ctx, "GET", firstAppsPath+url.QueryEscape(q), &l); err != nil {
		return nil, fmt.Errorf("search apps: %w", err)
	}
	return l.Data, nil
}

// appsWith lists the apps that have components, as filter (has_actions,
// has_triggers) says, whose name or slug holds q: the first page of 100.
func (a api) appsWith(ctx context.Context, filter, q string) (connectapi.AppList, error) {
	var l connectapi.AppList
	if err := a.call(ctx, "GET", "/api/connect/apps?"+filter+"=true&limit=100&q="+url.QueryEscape(q), &l); err != nil {
		return l, fmt.Errorf("list the apps with components: %w", err)
	}
	return l, nil
}

// testRequest sends a request to the account's app through the Connect
// proxy, on the server, and returns what the provider answered.
func (a api) testRequest(ctx context.Context, id string) (connectapi.TestRequest, error) {
	var r connectapi.TestRequest
	if err := a.call(ctx, "POST", "/api/connect/accounts/"+url.PathEscape(id)+"/test-request", &r); err != nil {
		return r, fmt.Errorf("send a test request: %w", err)
	}
	return r, nil
}

// call does one request and decodes a 2xx body into out.
func (a api) call(ctx context.Context, method, path string, out any) error {
	return fetch.Call(ctx, method, a.origin+path, func(b []byte) error { return json.Unmarshal(b, out) })
}

// AgentKey is one of the user's agent keys, as GET /api/mcp/keys lists it.
type AgentKey struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Created  time.Time  `json:"created_at"`
	LastUsed *time.Time `json:"last_used_at"`
}

// MintedKey is a new key with its secret, which the server shows once.
type MintedKey struct {
	AgentKey
	Key string `json:"key"`
	URL string `json:"url"` // where agents reach the tools
}

// agentKeys lists the user's agent keys.
func (a api) agentKeys(ctx context.Context) ([]AgentKey, error) {
	var l struct {
		Data []AgentKey `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/mcp/keys", &l); err != nil {
		return nil, fmt.Errorf("list agent keys: %w", err)
	}
	return l.Data, nil
}

// mintAgentKey makes a new agent key.
func (a api) mintAgentKey(ctx context.Context) (MintedKey, error) {
	var k MintedKey
	if err := a.call(ctx, "POST", "/api/mcp/keys", &k); err != nil {
		return k, fmt.Errorf("create an agent key: %w", err)
	}
	return k, nil
}

// revokeAgentKey deletes an agent key.
func (a api) revokeAgentKey(ctx context.Context, id string) error {
	if err := fetch.Call(ctx, "DELETE", a.origin+"/api/mcp/keys/"+url.PathEscape(id), nil); err != nil {
		return fmt.Errorf("revoke the agent key: %w", err)
	}
	return nil
}
