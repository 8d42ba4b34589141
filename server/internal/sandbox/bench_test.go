package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// tokenBenchUsers is how many users BenchmarkCreateToken's requests cycle
// through: within the bound of users the sandbox's token limiter
// remembers (ratelimit.DefaultMaxKeys; past it the least recently used is
// forgotten), each far within its own pipedream.TokensPerMinute.
const tokenBenchUsers = 50_000

// BenchmarkCreateToken measures POST /v1/connect/{project_id}/tokens
// through the handler (no network), the users taking turns.
func BenchmarkCreateToken(b *testing.B) {
	sb, err := New(Options{BaseURL: "http://localhost:3001"})
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	h := sb.Handler()
	access := sb.signer.issue(sb.now().Add(sb.opts.AccessTokenTTL))
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := fmt.Sprintf(`{"external_user_id":"user-%d","allowed_origins":["http://localhost:3000"]}`, n.Add(1)%tokenBenchUsers)
			req := httptest.NewRequest(http.MethodPost, "http://localhost:3001/v1/connect/proj_sandbox/tokens", bytes.NewReader([]byte(body)))
			req.Header.Set("Authorization", "Bearer "+access)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-pd-environment", "development")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			_, _ = io.Copy(io.Discard, rec.Body)
		}
	})
}
