package sandbox

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsKeepSecretsOut checks that request logs name paths and statuses
// but never Connect tokens, access tokens, client secrets or credentials.
func TestLogsKeepSecretsOut(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnv(t, func(o *Options) { o.Logger = logger })
	a := e.connect("u1", "openai", map[string]string{"api_key": "sk-verysecret123"})
	e.validate(e.lastToken, "app_id=openai")
	e.doJSON(http.MethodGet, accountsPath+"/"+a.ID+"?include_credentials=true", nil, nil, http.StatusOK, nil)

	logs := buf.String()
	if !strings.Contains(logs, "path=/v1/connect/tokens/ctok_…/validate") || !strings.Contains(logs, "status=200") {
		t.Fatalf("request not logged:\n%s", logs)
	}
	for _, secret := range []string{e.lastToken, e.token, "sbx_secret", "sk-verysecret123", "include_credentials"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}
