package componentsapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/internal/incomparable"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// DefaultAPIURL is Pipedream's API.
const DefaultAPIURL = "https://api.pipedream.com"

// Config configures a [Client].
type Config struct {
	// APIURL is the Connect API's origin: DefaultAPIURL when empty, or the
	// sandbox's.
	APIURL string
	// ExternalUserID is the user the calls act for: the Connect tokens'
	// user. Required for configuring and running.
	ExternalUserID string
	// Tokens supplies the user's Connect tokens. Required.
	Tokens TokenSource
}

// TokenSource supplies Connect tokens and forgets one the API refused:
// a [connect.Tokens] cache, shared with the page's Connect buttons.
type TokenSource interface {
	Token(ctx context.Context) (connect.Token, error)
	MarkSpent(token string)
}

// Client calls the components API for one user. It is safe for concurrent
// use.
type Client struct {
	base   string
	user   string
	tokens TokenSource
	_      incomparable.Marker
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Tokens == nil {
		return nil, errors.New("componentsapi: no Tokens")
	}
	base := strings.TrimRight(cfg.APIURL, "/")
	if base == "" {
		base = DefaultAPIURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("componentsapi: API URL %q is not an http(s) origin", cfg.APIURL)
	}
	return &Client{base: base, user: cfg.ExternalUserID, tokens: cfg.Tokens}, nil
}

// Call calls the components API: method on path (under /v1/connect, with
// its query) with the user's token, in as the JSON body when not nil, and
// decodes a 2xx answer into out when not nil. A 401 drops the token and
// tries once more. The calls, by path (kind: actions or triggers):
//
//	GET  /{kind}?app=&q=&limit=&after=  answers a connectapi.ComponentList
//	GET  /{kind}/{key}?version=         {"data": a connectapi.Component}
//	POST /{kind}/configure              a ConfigurePropRequest: a ConfigurePropResult
//	POST /{kind}/props                  a ReloadPropsRequest: a ReloadPropsResult
//	POST /actions/run                   a RunActionRequest: a RunResult
//
// A request (a pointer to a connectapi one) without an ExternalUserID goes
// as the client's user's.
func (c *Client) Call(ctx context.Context, method, path string, in, out any) error {
	c.setUser(in)
	if err := c.send(ctx, method, path, in, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

func (c *Client) send(ctx context.Context, method, path string, in, out any) error {
	var body string
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = string(b)
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return err
		}
		h := map[string]string{"Authorization": "Bearer " + tok.Token}
		if body != "" {
			h["Content-Type"] = "application/json"
		}
		res, err := fetch.Send(ctx, fetch.Request{Method: method, URL: c.base + "/v1/connect" + path, Header: h, Body: body})
		switch {
		case err != nil:
			return err
		case res.Status == 401 && attempt == 0: // Unauthorized (no net/http in a browser bundle)
			c.tokens.MarkSpent(tok.Token)
			continue
		case res.Status < 200 || res.Status > 299:
			return fetch.NewStatusError(res, time.Now())
		case out == nil:
			return nil
		}
		if err := json.Unmarshal(res.Body, out); err != nil {
			return fmt.Errorf("the answer was not understood: %w", err)
		}
		return nil
	}
}
