package sandbox

import (
	"net/http"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// validateToken calls the validate endpoint without an access token, as
// the hosted page does.
func (e *env) validate(token, query string) pipedream.TokenValidation {
	e.t.Helper()
	saved := e.token
	e.token = ""
	defer func() { e.token = saved }()
	var v pipedream.TokenValidation
	e.doJSON(http.MethodGet, "/v1/connect/tokens/"+token+"/validate?"+query, nil, map[string]string{"x-pd-environment": ""}, http.StatusOK, &v)
	return v
}

func TestValidateToken(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ProjectName, o.SupportEmail = "Acme", "help@acme.test" })
	tok := e.newToken(map[string]any{
		"external_user_id": "u1", "success_redirect_uri": "https://acme.test/ok", "error_redirect_uri": "https://acme.test/err",
	})
	v := e.validate(tok.Token, "app_id=slack")
	if !v.Success || v.Error != "" || v.App == nil || v.App.NameSlug != "slack" || v.ProjectID != "proj_sandbox" ||
		v.ProjectEnvironment != "development" || v.ProjectAppName != "Acme" || v.ProjectSupportEmail != "help@acme.test" ||
		v.SuccessRedirectURI != "https://acme.test/ok" || v.ErrorRedirectURI != "https://acme.test/err" {
		t.Fatalf("validation %+v", v)
	}
	if v := e.validate(tok.Token, ""); !v.Success || v.App != nil {
		t.Fatalf("without app: %+v", v)
	}
	slack, _ := e.sb.catalog.Lookup("slack")
	if v := e.validate(tok.Token, "app_id="+slack.ID+"&oauth_app_id=oa_1"); !v.Success || v.App.NameSlug != "slack" || v.OAuthAppID != "oa_1" {
		t.Fatalf("by app id with oauth app: %+v", v)
	}

	for _, c := range []struct{ token, query, want string }{
		{"ctok_nope", "app_id=slack", validate.MsgInvalidToken},
		{tok.Token, "app_id=nope", validate.MsgAppNotFound},
		{tok.Token, "app_id=openai&oauth_app_id=oa_1", validate.MsgOAuthAppNotOK},
		{tok.Token, "app_id=slack&account_id=apn_nope", validate.MsgAccountNotFound},
		{tok.Token, "app_id=slack&app_override_id=ao_1", validate.MsgOverrideMissing},
	} {
		if v := e.validate(c.token, c.query); v.Success || v.Error != c.want || v.App != nil && c.want == validate.MsgInvalidToken {
			t.Errorf("%s?%s: %+v, want error %q", c.token, c.query, v, c.want)
		}
	}

	e.clock.Advance(4*time.Hour - time.Second)
	if v := e.validate(tok.Token, "app_id=slack"); !v.Success {
		t.Fatalf("a second before expiry: %+v", v)
	}
	e.clock.Advance(time.Second)
	if v := e.validate(tok.Token, "app_id=slack"); v.Success || v.Error != validate.MsgExpired || v.ErrorRedirectURI != "https://acme.test/err" {
		t.Fatalf("expired: %+v", v)
	}
}

func TestValidateSpentAndReconnect(t *testing.T) {
	e := newEnv(t, nil)
	a := e.connect("u1", "github", nil)
	if v := e.validate(e.lastToken, "app_id=github"); v.Success || v.Error != validate.MsgSpent {
		t.Fatalf("spent: %+v", v)
	}

	tok := e.newToken(map[string]any{"external_user_id": "u1"})
	if v := e.validate(tok.Token, "account_id="+a.ID); !v.Success || v.App == nil || v.App.NameSlug != "github" {
		t.Fatalf("reconnect: %+v", v)
	}
	if v := e.validate(tok.Token, "app_id=github&account_id="+a.ID); !v.Success {
		t.Fatalf("reconnect with app: %+v", v)
	}
	if v := e.validate(tok.Token, "app_id=slack&account_id="+a.ID); v.Success || v.Error != validate.MsgAccountMismatch {
		t.Fatalf("reconnect with another app: %+v", v)
	}
	other := e.newToken(map[string]any{"external_user_id": "u2"})
	if v := e.validate(other.Token, "account_id="+a.ID); v.Success || v.Error != validate.MsgAccountNotFound {
		t.Fatalf("another user's account: %+v", v)
	}
}

func TestValidatePinnedToken(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.newToken(map[string]any{"external_user_id": "u1", "app_id": "notion", "oauth_app_id": "oa_pinned"})
	if v := e.validate(tok.Token, ""); !v.Success || v.App == nil || v.App.NameSlug != "notion" || v.OAuthAppID != "oa_pinned" {
		t.Fatalf("pinned: %+v", v)
	}
	if v := e.validate(tok.Token, "app_id=slack"); v.Success || v.Error != validate.MsgAppMismatch {
		t.Fatalf("other app: %+v", v)
	}
	if v := e.validate(tok.Token, "app_id=notion&oauth_app_id=oa_other"); v.Success || v.Error != validate.MsgOAuthAppFixed {
		t.Fatalf("other oauth app: %+v", v)
	}
	e.wantError(e.do(http.MethodPost, tokensPath, map[string]any{"external_user_id": "u1", "app_id": "nope"}, nil), http.StatusBadRequest, "app_id")
}
