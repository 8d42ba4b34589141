package pipedream

import (
	"context"
	"net/http"
	"strconv"
)

// DefaultTriggerEvents is how many events ListTriggerEvents asks for when
// n is not positive: the service's default.
const DefaultTriggerEvents = 20

// ListTriggerEvents returns the n most recent events of a deployed trigger,
// newest first (DefaultTriggerEvents when n <= 0).
func (c *Client) ListTriggerEvents(ctx context.Context, externalUserID, id string, n int) ([]EmittedEvent, error) {
	r, err := c.triggerCall("list trigger events", http.MethodGet, externalUserID, id, "/events")
	if err != nil {
		return nil, err
	}
	if n > 0 {
		r.query.Set("n", strconv.Itoa(n))
	}
	var out dataOf[[]EmittedEvent]
	r.out = &out
	err = c.do(ctx, r)
	return out.Data, err
}
