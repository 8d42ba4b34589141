package connectui

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/pdconnect/pdconnect/internal/componentsapi"
	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/internal/incomparable"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// The app server's routes ComponentForm, SelectApp and SelectComponent use
// besides the token and accounts routes: connecthttp's, mounted under /api.
// The session names the page's user; the apps route searches the catalog.
const (
	DefaultSessionURL = "/api/session"
	DefaultAppsURL    = "/api/connect/apps"
)

// Endpoints are where ComponentForm, SelectApp and SelectComponent get
// what they need: the components API (Pipedream's, or the sandbox's), and
// the app server's token, accounts, session and apps routes. The zero value means Pipedream's API
// and the connecthttp routes under /api.
type Endpoints struct {
	APIURL      string // the Connect API's origin: https://api.pipedream.com when empty
	TokenURL    string // DefaultTokenURL when empty
	AccountsURL string // DefaultAccountsURL when empty
	SessionURL  string // DefaultSessionURL when empty; unused when ExternalUserID is set
	AppsURL     string // the catalog, for SelectApp: DefaultAppsURL when empty
	FrontendURL string // the hosted Connect UI: Pipedream's when empty
	// ExternalUserID is the page's user, when the page knows it; otherwise
	// it is asked from SessionURL.
	ExternalUserID string
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// formAPI is what the components need from the network; tests pass a fake.
type formAPI interface {
	// call calls the components API for the page's user: method on path,
	// in as the JSON body when not nil, the answer decoded into out (see
	// componentsapi.Client.Call).
	call(ctx context.Context, method, path string, in, out any) error
	// get decodes into out the answer of one of the app server's routes
	// (url, with its query).
	get(ctx context.Context, url string, out any) error
}

// liveAPI is formAPI over the network: the components API with the user's
// Connect tokens, and the app server's routes.
type liveAPI struct {
	e Endpoints

	mu     sync.Mutex
	client *componentsapi.Client
	_      incomparable.Marker
}

// apis are the page's liveAPIs, one per endpoints, made once, so the
// components that share endpoints share a client. A page has one or two:
// a list, which costs the wasm less than a map's types and hashing.
var apis struct {
	sync.Mutex
	list []*liveAPI
}

func apiFor(e Endpoints) *liveAPI {
	apis.Lock() // no defer: its wrapper costs the wasm 0.5 KB
	for _, a := range apis.list {
		if a.e == e {
			apis.Unlock()
			return a
		}
	}
	a := &liveAPI{e: e}
	apis.list = append(apis.list, a)
	apis.Unlock()
	return a
}

// components returns the client, made the first time, asking the app
// server who the user is when the endpoints do not say. (No defer for the
// mutex: its wrapper costs the wasm 0.5 KB.)
func (a *liveAPI) components(ctx context.Context) (*componentsapi.Client, error) {
	a.mu.Lock()
	if a.client == nil {
		user := a.e.ExternalUserID
		if user == "" {
			var s connectapi.Session
			if err := a.get(ctx, or(a.e.SessionURL, DefaultSessionURL), &s); err != nil {
				a.mu.Unlock()
				return nil, err
			}
			user = s.ExternalUserID
		}
		c, err := componentsapi.New(componentsapi.Config{APIURL: a.e.APIURL, ExternalUserID: user, Tokens: tokensFor(or(a.e.TokenURL, DefaultTokenURL))})
		if err != nil {
			a.mu.Unlock()
			return nil, err
		}
		a.client = c
	}
	c := a.client
	a.mu.Unlock()
	return c, nil
}

func (a *liveAPI) call(ctx context.Context, method, path string, in, out any) error {
	c, err := a.components(ctx)
	if err != nil {
		return err
	}
	return c.Call(ctx, method, path, in, out)
}

func (a *liveAPI) get(ctx context.Context, url string, out any) error {
	return fetch.Call(ctx, "GET", url, func(b []byte) error { return json.Unmarshal(b, out) })
}

// tokenCaches are the page's token caches by token URL: the Connect
// buttons and the components API share them, so a token a flow spent is
// replaced for both.
var tokenCaches struct {
	sync.Mutex
	m map[string]*connect.Tokens
}

// tokensFor returns the page's token cache for tokenURL.
func tokensFor(tokenURL string) *connect.Tokens {
	tokenCaches.Lock()
	defer tokenCaches.Unlock()
	if t, ok := tokenCaches.m[tokenURL]; ok {
		return t
	}
	if tokenCaches.m == nil {
		tokenCaches.m = map[string]*connect.Tokens{}
	}
	t := connect.NewTokens(connect.FetchTokens(tokenURL))
	tokenCaches.m[tokenURL] = t
	return t
}
