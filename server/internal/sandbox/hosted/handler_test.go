package hosted

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
)

const parent = "http://parent.test:8080"

// messageOf returns the message a page posts to the embedding page.
func messageOf(t *testing.T, p page) map[string]string {
	t.Helper()
	m := regexp.MustCompile(`data-message="([^"]*)"`).FindStringSubmatch(p.body)
	if m == nil {
		return nil
	}
	var msg map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &msg); err != nil {
		t.Fatalf("data-message %q: %v", m[1], err)
	}
	return msg
}

// frameAncestors returns the page's frame-ancestors directive.
func frameAncestors(p page) string {
	for d := range strings.SplitSeq(p.header.Get("Content-Security-Policy"), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), "frame-ancestors "); ok {
			return v
		}
	}
	return ""
}

func TestStartShowsProjectAppAndContinue(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent, "https://other.test")
	p := e.get(q("token", tok, "app", "slack"))
	p.want(t, http.StatusOK, "Acme Test App", "Connect your Slack account", `src="/img/slack.svg"`,
		`<button type="submit" class="primary">Continue</button>`, ">Close</button>",
		`action="/_static/connect/continue"`, `name="token" value="`+tok+`"`, "sign in to Slack")
	if got := frameAncestors(p); got != parent+" https://other.test" {
		t.Errorf("frame-ancestors %q", got)
	}
	csp := p.header.Get("Content-Security-Policy")
	for _, d := range []string{"script-src 'self'", "default-src 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if strings.Contains(p.body, "<script>") || strings.Contains(p.body, "onclick") {
		t.Error("page has inline script")
	}
	if msg := messageOf(t, p); msg != nil {
		t.Errorf("first page posts %v", msg)
	}
	if !strings.Contains(p.body, `name="viewport"`) {
		t.Error("no viewport meta")
	}
}

func TestInvalidLinks(t *testing.T) {
	e := newEnv(t)
	expired := e.token(func(tk *store.Token) { tk.ExpiresAt = t0.Add(-time.Second) }, parent)
	spentAt := t0
	spent := e.token(func(tk *store.Token) { tk.SpentAt = &spentAt }, parent)
	live := e.token(nil, parent)
	for _, c := range []struct {
		name      string
		query     []string
		status    int
		text      string
		ancestors string
	}{
		{"unknown token", []string{"token", "ctok_nope", "app", "slack"}, http.StatusForbidden, validate.MsgInvalidToken, "'none'"},
		{"expired", []string{"token", expired, "app", "slack"}, http.StatusGone, validate.MsgExpired, parent},
		{"spent", []string{"token", spent, "app", "slack"}, http.StatusGone, validate.MsgSpent, parent},
		{"unknown app", []string{"token", live, "app", "no_such_app"}, http.StatusNotFound, validate.MsgAppNotFound, parent},
		{"app override", []string{"token", live, "app", "slack", "appOverrideId", "x"}, http.StatusNotFound, validate.MsgOverrideMissing, parent},
		{"scope profile", []string{"token", live, "app", "slack", "oauthScopeProfile", "everything"}, http.StatusBadRequest, "no scope profile", parent},
		{"oauth app on keys app", []string{"token", live, "app", "openai", "oauthAppId", "oa_1"}, http.StatusBadRequest, validate.MsgOAuthAppNotOK, parent},
		{"no token", []string{"app", "slack"}, http.StatusBadRequest, "token is required", "'none'"},
		{"control character", []string{"token", live, "app", "sla\x01ck"}, http.StatusBadRequest, "app is not valid", "'none'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := e.get(q(c.query...))
			p.want(t, c.status, "This link can&#39;t be used", html.EscapeString(c.text))
			if got := frameAncestors(p); got != c.ancestors {
				t.Errorf("frame-ancestors %q, want %q", got, c.ancestors)
			}
			if msg := messageOf(t, p); msg["type"] != "error" || !strings.Contains(msg["error"], c.text) || len(msg) != 2 {
				t.Errorf("message %v", msg)
			}
			if strings.Contains(p.body, "Continue") {
				t.Error("an invalid link offers Continue")
			}
		})
	}
}

