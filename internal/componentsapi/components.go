package componentsapi

import (
	"net/url"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

// Kind is which components a call is about: its path's first segment.
type Kind string

// The kinds of components.
const (
	Actions  Kind = "actions"
	Triggers Kind = "triggers"
)

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

// withUser is in with the client's user when in is a configure, reload or
// run request that names none.
func (c *Client) withUser(in any) any {
	switch r := in.(type) {
	case connectapi.ConfigurePropRequest:
		if r.ExternalUserID == "" {
			r.ExternalUserID = c.user
		}
		return r
	case connectapi.ReloadPropsRequest:
		if r.ExternalUserID == "" {
			r.ExternalUserID = c.user
		}
		return r
	case connectapi.RunActionRequest:
		if r.ExternalUserID == "" {
			r.ExternalUserID = c.user
		}
		return r
	}
	return in
}
