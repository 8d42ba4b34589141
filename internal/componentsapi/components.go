package componentsapi

import (
	"context"
	"net/url"
	"strconv"

	"github.com/pdconnect/pdconnect/internal/incomparable"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// Kind is which components a call is about: its path's first segment.
type Kind string

// The kinds of components.
const (
	Actions  Kind = "actions"
	Triggers Kind = "triggers"
)

// ListQuery selects components.
type ListQuery struct {
	App   string // an app's name slug
	Q     string // a search
	Limit int    // per page; the service's default when zero
	After string // the cursor of the page before
	_     incomparable.Marker
}

// List lists one page of components.
func (c *Client) List(ctx context.Context, k Kind, q ListQuery) (connectapi.ComponentList, error) {
	limit := ""
	if q.Limit > 0 {
		limit = strconv.Itoa(q.Limit)
	}
	var out connectapi.ComponentList
	err := c.call(ctx, "GET", "/"+string(k)+Query("after", q.After, "app", q.App, "limit", limit, "q", q.Q), nil, &out)
	return out, err
}

// Retrieve gets one component by key (and version, when not empty).
func (c *Client) Retrieve(ctx context.Context, k Kind, key, version string) (connectapi.Component, error) {
	var out struct {
		Data connectapi.Component `json:"data"`
	}
	err := c.call(ctx, "GET", "/"+string(k)+"/"+url.PathEscape(key)+Query("version", version), nil, &out)
	return out.Data, err
}

// Query is a URL's query, "?name=value&...", of the pairs (name, value,
// ...) whose value is not empty; "" when none is. url.Values would do,
// but its Encode (a sort and a builder) costs the wasm 2.5 KB.
func Query(pairs ...string) string {
	q := ""
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q += "&" + url.QueryEscape(pairs[i]) + "=" + url.QueryEscape(pairs[i+1])
		}
	}
	if q == "" {
		return ""
	}
	return "?" + q[1:]
}

// ConfigureProp asks for a prop's remote options. The request's user is
// the client's when empty.
func (c *Client) ConfigureProp(ctx context.Context, k Kind, r connectapi.ConfigurePropRequest) (connectapi.ConfigurePropResult, error) {
	if r.ExternalUserID == "" {
		r.ExternalUserID = c.user
	}
	var out connectapi.ConfigurePropResult
	err := c.call(ctx, "POST", "/"+string(k)+"/configure", r, &out)
	return out, err
}

// ReloadProps asks for the props that follow from the configured ones.
func (c *Client) ReloadProps(ctx context.Context, k Kind, r connectapi.ReloadPropsRequest) (connectapi.ReloadPropsResult, error) {
	if r.ExternalUserID == "" {
		r.ExternalUserID = c.user
	}
	var out connectapi.ReloadPropsResult
	err := c.call(ctx, "POST", "/"+string(k)+"/props", r, &out)
	return out, err
}

// Run runs an action.
func (c *Client) Run(ctx context.Context, r connectapi.RunActionRequest) (connectapi.RunResult, error) {
	if r.ExternalUserID == "" {
		r.ExternalUserID = c.user
	}
	var out connectapi.RunResult
	err := c.call(ctx, "POST", "/actions/run", r, &out)
	return out, err
}