func TestOAuthAllow(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent)
	state := q("token", tok, "app", "slack", "oauthScopeProfile", "read_only", "session", "42")
	p := e.post(continuePath, state, nil)
	p.want(t, http.StatusOK, "Authorize Acme Test App", "Slack", "<code>channels:read</code>", "<code>team:read</code>",
		`value="allow" class="primary">Allow</button>`, `value="deny" class="secondary">Deny</button>`,
		`name="oauthScopeProfile" value="read_only"`, `name="session" value="42"`)
	if strings.Contains(p.body, "chat:write") {
		t.Error("consent lists scopes of another profile")
	}

	state.Set("decision", "allow")
	p = e.post(authorizePath, state, map[string]string{"Sec-Fetch-Site": "same-origin"})
	p.want(t, http.StatusOK, "Connected", "Your Slack account is now connected to Acme Test App.", ">Close</button>")
	as := e.accounts()
	if len(as) != 1 || as[0].ExternalID != "user-1" || as[0].AppSlug != "slack" {
		t.Fatalf("accounts %+v", as)
	}
	if got := strings.Join(as[0].AuthorizedScopes, " "); got != "channels:read users:read team:read" {
		t.Errorf("scopes %q", got)
	}
	if msg := messageOf(t, p); len(msg) != 2 || msg["type"] != "success" || msg["authProvisionId"] != as[0].ID {
		t.Errorf("message %v, want success with %s", msg, as[0].ID)
	}
	if hs := e.hooks.list(); len(hs) != 1 || hs[0].Event != "CONNECTION_SUCCESS" || hs[0].ConnectSessionID != 42 {
		t.Errorf("webhooks %+v", hs)
	}
	// The token is spent: the link and a replayed form are refused.
	e.get(q("token", tok, "app", "slack")).want(t, http.StatusGone, "already been used")
	e.post(authorizePath, state, nil).want(t, http.StatusGone, "already been used")
}

func TestOAuthDeny(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent)
	p := e.post(authorizePath, q("token", tok, "app", "github", "decision", "deny"), nil)
	p.want(t, http.StatusOK, "Connection failed", "access was denied", "help@acme.test")
	if msg := messageOf(t, p); msg["type"] != "error" || msg["error"] != MsgAccessDenied {
		t.Errorf("message %v", msg)
	}
	if as := e.accounts(); len(as) != 0 {
		t.Errorf("accounts %+v", as)
	}
	if hs := e.hooks.list(); len(hs) != 1 || hs[0].Event != "CONNECTION_ERROR" || hs[0].Error != MsgAccessDenied {
		t.Errorf("webhooks %+v", hs)
	}
	e.post(authorizePath, q("token", tok, "app", "github", "decision", "maybe"), nil).
		want(t, http.StatusBadRequest, "decision must be allow or deny")
	e.post(authorizePath, q("token", tok, "app", "openai", "decision", "allow"), nil).
		want(t, http.StatusBadRequest, "does not use OAuth")
}

