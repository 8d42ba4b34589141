package pipedream

import (
	"context"
	"fmt"
	"net/http"
)

// DeleteExternalUser deletes an end user and all their connected accounts.
func (c *Client) DeleteExternalUser(ctx context.Context, externalUserID string) error {
	seg, err := segment("external user id", externalUserID)
	if err != nil {
		return fmt.Errorf("delete external user: %w", err)
	}
	return c.do(ctx, call{
		op:     "delete external user",
		method: http.MethodDelete,
		path:   c.projectPath("/users/" + seg),
	})
}
