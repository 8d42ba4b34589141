package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestLogsKeepSecretsOut checks that request logs name paths and statuses
// but never Connect tokens, access tokens, client secrets or credentials.
func TestLogsKeepSecretsOut(t *testing.T) {
	var logs testsupport.LogBuffer
	base := testsupport.StartSandbox(t, testsupport.SandboxOptions{Logger: logs.Logger()}).URL
	pd := testsupport.Client(t, base, nil)
	ctx := t.Context()
	tok, err := pd.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := pd.ValidateToken(ctx, tok.Token, pipedream.ValidateQuery{AppID: "openai"}); err != nil || !v.Success {
		t.Fatalf("validate: %+v, %v", v, err)
	}
	a, err := testsupport.ConnectKeys(ctx, http.DefaultClient, base, tok.Token, "openai", "", map[string]string{"api_key": "sk-verysecret123"})
	if err != nil {
		t.Fatal(err)
	}
	if full, err := pd.GetAccount(ctx, a.ID, pipedream.AccountOptions{IncludeCredentials: true}); err != nil || full.Credentials["api_key"] != "sk-verysecret123" {
		t.Fatalf("account with credentials: %+v, %v", full, err)
	}
	res, err := pd.ProxyClient("u1", a.ID).Get("https://api.openai.com/v1/models?secret_param=s3cr3t")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	text := logs.String()
	if !strings.Contains(text, "path=/v1/connect/tokens/ctok_…/validate") || !strings.Contains(text, "status=200") {
		t.Fatalf("request not logged:\n%s", text)
	}
	if !strings.Contains(text, "path=/v1/connect/proj_sandbox/proxy/…") {
		t.Errorf("proxy request not logged, or with its target:\n%s", text)
	}
	for _, secret := range []string{tok.Token, "sbx_at_", sandbox.DefaultClientSecret, "sk-verysecret123", "include_credentials", "s3cr3t"} {
		if strings.Contains(text, secret) {
			t.Errorf("logs contain %q:\n%s", secret, text)
		}
	}
}
