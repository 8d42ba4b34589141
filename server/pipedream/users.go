package pipedream

import (
	"context"
	"net/http"
	"net/url"
)

// DeleteExternalUser deletes an end user and all their connected accounts.
func (c *Client) DeleteExternalUser(ctx context.Context, externalUserID string) error {
	seg, err := segment("external user id", externalUserID)
	if err != nil {
		return failed("delete external user", err)
	}
	return c.do(ctx, call{
		op:     "delete external user",
		method: http.MethodDelete,
		path:   c.projectPath("/users/" + seg),
	})
}

// UsersQuery searches and pages the project's end users. Zero fields are
// not sent.
type UsersQuery struct {
	Q      string // q: part of the external user id
	Limit  int    // page size
	After  string // cursor: the page after this one
	Before string // cursor: the page before this one
}

// ListUsers returns one page of the project's end users.
func (c *Client) ListUsers(ctx context.Context, q UsersQuery) (UserList, error) {
	v := url.Values{}
	setNonEmpty(v, "q", q.Q)
	setPaging(v, q.Limit, q.After, q.Before)
	var list UserList
	err := c.do(ctx, call{op: "list users", method: http.MethodGet, path: c.projectPath("/users"), query: v, out: &list})
	return list, err
}
