package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestCreateAccount(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.newToken(map[string]any{"external_user_id": "u1"})
	var a pipedream.Account
	res := e.doJSON(http.MethodPost, accountsPath+"?external_user_id=u1", map[string]any{
		"app_slug": "openai", "cfmap_json": `{"api_key":"sk-created12345"}`, "connect_token": tok.Token, "name": "Work key",
	}, nil, http.StatusOK, &a)
	if !strings.HasPrefix(a.ID, "apn_") || a.Name != "Work key" || a.ExternalID != "u1" || a.App == nil || a.App.NameSlug != "openai" ||
		a.Credentials != nil || strings.Contains(string(res.body), "sk-created") {
		t.Fatalf("created %s", res.body)
	}
	var full pipedream.Account
	e.doJSON(http.MethodGet, accountsPath+"/"+a.ID+"?include_credentials=true", nil, nil, http.StatusOK, &full)
	if full.Credentials["api_key"] != "sk-created12345" {
		t.Fatalf("credentials %v", full.Credentials)
	}
	// The token is spent now.
	e.wantError(e.do(http.MethodPost, accountsPath, map[string]any{
		"app_slug": "openai", "cfmap_json": `{"api_key":"sk-created12345"}`, "connect_token": tok.Token,
	}, nil), http.StatusBadRequest, "connect_token: "+validate.MsgSpent)

	// Reconnect replaces the credentials and keeps the id.
	again := e.newToken(map[string]any{"external_user_id": "u1"})
	var re pipedream.Account
	e.doJSON(http.MethodPost, accountsPath, map[string]any{
		"app_slug": "openai", "cfmap_json": `{"api_key":"sk-rotated123456"}`, "connect_token": again.Token, "account_id": a.ID,
	}, nil, http.StatusOK, &re)
	e.doJSON(http.MethodGet, accountsPath+"/"+a.ID+"?include_credentials=true", nil, nil, http.StatusOK, &full)
	if re.ID != a.ID || full.Credentials["api_key"] != "sk-rotated123456" || len(e.listIDs(accountsPath)) != 1 {
		t.Fatalf("reconnect: %+v, credentials %v", re, full.Credentials)
	}
}

func TestCreateAccountRefusals(t *testing.T) {
	e := newEnv(t, nil)
	fresh := func() string { return e.newToken(map[string]any{"external_user_id": "u1"}).Token }
	slackAccount := e.connect("u1", "slack", nil)
	pinned := e.newToken(map[string]any{"external_user_id": "u1", "app_id": "stripe"}).Token
	prodTok := e.newToken(map[string]any{"external_user_id": "u1"}).Token
	for _, c := range []struct {
		name  string
		body  map[string]any
		query string
		env   string
		want  string
	}{
		{"no app", map[string]any{"connect_token": fresh()}, "", "", "app_slug is required"},
		{"no token", map[string]any{"app_slug": "openai"}, "", "", "connect_token is required"},
		{"unknown app", map[string]any{"app_slug": "nope", "connect_token": fresh()}, "", "", "not found"},
		{"oauth app", map[string]any{"app_slug": "slack", "connect_token": fresh()}, "", "", "OAuth"},
		{"unknown token", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": "ctok_x"}, "", "", "invalid token"},
		{"bad cfmap", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":1}`, "connect_token": fresh()}, "", "", "cfmap_json"},
		{"bad key", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"pk-nope"}`, "connect_token": fresh()}, "", "", "API Key"},
		{"missing key", map[string]any{"app_slug": "openai", "cfmap_json": `{}`, "connect_token": fresh()}, "", "", "is required"},
		{"other user", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": fresh()}, "external_user_id=u2", "", "does not match"},
		{"pinned app", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": pinned}, "", "", "another app"},
		{"other env", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": prodTok}, "", "production", "invalid token"},
		{"wrong app reconnect", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": fresh(), "account_id": slackAccount.ID}, "", "", "another app"},
		{"missing reconnect", map[string]any{"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": fresh(), "account_id": "apn_x"}, "", "", "account not found"},
		{"override", map[string]any{"app_slug": "openai", "connect_token": fresh(), "app_override_id": "ao_1"}, "", "", "override"},
		{"name", map[string]any{"app_slug": "openai", "connect_token": fresh(), "name": "a\x00b"}, "", "", "name"},
	} {
		headers := map[string]string{}
		if c.env != "" {
			headers["x-pd-environment"] = c.env
		}
		path := accountsPath
		if c.query != "" {
			path += "?" + c.query
		}
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			e.wantError(e.do(http.MethodPost, path, c.body, headers), http.StatusBadRequest, c.want)
		})
	}
	e.t = t
	// An expired token.
	old := fresh()
	e.clock.Advance(5 * time.Hour)
	e.token = e.accessToken()
	e.wantError(e.do(http.MethodPost, accountsPath, map[string]any{
		"app_slug": "openai", "cfmap_json": `{"api_key":"sk-abcdefgh1"}`, "connect_token": old,
	}, nil), http.StatusBadRequest, "expired")
	if ids := e.listIDs(accountsPath); len(ids) != 1 {
		t.Fatalf("refused requests created accounts: %v", ids)
	}
}
