package connectmcp

import (
	"context"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// HubWatcher is a Watcher on the user's events of a connecthttp Hub (the
// one in connecthttp.Config.Events): it sends after each
// connectapi.EventConnection and connectapi.EventAccountDeleted, so that
// the MCP sessions of a user who connects an account in the app's page
// see its tools at once. Each WatchAccounts subscribes to the user's
// events until ctx ends; news that arrives while one is pending merges
// into it.
func HubWatcher(hub connecthttp.Hub) Watcher {
	return WatcherFunc(func(ctx context.Context, user string) (<-chan struct{}, error) {
		evs, err := hub.Subscribe(ctx, user, "")
		if err != nil {
			return nil, err
		}
		out := make(chan struct{}, 1)
		go func() {
			defer close(out)
			for ev := range evs {
				if ev.Type != connectapi.EventConnection && ev.Type != connectapi.EventAccountDeleted {
					continue // the hub's status, triggers' events
				}
				select {
				case out <- struct{}{}:
				default: // one pending refresh covers them all
				}
			}
		}()
		return out, nil
	})
}
