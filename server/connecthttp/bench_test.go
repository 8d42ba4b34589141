package connecthttp_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// BenchmarkCreateToken measures POST /api/connect/token through the API's
// handler (no network in front of it) against an in-memory sandbox on
// loopback: the app's own work per mint, session check included, plus one
// upstream round trip. Sessions rotate so that neither rate limiter
// (100 tokens a minute per user) refuses.
func BenchmarkCreateToken(b *testing.B) {
	h, cookies := benchAPI(b, 4096)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		cookie := cookies[n%len(cookies)]
		n++
		req := httptest.NewRequest(http.MethodPost, "/api/connect/token", nil)
		req.Header.Set("Origin", "http://example.com")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// benchAPI is the API in front of an in-memory sandbox, and n session
// cookies for it.
func benchAPI(b *testing.B, n int) (http.Handler, []*http.Cookie) {
	b.Helper()
	base := testsupport.StartSandbox(b, testsupport.SandboxOptions{}).URL
	keys, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		b.Fatal(err)
	}
	a, err := connecthttp.New(connecthttp.Config{Connect: newClient(b, base, nil), User: keys.Start, TokenRate: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	h := http.StripPrefix("/api", a)
	cookies := make([]*http.Cookie, n)
	for i := range cookies {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/session", nil))
		got := rec.Result().Cookies()
		if rec.Code != http.StatusOK || len(got) == 0 {
			b.Fatalf("session: %d, %d cookies", rec.Code, len(got))
		}
		cookies[i] = got[0]
	}
	return h, cookies
}
