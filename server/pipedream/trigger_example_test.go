package pipedream_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// A webhook_url handler that accepts only genuine events: signed with the
// trigger's key, fresh, and not seen before.
func ExampleTriggerVerifier() {
	keys := map[string]string{"dc_1": "whsec_from_the_deploy_answer"} // trigger id -> webhook_signing_key
	verifier := &pipedream.TriggerVerifier{
		Key: func(_ context.Context, ev pipedream.TriggerEvent) ([]string, error) {
			k, ok := keys[ev.DeployedTriggerID]
			if !ok {
				return nil, fmt.Errorf("unknown trigger %s", ev.DeployedTriggerID)
			}
			return []string{k}, nil
		},
		Replays: &memReplays{}, // share one across replicas, e.g. Redis SET NX
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := verifier.Verify(r)
		if err != nil {
			http.Error(w, "refused", http.StatusBadRequest)
			return
		}
		var issue struct{ Title string }
		_ = ev.Decode(&issue)
		fmt.Println(ev.ID, ev.Sum, issue.Title)
		w.WriteHeader(http.StatusNoContent)
	})

	// What the service sends (the sandbox signs the same way).
	body := `{"id":"evt_1","ts":1764800000000,"k":"emit","e":{"title":"Login fails"},"sum":"New issue #7","deployed_trigger_id":"dc_1"}`
	now := time.Now()
	for range 2 { // the second is a replay
		r := httptest.NewRequest(http.MethodPost, "/events", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(pipedream.EventIDHeader, "evt_1")
		r.Header.Set(pipedream.EventTimestampHeader, strconv.FormatInt(now.Unix(), 10))
		r.Header.Set(pipedream.EventSignatureHeader, pipedream.SignTriggerEvent(keys["dc_1"], "evt_1", now, []byte(body)))
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		fmt.Println(w.Code)
	}
	// Output:
	// evt_1 New issue #7 Login fails
	// 204
	// 400
}

// Deploy a "new issue" trigger for a user, sending its events to your
// server, then list the user's triggers.
func ExampleClient_DeployTrigger() {
	srv := exampleTriggerServer()
	defer srv.Close()
	c, err := pipedream.New(pipedream.Config{
		ClientID: "sbx_client", ClientSecret: "sbx_secret", ProjectID: "proj_sandbox",
		Environment: pipedream.Development, BaseURL: srv.URL,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	t, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{
		ID:              "github-new-issue",
		ExternalUserID:  "user-1",
		ConfiguredProps: pipedream.ConfiguredProps{"repo": "octo/app"}.SetApp("github", "apn_1"),
		WebhookURL:      "https://app.example/api/connect/trigger-events",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.ID, t.ComponentKey, t.Active, t.WebhookSigningKey != "")
	for dt, err := range c.DeployedTriggers(ctx, pipedream.DeployedTriggersQuery{ExternalUserID: "user-1"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed", dt.ID)
	}
	// Output:
	// dc_1 github-new-issue true true
	// listed dc_1
}

// exampleTriggerServer answers token, deploy and list requests.
func exampleTriggerServer() *httptest.Server {
	trigger := map[string]any{"id": "dc_1", "owner_id": "o_1", "component_id": "sc_1", "component_key": "github-new-issue",
		"configurable_props": []any{}, "configured_props": map[string]any{}, "active": true, "created_at": 1764800000000,
		"updated_at": 1764800000000, "name": "New Issue", "name_slug": "github-new-issue", "type": "DeployedComponent",
		"webhook_signing_key": "whsec_1"}
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"access_token": "at_1", "token_type": "Bearer", "expires_in": 3600})
	})
	mux.HandleFunc("POST /v1/connect/proj_sandbox/triggers/deploy", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"data": trigger})
	})
	mux.HandleFunc("GET /v1/connect/proj_sandbox/deployed-triggers", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"data": []any{trigger}, "page_info": map[string]any{"count": 1, "total_count": 1}})
	})
	return httptest.NewServer(mux)
}

// Run a workflow for one of your users. The workflow domain is the
// service's (m.pipedream.net) unless set; here a local stand-in.
func ExampleClient_InvokeWorkflow() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at_1","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("POST /workflows/en-greet", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Name string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		fmt.Fprintf(w, "hello %s, for %s", in.Name, r.Header.Get(pipedream.ExternalUserHeader))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := pipedream.New(pipedream.Config{
		ClientID: "sbx_client", ClientSecret: "sbx_secret", ProjectID: "proj_sandbox",
		Environment: pipedream.Development, BaseURL: srv.URL, WorkflowDomain: "127.0.0.1",
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.InvokeWorkflow(context.Background(), srv.URL+"/workflows/en-greet", "user-1", map[string]string{"name": "Ann"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, string(res.Body))
	_, err = c.InvokeWorkflow(context.Background(), "https://evil.example/hook", "user-1", nil)
	fmt.Println(errors.Is(err, pipedream.ErrInvalidRequest))
	// Output:
	// 200 hello Ann, for user-1
	// true
}
