package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
)

// sdkResult is what testdata/sdkcheck/check.mjs prints.
type sdkResult struct {
	Token struct {
		Token, ExpiresAt, ConnectLinkURL string
	} `json:"token"`
	Validation struct {
		Success                     bool
		App, ProjectID, Environment string
	} `json:"validation"`
	BadValidation struct {
		Success bool
		Error   string
	} `json:"badValidation"`
	Created struct {
		ID, App        string
		HasCredentials bool
	} `json:"created"`
	ReuseSpent sdkError `json:"reuseSpent"`
	Accounts   []struct {
		ID, App        string
		HasCredentials bool
		Healthy        bool
	} `json:"accounts"`
	Credentials                 map[string]any `json:"credentials"`
	RetrievedWithoutCredentials bool           `json:"retrievedWithoutCredentials"`
	Apps                        []string       `json:"apps"`
	Slack                       struct {
		ID, NameSlug, ImgSrc string
		ScopeProfiles        int
	} `json:"slack"`
	MissingAccount  sdkError `json:"missingAccount"`
	AfterDelete     []string `json:"afterDelete"`
	AfterUserDelete int      `json:"afterUserDelete"`
	WrongSecret     sdkError `json:"wrongSecret"`
	Users           []struct {
		ID, ExternalID string
	} `json:"users"`
	UsersFound     []string             `json:"usersFound"`
	Proxy          map[string]ProxyEcho `json:"proxy"`
	ProxyForeign   sdkError             `json:"proxyForeign"`
	ProxyOtherUser sdkError             `json:"proxyOtherUser"`
	ProxyLimited   struct {
		sdkError
		After   int
		TooMany bool
	} `json:"proxyLimited"`
}

type sdkError struct {
	Thrown, IsPipedreamError bool
	Name                     string
	StatusCode               int
	Body                     map[string]any
}

// TestOfficialSDK runs the official @pipedream/sdk 3.1.6 server client,
// unchanged, against the sandbox: tokens, accounts, apps, users and the
// Connect proxy.
func TestOfficialSDK(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now, o.ProxyLimit = nil, sdkProxyLimit }) // node's clock is real
	e.token = e.accessToken()
	const user = "sdk-user"
	e.connect(user, "slack", nil)
	e.connect("someone-else", "slack", nil)

	var r sdkResult
	runSDKCheck(t, "check.mjs", &r, "SANDBOX_URL="+e.srv.URL, "SDK_USER="+user)

	if !strings.HasPrefix(r.Token.Token, "ctok_") || !strings.Contains(r.Token.ConnectLinkURL, "/_static/connect.html?") {
		t.Errorf("tokens.create: %+v", r.Token)
	}
	if exp, err := time.Parse(time.RFC3339, r.Token.ExpiresAt); err != nil || time.Until(exp) < 9*time.Minute || time.Until(exp) > 11*time.Minute {
		t.Errorf("tokens.create expiresAt %q: %v", r.Token.ExpiresAt, err)
	}
	if v := r.Validation; !v.Success || v.App != "slack" || v.ProjectID != "proj_sandbox" || v.Environment != "development" {
		t.Errorf("tokens.validate: %+v", v)
	}
	if b := r.BadValidation; b.Success || b.Error != "invalid token" {
		t.Errorf("tokens.validate of an unknown token: %+v", b)
	}
	if c := r.Created; !strings.HasPrefix(c.ID, "apn_") || c.App != "openai" || c.HasCredentials {
		t.Errorf("accounts.create: %+v", c)
	}
	if u := r.ReuseSpent; !u.Thrown || u.StatusCode != 400 || u.Body["error"] != "connect_token: "+validate.MsgSpent {
		t.Errorf("accounts.create with a spent token: %+v", u)
	}
	if len(r.Accounts) != 2 || r.Accounts[1].ID != r.Created.ID || r.Accounts[0].App != "slack" || r.Accounts[1].App != "openai" ||
		r.Accounts[0].HasCredentials || !r.Accounts[0].Healthy {
		t.Errorf("accounts.list, paged by one: %+v", r.Accounts)
	}
	if r.Credentials["api_key"] != "sk-sdkcheck1234" || !r.RetrievedWithoutCredentials {
		t.Errorf("accounts.retrieve: credentials %v, without %v", r.Credentials, r.RetrievedWithoutCredentials)
	}
	if len(r.Apps) < 5 || !slices.IsSorted(r.Apps) || !slices.Contains(r.Apps, "google_sheets") {
		t.Errorf("apps.list q=google, paged by two: %v", r.Apps)
	}
	if s := r.Slack; !strings.HasPrefix(s.ID, "app_") || s.NameSlug != "slack" || s.ImgSrc != e.srv.URL+"/img/slack.svg" || s.ScopeProfiles == 0 {
		t.Errorf("apps.retrieve: %+v", s)
	}
	if m := r.MissingAccount; !m.Thrown || !m.IsPipedreamError || m.StatusCode != 404 || m.Body["error"] != "account not found" {
		t.Errorf("accounts.retrieve of a missing account: %+v", m)
	}
	if len(r.AfterDelete) != 1 || len(r.Accounts) == 2 && r.AfterDelete[0] != r.Accounts[1].ID {
		t.Errorf("accounts.delete: left %v", r.AfterDelete)
	}
	if r.AfterUserDelete != 0 {
		t.Errorf("users.deleteExternalUser: %d accounts left", r.AfterUserDelete)
	}
	if w := r.WrongSecret; !w.Thrown || w.StatusCode != 401 {
		t.Errorf("wrong client secret: %+v", w)
	}
	if len(r.Users) != 2 || r.Users[0].ExternalID != user || r.Users[1].ExternalID != "someone-else" || !strings.HasPrefix(r.Users[0].ID, "exu_") {
		t.Errorf("users.list, paged by one: %+v", r.Users)
	}
	if !slices.Equal(r.UsersFound, []string{"someone-else"}) {
		t.Errorf("users.list q=SOME: %v", r.UsersFound)
	}
	checkSDKProxy(t, r)
	others := e.listIDs(accountsPath + "?external_user_id=someone-else")
	if len(others) != 1 {
		t.Errorf("another user's accounts touched: %v", others)
	}
}

