package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUnknownHostRefused plays a DNS-rebinding page: requests reach the
// sandbox's port under the attacker's host name. The token endpoint, the
// API and the hosted page all answer 421; the configured and loopback
// names work.
func TestUnknownHostRefused(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.BaseURL = "http://Sandbox.Example.com:3001" })
	_, port, _ := strings.Cut(strings.TrimPrefix(e.srv.URL, "http://"), ":")
	tok := e.newToken(map[string]any{"external_user_id": "u1"})
	creds := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	send := func(method, host, path string, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+e.token)
		req.Header.Set("x-pd-environment", "development")
		res, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode == http.StatusMisdirectedRequest {
			var body apiError
			if err := json.Unmarshal(b, &body); err != nil || body.Error == "" {
				t.Errorf("421 body %s is not {\"error\":...}", b)
			}
		}
		return res.StatusCode
	}
	for _, host := range []string{"rebind.attacker.example:" + port, "rebind.attacker.example", "127.0.0.1.attacker.example:" + port,
		"localhost.attacker.example:" + port, "sandbox.example.com.evil:" + port} {
		for _, path := range []string{"/v1/oauth/token", "/v1/connect/proj_sandbox/accounts?include_credentials=true",
			"/_static/connect.html?token=" + tok.Token} {
			method := http.MethodGet
			if path == "/v1/oauth/token" {
				method = http.MethodPost
			}
			if got := send(method, host, path, creds.Encode()); got != http.StatusMisdirectedRequest {
				t.Errorf("Host %q %s: %d, want 421", host, path, got)
			}
		}
	}
	for _, host := range []string{"localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.0.0.2", "[::1]:" + port,
		"app.localhost:" + port, "sandbox.example.com:3001", "SANDBOX.example.com."} {
		if got := send(http.MethodPost, host, "/v1/oauth/token", creds.Encode()); got != http.StatusOK {
			t.Errorf("Host %q: token endpoint %d, want 200", host, got)
		}
		if got := send(http.MethodGet, host, "/_static/connect.html?token="+tok.Token, ""); got != http.StatusOK {
			t.Errorf("Host %q: hosted page %d, want 200", host, got)
		}
	}
}
