package pipedream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// slackServer stands in for api.pipedream.com with one user's Slack
// account: it lists the account, offers its channels for the channel prop
// and runs slack-send-message and slack-list-messages on a message list.
func slackServer() *httptest.Server {
	var mu sync.Mutex
	messages := map[string][]string{} // by channel id, oldest first
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"access_token": "at_1", "token_type": "Bearer", "expires_in": 3600})
	})
	mux.HandleFunc("GET /v1/connect/proj_sandbox/accounts", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"data": []any{map[string]any{"id": "apn_slack1", "healthy": true, "app": map[string]any{"name_slug": "slack"}}},
			"page_info": map[string]any{"count": 1, "total_count": 1}})
	})
	mux.HandleFunc("POST /v1/connect/proj_sandbox/components/configure", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"options": []any{
			map[string]any{"label": "#general", "value": "C0GENERAL"}, map[string]any{"label": "#releases", "value": "C0RELEASES"},
		}})
	})
	mux.HandleFunc("POST /v1/connect/proj_sandbox/actions/run", func(w http.ResponseWriter, r *http.Request) {
		var req pipedream.RunActionRequest
		_ = json.NewDecoder(r.Body).Decode(&req)
		channel, _ := req.ConfiguredProps.Value("channel")
		ch, _ := channel.(string)
		mu.Lock()
		defer mu.Unlock()
		switch req.ID {
		case "slack-send-message":
			text, _ := req.ConfiguredProps.Value("text")
			messages[ch] = append(messages[ch], text.(string))
			reply(w, map[string]any{"exports": map[string]any{"$summary": "Sent a message to " + ch}, "os": []any{}, "ret": map[string]any{"ok": true}})
		case "slack-list-messages":
			var newest []map[string]any
			for i := len(messages[ch]) - 1; i >= 0; i-- {
				newest = append(newest, map[string]any{"text": messages[ch][i]})
			}
			reply(w, map[string]any{"exports": map[string]any{}, "os": []any{}, "ret": map[string]any{"ok": true, "messages": newest}})
		}
	})
	return httptest.NewServer(mux)
}

// Put a user's connected Slack account to work: list their channels, send
// a message and read it back.
func ExampleClient_RunAction() {
	srv := slackServer()
	defer srv.Close()
	client, err := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "sbx_secret",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	const user = "user-42"

	// The account the user connected through Connect.
	var slack pipedream.Account
	for a, err := range client.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: user, App: "slack"}) {
		if err != nil {
			log.Fatal(err)
		}
		slack = a
		break
	}
	props := pipedream.ConfiguredProps{}.SetApp("slack", slack.ID)

	// The channel prop's options: the user's channels.
	channels, err := client.ConfigureProp(ctx, pipedream.ConfigurePropRequest{
		ID: "slack-send-message", ExternalUserID: user, PropName: "channel", ConfiguredProps: props,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range channels.Options {
		fmt.Println(o.Label, o.Value)
	}

	// Send a message to the first channel, then read the channel back.
	props["channel"] = channels.Options[0].Value
	props["text"] = "The deploy finished"
	sent, err := client.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: user, ConfiguredProps: props})
	if err != nil { // a *pipedream.RunError when the action itself failed
		log.Fatal(err)
	}
	fmt.Println(sent.Summary())
	read, err := client.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-list-messages", ExternalUserID: user, ConfiguredProps: props})
	if err != nil {
		log.Fatal(err)
	}
	var ret struct{ Messages []struct{ Text string } }
	if err := json.Unmarshal(read.Ret, &ret); err != nil {
		log.Fatal(err)
	}
	fmt.Println(ret.Messages[0].Text)
	// Output:
	// #general C0GENERAL
	// #releases C0RELEASES
	// Sent a message to C0GENERAL
	// The deploy finished
}
