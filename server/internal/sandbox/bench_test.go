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

// BenchmarkCreateToken measures POST /v1/connect/{project_id}/tokens
// through the handler (no network), one user per request.
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
			body := fmt.Sprintf(`{"external_user_id":"user-%d","allowed_origins":["http://localhost:3000"]}`, n.Add(1))
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
