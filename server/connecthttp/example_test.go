package connecthttp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// fakeConnect stands in for *pipedream.Client, as a team's own tests can:
// it knows one account and mints made-up tokens.
type fakeConnect struct{}

var ann = pipedream.Account{ID: "apn_1", ExternalID: "customer-42", Healthy: true,
	App: &pipedream.App{NameSlug: "slack", Name: "Slack"}, Credentials: map[string]any{"secret": "never sent"}}

func (fakeConnect) CreateToken(_ context.Context, req pipedream.TokenRequest) (pipedream.Token, error) {
	return pipedream.Token{Token: "ctok_for_" + req.ExternalUserID, ExpiresAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, nil
}

func (fakeConnect) Accounts(context.Context, pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error] {
	return func(yield func(pipedream.Account, error) bool) { yield(ann, nil) }
}

func (fakeConnect) GetAccount(_ context.Context, id string, _ pipedream.AccountOptions) (pipedream.Account, error) {
	if id != ann.ID {
		return pipedream.Account{}, &pipedream.APIError{StatusCode: http.StatusNotFound, Message: "not found"}
	}
	return ann, nil
}

func (fakeConnect) DeleteAccount(context.Context, string) error { return nil }

func (fakeConnect) ListApps(context.Context, pipedream.AppsQuery) (pipedream.AppList, error) {
	return pipedream.AppList{Data: []pipedream.App{*ann.App}}, nil
}

// send makes one request of h and prints the answer.
func send(h http.Handler, method, path string, header ...string) {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
}

// The handler mounted under /api/ of an app's own mux, with the app's users
// taken from a header its auth middleware sets. In production, Connect is
// a *pipedream.Client.
func Example() {
	user := func(w http.ResponseWriter, r *http.Request) (string, error) {
		if id := r.Header.Get("X-Authenticated-User"); id != "" {
			return "customer-" + id, nil
		}
		return "", connecthttp.ErrUnauthenticated
	}
	h, err := connecthttp.New(connecthttp.Config{Connect: fakeConnect{}, User: user})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", h))

	send(mux, "POST", "/api/connect/token", "X-Authenticated-User", "42")
	send(mux, "GET", "/api/connect/accounts", "X-Authenticated-User", "42")
	send(mux, "GET", "/api/connect/accounts")
	// Output:
	// 200 {"token":"ctok_for_customer-42","expires_at":"2026-01-01T00:00:00Z","connect_link_url":""}
	// 200 {"data":[{"id":"apn_1","external_id":"customer-42","healthy":true,"dead":false,"app":{"name_slug":"slack","name":"Slack","img_src":"","categories":null,"featured_weight":0,"scope_profiles":null},"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}]}
	// 401 {"error":{"code":"unauthenticated","message":"sign in first"}}
}

// A client branches on an error's code, never on its message.
func ExampleErrorCode() {
	h, err := connecthttp.New(connecthttp.Config{Connect: fakeConnect{}, TokenRate: 1,
		User: func(http.ResponseWriter, *http.Request) (string, error) { return "customer-42", nil }})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/connect/token", nil))
		var answer struct {
			Error struct{ Code connecthttp.ErrorCode }
		}
		_ = json.Unmarshal(w.Body.Bytes(), &answer)
		switch answer.Error.Code {
		case "":
			fmt.Println(w.Code, "a token")
		case connecthttp.CodeRateLimited:
			fmt.Println(w.Code, "wait", w.Header().Get("Retry-After"), "seconds")
		}
	}
	// Output:
	// 200 a token
	// 429 wait 60 seconds
}

// Signed webhook URIs for a handler mounted at https://app.example.com/api:
// each token names one for its user, and only such a URI is believed.
func ExampleSignedWebhooks() {
	key := []byte("a secret of 32 bytes or more, kept on the server")
	hooks, triggers, err := connecthttp.SignedWebhooks("https://app.example.com/api", key)
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	uri := hooks.URI("customer-42", now)
	fmt.Println(strings.HasPrefix(uri, "https://app.example.com/api/connect/webhook?"))

	user, err := hooks.Authenticate(httptest.NewRequest("POST", uri, nil), nil, now.Add(time.Minute))
	fmt.Println(user, err)
	forged := strings.Replace(uri, "customer-42", "customer-43", 1)
	_, err = hooks.Authenticate(httptest.NewRequest("POST", forged, nil), nil, now.Add(time.Minute))
	fmt.Println(err != nil)
	_, err = triggers.Authenticate(httptest.NewRequest("POST", uri, nil), nil, now)
	fmt.Println(err != nil) // a connection webhook's URI is no trigger's
	// Output:
	// true
	// customer-42 <nil>
	// true
	// true
}
