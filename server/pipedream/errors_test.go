package pipedream_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestParseErrorShapes(t *testing.T) {
	tests := []struct {
		body, code, message string
	}{
		{`{"error":"invalid external_user_id"}`, "", "invalid external_user_id"},
		{`{"error":{"code":"not_found","message":"account not found"}}`, "not_found", "account not found"},
		{`{"error":{"type":"rate_limited","message":"slow down"}}`, "rate_limited", "slow down"},
		{`{"message":"Unauthorized","code":401}`, "401", "Unauthorized"},
		{`{"error":"invalid_client","error_description":"bad secret"}`, "invalid_client", "bad secret"},
		{`{"errors":["a is bad",{"message":"b is bad"}]}`, "", "a is bad; b is bad"},
		{"upstream timed out\n", "", "upstream timed out"},
		{``, "", "Bad Gateway"},
		{`{}`, "", `{}`},
		{`{"error":null}`, "", `{"error":null}`},
	}
	for _, tt := range tests {
		e := pipedream.ParseError(http.StatusBadGateway, nil, []byte(tt.body), time.Now())
		if e.Code != tt.code || e.Message != tt.message || e.StatusCode != http.StatusBadGateway {
			t.Errorf("ParseError(%s) = code %q message %q, want %q %q", tt.body, e.Code, e.Message, tt.code, tt.message)
		}
	}
}

func TestParseErrorBoundsMessage(t *testing.T) {
	e := pipedream.ParseError(500, nil, []byte(strings.Repeat("é", 2000)), time.Now())
	if len(e.Message) > 600 || !utf8.ValidString(e.Message) {
		t.Errorf("message is %d bytes, valid utf8 %v", len(e.Message), utf8.ValidString(e.Message))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		" 0 ":                           0,
		"-5":                            0,
		"soon":                          0,
		"Sun, 22 Nov 2026 12:00:07 GMT": 7 * time.Second,
		"Sun, 22 Nov 2026 11:59:00 GMT": 0,
		"99999999999999":                24 * time.Hour,
	} {
		if got := pipedream.ParseRetryAfter(v, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

func FuzzParseError(f *testing.F) {
	for _, s := range []string{`{"error":"x"}`, `{"error":{"code":1,"message":"m"}}`, `{"message":"m"}`,
		`{"errors":[1,{"message":2}]}`, "plain", "", "\xff\xfe", `{"error":[]}`, `[1,2]`, `null`} {
		f.Add(429, s, "2")
	}
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		h := http.Header{"Retry-After": {retryAfter}}
		e := pipedream.ParseError(status, h, []byte(body), time.Now())
		if e.Message == "" || !utf8.ValidString(e.Message) || len(e.Message) > 520 {
			t.Fatalf("bad message %q", e.Message)
		}
		if e.RetryAfter < 0 {
			t.Fatalf("negative Retry-After %v", e.RetryAfter)
		}
		_ = e.Error()
	})
}

func TestAPIError401(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/apps", 401, map[string]any{"error": "access token expired"})
	_, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{Q: "x"})
	var e *pipedream.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if e.StatusCode != 401 || e.Message != "access token expired" || e.Method != "GET" || e.Path != "/v1/connect/apps" {
		t.Errorf("APIError = %+v", e)
	}
	if want := "pipedream: list apps: GET /v1/connect/apps: 401 "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want it to start with %q", err, want)
	}
	if n := len(f.recorded()); n != 1 {
		t.Errorf("401 sent %d times, want 1 (not retried)", n)
	}
}

func TestAPIError404(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("DELETE /v1/connect/proj_abc123/accounts/{id}", 404, map[string]any{"error": map[string]any{"code": "not_found", "message": "account not found"}})
	err := f.client().DeleteAccount(t.Context(), "apn_missing")
	if !pipedream.IsNotFound(err) {
		t.Fatalf("IsNotFound(%v) = false", err)
	}
	var e *pipedream.APIError
	if errors.As(err, &e); e.Code != "not_found" || e.Message != "account not found" {
		t.Errorf("APIError = %+v", e)
	}
	if pipedream.IsNotFound(errors.New("x")) {
		t.Error("IsNotFound(plain error) = true")
	}
}

