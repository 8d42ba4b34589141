package connectmcp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectmcp"
)

// The app's page and its agents share one connecthttp Hub: an account the
// user connects in the page (its webhook reaches the hub) changes the
// agents' tools at once.
func ExampleHubWatcher() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hub := connecthttp.NewMemoryHub(nil) // connecthttp.Config{Events: hub, ...} serves the page
	watcher := connectmcp.HubWatcher(hub)
	if _, err := connectmcp.New(connectmcp.Config{Connect: echoConnect{}, Watcher: watcher}); err != nil {
		log.Fatal(err)
	}

	// What the server does for each MCP session of user-1:
	changes, err := watcher.WatchAccounts(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	// What connecthttp does when a connection's webhook arrives:
	data, _ := json.Marshal(map[string]string{"event": "CONNECTION_SUCCESS"})
	if _, err := hub.Publish(ctx, "user-1", connecthttp.Event{Type: connectapi.EventConnection, Data: data}, ""); err != nil {
		log.Fatal(err)
	}
	<-changes
	fmt.Println("user-1's accounts changed: the tools follow")
	// Output: user-1's accounts changed: the tools follow
}