func TestKeys(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent)
	state := q("token", tok, "app", "openai")
	p := e.post(continuePath, state, nil)
	p.want(t, http.StatusOK, `<label for="f_api_key">API Key</label>`, `id="f_api_key" name="f_api_key" type="password"`,
		`<label for="f_organization">Organization ID <span class="optional">(optional)</span></label>`,
		`action="/_static/connect/keys" novalidate`, "Starts with sk-.")

	for _, c := range []struct {
		name, key, org, want string
	}{
		{"empty", "", "", "API Key is required"},
		{"malformed key", "pk-123", "org-abc", "API Key has an unexpected format"},
		{"malformed org", "sk-abcdefgh1234", "acme", "Organization ID has an unexpected format"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := q("token", tok, "app", "openai", "f_api_key", c.key, "f_organization", c.org)
			p := e.post(keysPath, f, nil)
			p.want(t, http.StatusUnprocessableEntity, c.want, `aria-invalid="true"`, `role="alert"`)
			if c.key != "" && strings.Contains(p.body, c.key) {
				t.Error("the secret is echoed")
			}
			if c.org != "" && !strings.Contains(p.body, `value="`+c.org+`"`) {
				t.Error("the organization is not kept")
			}
			if messageOf(t, p) != nil {
				t.Error("a field error posts a message")
			}
			// Each field's hint shows once, under it, not again in its error.
			for _, hint := range []string{"Starts with sk-.", "Optional. Starts with org-."} {
				if n := strings.Count(p.body, hint); n != 1 {
					t.Errorf("the hint %q shows %d times", hint, n)
				}
			}
		})
	}
	if len(e.accounts()) != 0 {
		t.Fatal("an invalid form connected an account")
	}

	p = e.post(keysPath, q("token", tok, "app", "openai", "f_api_key", " sk-abcdefgh1234 ", "f_organization", ""), nil)
	p.want(t, http.StatusOK, "Your OpenAI (ChatGPT) account is now connected")
	as := e.accounts()
	if len(as) != 1 || as[0].Credentials["api_key"] != "sk-abcdefgh1234" {
		t.Fatalf("accounts %+v", as)
	}
	if msg := messageOf(t, p); msg["authProvisionId"] != as[0].ID {
		t.Errorf("message %v", msg)
	}
	e.post(keysPath, q("token", e.token(nil, parent), "app", "slack"), nil).want(t, http.StatusBadRequest, "does not use keys")
}

func TestNoAuthApp(t *testing.T) {
	e := newEnv(t)
	p := e.post(continuePath, q("token", e.token(nil, parent), "app", "rss"), nil)
	p.want(t, http.StatusOK, "Your RSS account is now connected")
	if len(e.accounts()) != 1 {
		t.Fatal("no account")
	}
}

func TestReconnect(t *testing.T) {
	e := newEnv(t)
	connect := func(user, app string, accountID string) page {
		tok := e.token(func(tk *store.Token) { tk.ExternalUserID = user }, parent)
		return e.post(authorizePath, q("token", tok, "app", app, "accountId", accountID, "decision", "allow"), nil)
	}
	connect("user-1", "slack", "").want(t, http.StatusOK, "Connected")
	connect("user-2", "slack", "").want(t, http.StatusOK, "Connected")
	as := e.accounts()
	mine, theirs := as[0], as[1]
	if mine.ExternalID != "user-1" {
		mine, theirs = theirs, mine
	}

	tok := e.token(nil, parent)
	e.get(q("token", tok, "app", "slack", "accountId", mine.ID)).want(t, http.StatusOK, "This reconnects your existing account", mine.Name)
	p := e.post(authorizePath, q("token", tok, "app", "slack", "accountId", mine.ID, "decision", "allow"), nil)
	p.want(t, http.StatusOK, "Connected")
	if msg := messageOf(t, p); msg["authProvisionId"] != mine.ID {
		t.Errorf("reconnect made %v, want %s", msg, mine.ID)
	}
	if n := len(e.accounts()); n != 2 {
		t.Errorf("%d accounts after a reconnect", n)
	}

	p = connect("user-1", "slack", theirs.ID)
	p.want(t, http.StatusNotFound, validate.MsgAccountNotFound)
	e.get(q("token", e.token(nil, parent), "app", "github", "accountId", mine.ID)).
		want(t, http.StatusBadRequest, validate.MsgAccountMismatch)
	got, err := e.store.Account(context.Background(), "proj_test", theirs.ID)
	if err != nil || got.UpdatedAt != theirs.UpdatedAt {
		t.Errorf("another user's account changed: %+v, %v", got, err)
	}
}

