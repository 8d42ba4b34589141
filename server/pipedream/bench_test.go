package pipedream_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// BenchmarkCreateTokenParallel measures the client's cost per call (token
// cache, JSON, headers) against a local server that answers at once.
func BenchmarkCreateTokenParallel(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"access_token": "at_1", "token_type": "Bearer", "expires_in": 3600})
	})
	mux.HandleFunc("POST /v1/connect/proj_bench/tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"token": "ctok_1", "expires_at": "2026-11-23T04:00:00Z", "connect_link_url": "x"})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := pipedream.New(pipedream.Config{ClientID: "c", ClientSecret: "s", ProjectID: "proj_bench",
		Environment: pipedream.Development, BaseURL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.CreateToken(b.Context(), pipedream.TokenRequest{ExternalUserID: "user-1"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
