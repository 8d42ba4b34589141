package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func TestOAuthTokenJSON(t *testing.T) {
	e := newEnv(t, nil)
	var tok tokenResponse
	e.doJSON(http.MethodPost, "/v1/oauth/token", map[string]string{
		"grant_type": "client_credentials", "client_id": "sbx_client", "client_secret": "sbx_secret", "scope": "connect:*",
	}, nil, http.StatusOK, &tok)
	if !strings.HasPrefix(tok.AccessToken, accessTokenPrefix) || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 {
		t.Fatalf("token response %+v", tok)
	}
}

func TestOAuthTokenRefusesOtherClients(t *testing.T) {
	e := newEnv(t, nil)
	for _, creds := range [][2]string{{"sbx_client", "wrong"}, {"other", "sbx_secret"}, {"", ""}} {
		res := e.do(http.MethodPost, "/v1/oauth/token", map[string]string{
			"grant_type": "client_credentials", "client_id": creds[0], "client_secret": creds[1],
		}, nil)
		var body oauthError
		if err := json.Unmarshal(res.body, &body); err != nil || res.status != http.StatusUnauthorized || body.Error != "invalid_client" {
			t.Fatalf("creds %q: status %d body %s", creds, res.status, res.body)
		}
	}
}

func TestOAuthTokenBadRequests(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name, body, ctype, wantErr string
	}{
		{"grant", `{"grant_type":"password","client_id":"sbx_client","client_secret":"sbx_secret"}`, "application/json", "unsupported_grant_type"},
		{"no grant", `{"client_id":"sbx_client","client_secret":"sbx_secret"}`, "application/json", "invalid_request"},
		{"bad json", `{"grant_type":`, "application/json", "invalid_request"},
		{"ctype", `grant_type=client_credentials`, "text/plain", "invalid_request"},
		{"huge", `{"grant_type":"` + strings.Repeat("a", maxBody) + `"}`, "application/json", "invalid_request"},
	}
	for _, c := range cases {
		res := e.do(http.MethodPost, "/v1/oauth/token", c.body, map[string]string{"Content-Type": c.ctype})
		var body oauthError
		if err := json.Unmarshal(res.body, &body); err != nil || res.status != http.StatusBadRequest || body.Error != c.wantErr {
			t.Errorf("%s: status %d body %.200s", c.name, res.status, res.body)
		}
	}
}

// TestOAuthTokenForm uses golang.org/x/oauth2, which sends a standard form
// with the credentials in the body or in HTTP Basic.
func TestOAuthTokenForm(t *testing.T) {
	e := newEnv(t, nil)
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
		cfg := clientcredentials.Config{
			ClientID: "sbx_client", ClientSecret: "sbx_secret",
			TokenURL: e.srv.URL + "/v1/oauth/token", AuthStyle: style,
		}
		tok, err := cfg.Token(context.Background())
		if err != nil {
			t.Fatalf("style %d: %v", style, err)
		}
		e.token = tok.AccessToken
		e.doJSON(http.MethodPost, "/v1/connect/proj_sandbox/tokens", map[string]string{"external_user_id": "u1"}, nil, http.StatusOK, nil)

		cfg.ClientSecret = "nope"
		_, err = cfg.Token(context.Background())
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized || re.ErrorCode != "invalid_client" {
			t.Fatalf("style %d with a wrong secret: %v", style, err)
		}
	}
}

func TestBasicAndBodyCredentialsTogether(t *testing.T) {
	e := newEnv(t, nil)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"sbx_client"}, "client_secret": {"sbx_secret"}}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("sbx_client", "sbx_secret")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", res.StatusCode)
	}
}

func TestAccessTokenChecked(t *testing.T) {
	e := newEnv(t, nil)
	path := "/v1/connect/proj_sandbox/tokens"
	body := map[string]string{"external_user_id": "u1"}
	e.doJSON(http.MethodPost, path, body, nil, http.StatusOK, nil)

	good := e.token
	for name, tok := range map[string]string{
		"missing":  "",
		"garbage":  "garbage",
		"forged":   good[:len(good)-2] + "xx",
		"other":    newAccessTokens("sbx_client", "other_secret").issue(e.clock.Now().Add(time.Hour)),
		"prefixed": accessTokenPrefix + "abc",
	} {
		e.token = tok
		e.wantError(e.do(http.MethodPost, path, body, nil), http.StatusUnauthorized, "")
		t.Log(name, "refused")
	}

	e.token = good
	e.clock.Advance(59 * time.Minute)
	e.doJSON(http.MethodPost, path, body, nil, http.StatusOK, nil)
	e.clock.Advance(time.Minute)
	e.wantError(e.do(http.MethodPost, path, body, nil), http.StatusUnauthorized, "expired")
}

func TestAccessTokenTTLOption(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AccessTokenTTL = 5 * time.Minute })
	var tok tokenResponse
	e.doJSON(http.MethodPost, "/v1/oauth/token", map[string]string{
		"grant_type": "client_credentials", "client_id": "sbx_client", "client_secret": "sbx_secret",
	}, nil, http.StatusOK, &tok)
	if tok.ExpiresIn != 300 {
		t.Fatalf("expires_in %d, want 300", tok.ExpiresIn)
	}
}

func TestEnvironmentHeader(t *testing.T) {
	e := newEnv(t, nil)
	path := "/v1/connect/proj_sandbox/tokens"
	body := map[string]string{"external_user_id": "u1"}
	e.wantError(e.do(http.MethodPost, path, body, map[string]string{"x-pd-environment": ""}), http.StatusBadRequest, "x-pd-environment")
	e.wantError(e.do(http.MethodPost, path, body, map[string]string{"x-pd-environment": "staging"}), http.StatusBadRequest, "x-pd-environment")
	e.doJSON(http.MethodPost, path, body, map[string]string{"x-pd-environment": "production"}, http.StatusOK, nil)
}

func TestCustomCredentials(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ClientID, o.ClientSecret, o.ProjectID = "id2", "secret2", "proj_two" })
	res := e.do(http.MethodPost, "/v1/oauth/token", map[string]string{
		"grant_type": "client_credentials", "client_id": "id2", "client_secret": "secret2",
	}, nil)
	if res.status != http.StatusOK {
		t.Fatalf("custom credentials refused: %d %s", res.status, res.body)
	}
	res = e.do(http.MethodPost, "/v1/oauth/token", map[string]string{
		"grant_type": "client_credentials", "client_id": DefaultClientID, "client_secret": DefaultClientSecret,
	}, nil)
	if res.status != http.StatusUnauthorized {
		t.Fatalf("default credentials accepted by a custom sandbox: %d", res.status)
	}
}