func TestTokenEndpointRefusal(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/apps", 200, map[string]any{"data": []any{}, "page_info": map[string]any{}})
	c := f.client(func(c *pipedream.Config) { c.ClientSecret = "wrong" })
	_, err := c.ListApps(t.Context(), pipedream.AppsQuery{})
	var e *pipedream.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if e.StatusCode != 401 || e.Method != "POST" || e.Path != "/v1/oauth/token" || e.Code != "invalid_client" || e.Message != "Invalid client credentials" {
		t.Errorf("APIError = %+v", e)
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response.StatusCode != 401 {
		t.Errorf("err does not wrap *oauth2.RetrieveError: %v", err)
	}
	if len(f.recorded()) != 0 || f.tokenHits.Load() != 1 {
		t.Errorf("API requests %d, token requests %d; want 0 and 1 (401 not retried)", len(f.recorded()), f.tokenHits.Load())
	}
}

func TestMalformedSuccessBody(t *testing.T) {
	for name, body := range map[string]string{"syntax": `{"data": [`, "type": `{"data": 5, "page_info": {}}`, "html": `<html>`} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle("GET /v1/connect/proj_abc123/accounts", func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(200)
				_, _ = w.Write([]byte(body))
			})
			_, err := f.client().ListAccounts(t.Context(), pipedream.AccountsQuery{})
			if err == nil || !strings.Contains(err.Error(), "pipedream: list accounts: GET /v1/connect/proj_abc123/accounts: decode 200 response") {
				t.Fatalf("err = %v, want a decode error", err)
			}
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if !errors.As(err, &se) && !errors.As(err, &te) && !strings.Contains(err.Error(), "unexpected EOF") {
				t.Errorf("err does not wrap the JSON error: %v", err)
			}
			if n := len(f.recorded()); n != 1 {
				t.Errorf("sent %d times, want 1", n)
			}
		})
	}
}

// Every error of the package says where it comes from, and names the
// operation once.
func TestErrorsStartWithPipedream(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/apps", 400, map[string]any{"error": "bad q"})
	f.handle("GET /v1/connect/proj_abc123/users", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"data": 5}`))
	})
	c := f.client(func(c *pipedream.Config) { c.MaxRetries = -1 })
	down := newFakeAPI(t)
	down.srv.Close()
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	failures := map[string]func() error{
		"config": func() error { _, err := pipedream.New(pipedream.Config{}); return err },
		"invalid request": func() error {
			_, err := c.CreateToken(t.Context(), pipedream.TokenRequest{})
			return err
		},
		"invalid id": func() error {
			_, err := c.GetAccount(t.Context(), "..", pipedream.AccountOptions{})
			return err
		},
		"api error": func() error { _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); return err },
		"decode":    func() error { _, err := c.ListUsers(t.Context(), pipedream.UsersQuery{}); return err },
		"unreachable": func() error {
			_, err := down.client(func(c *pipedream.Config) { c.MaxRetries = -1 }).ListApps(t.Context(), pipedream.AppsQuery{})
			return err
		},
		"cancelled": func() error { _, err := c.ListApps(cancelled, pipedream.AppsQuery{}); return err },
		"deploy trigger": func() error {
			_, err := c.DeployTrigger(t.Context(), pipedream.DeployTriggerRequest{})
			return err
		},
		"trigger workflows": func() error {
			_, err := c.TriggerWorkflows(t.Context(), "", "dc_1")
			return err
		},
		"invoke workflow": func() error {
			_, err := c.InvokeWorkflow(t.Context(), "not an endpoint", "user-1", nil)
			return err
		},
		"run action": func() error {
			_, err := c.RunAction(t.Context(), pipedream.RunActionRequest{})
			return err
		},
		"proxy": func() error {
			req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/", nil)
			_, err := c.ProxyTransport("", "apn_1").RoundTrip(req)
			return err
		},
	}
	for name, fail := range failures {
		err := fail()
		if err == nil {
			t.Errorf("%s: got no error, want one", name)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "pipedream: ") || strings.Count(msg, "pipedream: ") != 1 {
			t.Errorf("%s: got %q, want one leading %q", name, msg, "pipedream: ")
		}
	}
}
