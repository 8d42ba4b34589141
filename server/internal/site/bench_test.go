package site_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// cannedConnect answers every Connect API call at once, in process: an
// access token for the token endpoint, a Connect token for anything else.
type cannedConnect struct{}

func (cannedConnect) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	body := `{"token":"ctok_0123456789abcdef0123456789abcdef","expires_at":"2030-01-01T00:00:00Z","connect_link_url":"http://127.0.0.1:1/_static/connect.html?token=ctok_0123456789abcdef0123456789abcdef&connectLink=true"}`
	if strings.HasSuffix(r.URL.Path, "/oauth/token") {
		body = `{"access_token":"at","token_type":"Bearer","expires_in":3600}`
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: r,
	}, nil
}

// BenchmarkMintOwnWork is the app's own work per Connect token, as
// bin/server wires it (security headers, the API under /api, a session
// cookie, the token limiter, a signed webhook URI, the pipedream client's
// request and decoding, the answer), with the Connect API answering in
// process: what is left of the server's overhead once the network hop is
// taken away.
func BenchmarkMintOwnWork(b *testing.B) {
	pd := testsupport.Client(b, "http://127.0.0.1:1", func(c *pipedream.Config) {
		c.HTTPClient = &http.Client{Transport: cannedConnect{}}
	})
	key := bytes.Repeat([]byte("k"), connectsession.KeySize)
	sessions, err := connectsession.New(key)
	if err != nil {
		b.Fatal(err)
	}
	hooks, triggers, err := connecthttp.SignedWebhooks("http://127.0.0.1:2/api", key)
	if err != nil {
		b.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: pd, APIURL: "http://127.0.0.1:1", FrontendURL: "http://127.0.0.1:1", User: sessions.User, Start: sessions.Start,
		Webhooks: hooks, TriggerWebhooks: triggers, TokenRate: 1 << 30, SessionRate: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	cookies := make([]string, 1024)
	for i := range cookies {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/session", nil))
		cookies[i] = w.Result().Cookies()[0].String()
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/api/connect/token", strings.NewReader("{}"))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "http://example.com")
		r.Header.Set("Cookie", cookies[n%len(cookies)])
		n++
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"token":"ctok_`) {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