// sdkProxyLimit is the proxy limit TestOfficialSDK runs with.
const sdkProxyLimit = 10

// checkSDKProxy checks what the official client's proxy calls got.
func checkSDKProxy(t *testing.T, r sdkResult) {
	t.Helper()
	const api = "https://slack.com/api/"
	want := map[string]struct{ url, body string }{
		"get":    {api + "users.list?limit=2", ""},
		"post":   {api + "chat.meMessage", `{"channel":"C1","text":"hi"}`},
		"put":    {api + "things/1", `{"n":1}`},
		"patch":  {api + "things/1", `{"n":2}`},
		"delete": {api + "things/1", ""},
	}
	for m, w := range want {
		got := r.Proxy[m]
		if got.Method != strings.ToUpper(m) || got.URL != w.url || got.Body != w.body ||
			!strings.HasPrefix(got.Headers["authorization"], "Bearer ****") {
			t.Errorf("proxy.%s: provider got %+v", m, got)
		}
	}
	if r.Proxy["get"].Headers["x-trace"] != "sdk" {
		t.Errorf("proxy.get's headers reached the provider as %v", r.Proxy["get"].Headers)
	}
	if f := r.ProxyForeign; !f.Thrown || f.StatusCode != 403 || f.Body["error"] != "Domain example.com is not allowed for this app" {
		t.Errorf("proxy to a foreign domain: %+v", f)
	}
	if f := r.ProxyOtherUser; !f.Thrown || f.StatusCode != 404 {
		t.Errorf("proxy with another user's account: %+v", f)
	}
	// Seven proxy requests above, three more allowed.
	if l := r.ProxyLimited; !l.Thrown || l.StatusCode != 429 || !l.TooMany || l.After != sdkProxyLimit-7 {
		t.Errorf("proxy past the limit: %+v", l)
	}
}

// npmCI installs the official SDK in dir unless it is there.
// runSDKCheck runs script of testdata/sdkcheck with node, after npm ci
// there, with env added to the environment, and decodes the JSON it prints
// into out; it returns what it printed.
func runSDKCheck(t *testing.T, script string, out any, env ...string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: the official SDK check needs Node.js 18+ and npm")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "sdkcheck"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	npmCI(t, ctx, dir)

	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.Bytes())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("decode %s: %v", stdout, err)
	}
	return stdout
}

func npmCI(t *testing.T, ctx context.Context, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@pipedream", "sdk", "package.json")); err == nil {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is not installed: the official SDK check needs Node.js 18+ and npm")
	}
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
}
