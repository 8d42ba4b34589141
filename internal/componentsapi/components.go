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

// setUser sets the client's user as the user of in when in is a configure,
// reload or run request (a pointer to one) that names none.
func (c *Client) setUser(in any) {
	var user *string
	switch r := in.(type) {
	case *connectapi.ConfigurePropRequest:
		user = &r.ExternalUserID
	case *connectapi.ReloadPropsRequest:
		user = &r.ExternalUserID
	case *connectapi.RunActionRequest:
		user = &r.ExternalUserID
	default:
		return
	}
	if *user == "" {
		*user = c.user
	}
}