func TestConnectLink(t *testing.T) {
	e := newEnv(t)
	redirects := func(tk *store.Token) {
		tk.SuccessRedirectURI = "https://app.test/done?ok=1"
		tk.ErrorRedirectURI = "https://errors.test/failed"
	}
	tok := e.token(redirects)
	p := e.get(q("token", tok, "connectLink", "true", "app", "slack"))
	p.want(t, http.StatusOK, `name="connectLink" value="true"`)
	if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://app.test https://errors.test;") {
		t.Errorf("CSP %q", csp)
	}
	if got := frameAncestors(p); got != "'none'" {
		t.Errorf("frame-ancestors %q for a token without origins", got)
	}

	p = e.post(authorizePath, q("token", tok, "connectLink", "true", "app", "slack", "decision", "allow"), nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "https://app.test/done?ok=1" {
		t.Errorf("success: %d to %q", p.status, p.header.Get("Location"))
	}
	p = e.post(authorizePath, q("token", e.token(redirects), "connectLink", "true", "app", "slack", "decision", "deny"), nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "https://errors.test/failed" {
		t.Errorf("deny: %d to %q", p.status, p.header.Get("Location"))
	}
	p = e.get(q("token", tok, "connectLink", "true", "app", "slack"))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "https://errors.test/failed" {
		t.Errorf("spent link: %d to %q", p.status, p.header.Get("Location"))
	}

	// Without redirect URIs the page shows the result itself.
	p = e.post(authorizePath, q("token", e.token(nil), "connectLink", "true", "app", "slack", "decision", "allow"), nil)
	p.want(t, http.StatusOK, "Your Slack account is now connected")
}

func TestPickApp(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil)
	p := e.get(q("token", tok, "connectLink", "true"))
	p.want(t, http.StatusOK, `<label for="app">App</label>`, `<option value="slack">Slack</option>`,
		`<form method="get" action="/_static/connect.html">`, `name="connectLink" value="true"`)
	if strings.Contains(p.body, `name="app" value=`) {
		t.Error("the picker carries an app")
	}
	e.post(continuePath, q("token", tok), nil).want(t, http.StatusBadRequest, "app is required")
	// A token pinned to an app needs no app in the link.
	pinned := e.token(func(tk *store.Token) { tk.AppID = "github" })
	e.get(q("token", pinned)).want(t, http.StatusOK, "Connect your GitHub account")
}

func TestHideClose(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent)
	p := e.get(q("token", tok, "app", "slack", "hideClose", "true"))
	p.want(t, http.StatusOK, "Continue", `name="hideClose" value="true"`)
	if strings.Contains(p.body, ">Close<") {
		t.Error("hideClose=true shows Close")
	}
	p = e.post(authorizePath, q("token", tok, "app", "slack", "hideClose", "true", "decision", "allow"), nil)
	p.want(t, http.StatusOK, "Connected")
	if strings.Contains(p.body, ">Close<") {
		t.Error("hideClose=true shows Close on the result")
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	e := newEnv(t)
	tok := e.token(nil, parent)
	form := q("token", tok, "app", "slack", "decision", "allow")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Origin": "http://evil.test"},
	} {
		e.post(authorizePath, form, h).want(t, http.StatusForbidden, "sent from another site")
	}
	if len(e.accounts()) != 0 {
		t.Fatal("a cross-site post connected an account")
	}
	e.post(authorizePath, form, map[string]string{"Origin": e.srv.URL}).want(t, http.StatusOK, "Connected")
}

func TestBadForms(t *testing.T) {
	e := newEnv(t)
	e.post(continuePath, q("app", "slack"), nil).want(t, http.StatusBadRequest, "token is required")
	e.post(continuePath, q("token", "ctok_x", "app", "slack"), nil).want(t, http.StatusForbidden, validate.MsgInvalidToken)
	big := q("token", e.token(nil, parent), "app", strings.Repeat("a", maxForm))
	e.post(continuePath, big, nil).want(t, http.StatusBadRequest, "could not be read")
	e.do(http.MethodPost, continuePath, strings.NewReader("%zz"), nil).want(t, http.StatusBadRequest)
}

func TestAssets(t *testing.T) {
	e := newEnv(t)
	for path, ctype := range map[string]string{"/_static/connect.js": "text/javascript", "/_static/connect.css": "text/css",
		"/_static/favicon.svg": "image/svg+xml", "/favicon.ico": "image/svg+xml"} {
		p := e.do(http.MethodGet, path, nil, nil)
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), ctype) || p.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d %q", path, p.status, p.header.Get("Content-Type"))
		}
	}
	js := e.do(http.MethodGet, "/_static/connect.js", nil, nil).body
	if strings.Contains(js, `"*"`) {
		t.Error("the script posts to any origin")
	}
}
