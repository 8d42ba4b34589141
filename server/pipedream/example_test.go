package pipedream_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// exampleServer stands in for api.pipedream.com: it issues access tokens,
// mints Connect tokens and lists two pages of accounts.
func exampleServer() *httptest.Server {
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("client_secret") != "sbx_secret" {
			reply(w, 401, map[string]any{"error": "invalid_client", "error_description": "Invalid client credentials"})
			return
		}
		reply(w, 200, map[string]any{"access_token": "at_1", "token_type": "Bearer", "expires_in": 3600})
	})
	mux.HandleFunc("POST /v1/connect/proj_sandbox/tokens", func(w http.ResponseWriter, r *http.Request) {
		var req pipedream.TokenRequest
		_ = json.NewDecoder(r.Body).Decode(&req)
		reply(w, 200, map[string]any{"token": "ctok_" + req.ExternalUserID, "expires_at": "2026-11-23T04:00:00Z",
			"connect_link_url": "https://pipedream.com/_static/connect.html?token=ctok_" + req.ExternalUserID + "&connectLink=true"})
	})
	mux.HandleFunc("GET /v1/connect/proj_sandbox/accounts", func(w http.ResponseWriter, r *http.Request) {
		page := map[string]any{"data": []any{map[string]any{"id": "apn_1", "healthy": true, "app": map[string]any{"name_slug": "slack"}}},
			"page_info": map[string]any{"count": 1, "total_count": 2, "end_cursor": "c1"}}
		if r.URL.Query().Get("after") == "c1" {
			page = map[string]any{"data": []any{map[string]any{"id": "apn_2", "healthy": false, "app": map[string]any{"name_slug": "github"}}},
				"page_info": map[string]any{"count": 1, "total_count": 2}}
		}
		reply(w, 200, page)
	})
	mux.HandleFunc("DELETE /v1/connect/proj_sandbox/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, map[string]any{"error": "account not found"})
	})
	mux.HandleFunc("GET /v1/connect/proj_sandbox/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"id": r.PathValue("id"), "healthy": true, "app": map[string]any{"name_slug": "slack"},
			"credentials": map[string]any{"oauth_access_token": "xoxp-example"}})
	})
	// The proxy: the target's answer, here a provider's user list.
	mux.HandleFunc("GET /v1/connect/proj_sandbox/proxy/{url_64}", func(w http.ResponseWriter, r *http.Request) {
		target, _ := base64.RawURLEncoding.DecodeString(r.PathValue("url_64"))
		if !strings.HasPrefix(string(target), "https://slack.com/") {
			reply(w, 403, map[string]any{"error": "Domain example.com is not allowed for this app"})
			return
		}
		reply(w, 200, map[string]any{"ok": true, "members": []string{"ana", "bo"}})
	})
	return httptest.NewServer(mux)
}

func Example() {
	srv := exampleServer()
	defer srv.Close()

	client, err := pipedream.New(pipedream.Config{
		ClientID:     "sbx_client",
		ClientSecret: "sbx_secret",
		ProjectID:    "proj_sandbox",
		Environment:  pipedream.Development,
		BaseURL:      srv.URL, // omit for https://api.pipedream.com
	})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := client.CreateToken(context.Background(), pipedream.TokenRequest{
		ExternalUserID: "user-42",
		AllowedOrigins: []string{"http://localhost:3000"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Token, tok.ExpiresAt.Format("2006-01-02 15:04"))
	fmt.Println(tok.ConnectLinkURL)
	// Output:
	// ctok_user-42 2026-11-23 04:00
	// https://pipedream.com/_static/connect.html?token=ctok_user-42&connectLink=true
}

func ExampleClient_Accounts() {
	srv := exampleServer()
	defer srv.Close()
	client, _ := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "sbx_secret",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})

	// The iterator fetches further pages as the loop needs them.
	for acct, err := range client.Accounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: "user-42"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(acct.ID, acct.App.NameSlug, acct.Healthy)
	}
	// Output:
	// apn_1 slack true
	// apn_2 github false
}

func ExampleAPIError() {
	srv := exampleServer()
	defer srv.Close()
	client, _ := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "sbx_secret",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})

	err := client.DeleteAccount(context.Background(), "apn_gone")
	var apiErr *pipedream.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(pipedream.IsNotFound(err))
	// Output:
	// 404 account not found
	// true
}

func ExampleAPIError_badCredentials() {
	srv := exampleServer()
	defer srv.Close()
	client, _ := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "wrong",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})

	// A refusal by the token endpoint is an *APIError for POST /v1/oauth/token
	// (it also wraps the *oauth2.RetrieveError).
	_, err := client.CreateToken(context.Background(), pipedream.TokenRequest{ExternalUserID: "user-42"})
	var apiErr *pipedream.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Path, apiErr.Code)
	}
	fmt.Println(err)
	// Output:
	// 401 /v1/oauth/token invalid_client
	// pipedream: create token: POST /v1/oauth/token: 401 invalid_client: Invalid client credentials
}

// ProxyClient acts as one end user with one of their accounts: any Go API
// client that takes an *http.Client works through it unchanged, and the
// account's credentials never reach this process.
func ExampleClient_ProxyClient() {
	srv := exampleServer()
	defer srv.Close()
	client, _ := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "sbx_secret",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})

	slack := client.ProxyClient("user-42", "apn_1")
	res, err := slack.Get("https://slack.com/api/users.list?limit=2")
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	var users struct{ Members []string }
	_ = json.NewDecoder(res.Body).Decode(&users)
	fmt.Println(res.StatusCode, users.Members)

	// The proxy's refusals are typed.
	_, err = slack.Get("https://example.com/")
	var refused *pipedream.ProxyError
	fmt.Println(errors.As(err, &refused), refused.Kind, refused.Domain)
	// Output:
	// 200 [ana bo]
	// true domain_not_allowed example.com
}

// For what the proxy does not fit (an SDK that signs requests itself, a
// database driver), the backend retrieves the account's credentials: the
// quickstart's last step. Keep them on the server.
func ExampleClient_GetAccount_credentials() {
	srv := exampleServer()
	defer srv.Close()
	client, _ := pipedream.New(pipedream.Config{ClientID: "sbx_client", ClientSecret: "sbx_secret",
		ProjectID: "proj_sandbox", Environment: pipedream.Development, BaseURL: srv.URL})

	acct, err := client.GetAccount(context.Background(), "apn_1", pipedream.AccountOptions{IncludeCredentials: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(acct.App.NameSlug, acct.Credentials["oauth_access_token"])
	// Output:
	// slack xoxp-example
}

// ConfigFromEnv reads the quickstart's PIPEDREAM_* variables; here from a
// map standing in for os.Getenv.
func ExampleConfigFromEnv() {
	env := map[string]string{
		"PIPEDREAM_CLIENT_ID":     "sbx_client",
		"PIPEDREAM_CLIENT_SECRET": "sbx_secret",
		"PIPEDREAM_PROJECT_ID":    "proj_sandbox",
	}
	cfg := pipedream.ConfigFromEnv(func(k string) string { return env[k] })
	fmt.Println(cfg.ProjectID, cfg.Environment, cfg.BaseURL)
	if _, err := pipedream.New(cfg); err != nil {
		log.Fatal(err)
	}
	// Output: proj_sandbox development https://api.pipedream.com
}
