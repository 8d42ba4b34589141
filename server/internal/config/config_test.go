package config

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env is a fake environment.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func load(t *testing.T, args []string, e env, files map[string]string) (Config, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return Load(args, e.get, dir, io.Discard)
}

func TestDefaultsRunTheSandbox(t *testing.T) {
	c, err := load(t, nil, env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.UsesSandbox() || c.Addr != DefaultAddr || c.Sandbox.Addr != DefaultSandboxAddr ||
		c.Sandbox.ClientID != "sbx_client" || c.Sandbox.ProjectID != "proj_sandbox" ||
		c.Environment != "development" || c.TokenRate != 100 || c.DataDir != "data" || c.Sandbox.TokenRetention != time.Hour {
		t.Errorf("defaults: %+v", c)
	}
}

// TestPrecedence: flags over the environment over .env.local over .env.
func TestPrecedence(t *testing.T) {
	files := map[string]string{
		".env":       "ADDR=localhost:1000\nSANDBOX_ADDR=localhost:1001\nLOG_LEVEL=warn\nPUBLIC_URL=http://from-env-file\n",
		".env.local": "# the quickstart's file\nSANDBOX_ADDR=localhost:2001\nPUBLIC_URL=\"http://from-local\"\n",
	}
	c, err := load(t, []string{"-addr", "127.0.0.1:4000"}, env{"PUBLIC_URL": "https://from-environment"}, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct{ name, got, want string }{
		{"addr", c.Addr, "127.0.0.1:4000"},
		{"sandbox addr", c.Sandbox.Addr, "localhost:2001"},
		{"log level", c.LogLevel, "warn"},
		{"public url", c.PublicURL, "https://from-environment"},
	} {
		if g.got != g.want {
			t.Errorf("%s = %q, want %q", g.name, g.got, g.want)
		}
	}
}

func TestCredentialsTurnTheSandboxOff(t *testing.T) {
	c, err := load(t, nil, env{}, map[string]string{".env.local": `PIPEDREAM_CLIENT_ID=id
PIPEDREAM_CLIENT_SECRET=secret
PIPEDREAM_PROJECT_ENVIRONMENT=production
PIPEDREAM_PROJECT_ID=proj_abc123
`})
	if err != nil {
		t.Fatal(err)
	}
	if c.UsesSandbox() || c.ClientSecret != "secret" || c.ProjectID != "proj_abc123" || c.Environment != "production" ||
		c.APIURL != "https://api.pipedream.com" || c.FrontendURL != "https://pipedream.com" {
		t.Errorf("%+v", c)
	}
}

// TestWrongSettingsStopWithOneLine checks each wrong setting is refused
// with one line naming it.
func TestWrongSettingsStopWithOneLine(t *testing.T) {
	creds := env{"PIPEDREAM_CLIENT_ID": "id", "PIPEDREAM_CLIENT_SECRET": "s", "PIPEDREAM_PROJECT_ID": "proj_x1"}
	with := func(e env, k, v string) env {
		out := env{k: v}
		for kk, vv := range e {
			if kk != k {
				out[kk] = vv
			}
		}
		return out
	}
	for _, c := range []struct {
		name string
		args []string
		env  env
		want string
	}{
		{"secret without id", nil, env{"PIPEDREAM_CLIENT_SECRET": "s"}, "PIPEDREAM_CLIENT_SECRET is set but PIPEDREAM_CLIENT_ID is not"},
		{"project without id", nil, env{"PIPEDREAM_PROJECT_ID": "proj_a"}, "PIPEDREAM_PROJECT_ID is set but PIPEDREAM_CLIENT_ID is not"},
		{"id without secret", nil, with(creds, "PIPEDREAM_CLIENT_SECRET", ""), "PIPEDREAM_CLIENT_SECRET is not"},
		{"id without project", nil, with(creds, "PIPEDREAM_PROJECT_ID", ""), "PIPEDREAM_PROJECT_ID is not"},
		{"bad project id", nil, with(creds, "PIPEDREAM_PROJECT_ID", "project-1"), `PIPEDREAM_PROJECT_ID "project-1" must be proj_`},
		{"bad environment", nil, env{"PIPEDREAM_PROJECT_ENVIRONMENT": "staging"}, `PIPEDREAM_PROJECT_ENVIRONMENT "staging" must be development or production`},
		{"bad address", []string{"-addr", "localhost"}, env{}, `ADDR "localhost" must be host:port`},
		{"bad port", nil, env{"ADDR": "localhost:99999"}, `ADDR "localhost:99999" has no valid port`},
		{"bad sandbox address", nil, env{"SANDBOX_ADDR": "nowhere"}, `SANDBOX_ADDR "nowhere" must be host:port`},
		{"bad sandbox proxy url", nil, env{"SANDBOX_PROXY_URL": "localhost:8080"}, `SANDBOX_PROXY_URL "localhost:8080" must be an http(s) URL`},
		{"bad test request method", nil, env{"TEST_REQUEST_METHODS": "GET,HEAD"}, `TEST_REQUEST_METHODS: "HEAD" is not one of`},
		{"same addresses", nil, env{"SANDBOX_ADDR": "localhost:3000"}, "is the app's own address"},
		{"bad api url", nil, env{"PIPEDREAM_API_URL": "api.pipedream.com"}, `PIPEDREAM_API_URL "api.pipedream.com" must be an http(s) URL`},
		{"bad frontend url", nil, env{"PIPEDREAM_FRONTEND_URL": "ftp://x"}, "PIPEDREAM_FRONTEND_URL"},
		{"public url with a path", nil, env{"PUBLIC_URL": "https://app.example.com/x"}, "must be an origin"},
		{"short session secret", nil, env{"SESSION_SECRET": "short"}, "SESSION_SECRET must be at least 32 characters"},
		{"bad log level", nil, env{"LOG_LEVEL": "loud"}, `LOG_LEVEL "loud"`},
		{"bad token rate", nil, env{"TOKEN_RATE_PER_MINUTE": "0"}, "TOKEN_RATE_PER_MINUTE"},
		{"bad token retention", nil, env{"SANDBOX_TOKEN_RETENTION": "10"}, `SANDBOX_TOKEN_RETENTION "10" must be a duration`},
		{"short token retention", nil, env{"SANDBOX_TOKEN_RETENTION": "1ms"}, "SANDBOX_TOKEN_RETENTION"},
		{"bad session rate", nil, env{"SESSION_RATE_PER_MINUTE": "many"}, "SESSION_RATE_PER_MINUTE"},
		{"short webhook secret", nil, env{"WEBHOOK_SECRET": "short"}, "WEBHOOK_SECRET must be at least 32 characters"},
		{"redis url not redis", nil, env{"REDIS_URL": "http://user:hunter2@localhost:6379"}, "REDIS_URL must be a redis:// or rediss:// URL"},
		{"redis url without host", nil, env{"REDIS_URL": "redis://"}, "REDIS_URL must be"},
		{"trusted proxy not an address", nil, env{"TRUSTED_PROXIES": "10.0.0.1, proxy.local"}, `TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR prefix`},
		{"trusted proxy bad prefix", nil, env{"TRUSTED_PROXIES": "10.0.0.0/40"}, `TRUSTED_PROXIES: "10.0.0.0/40"`},
		{"stray argument", []string{"serve"}, env{}, `unexpected argument "serve"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.args, c.env, nil)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line containing %q", msg, c.want)
			}
		})
	}
}

func TestUnreadableDotenvIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".env"), 0o755); err != nil { // a directory, not a file
		t.Fatal(err)
	}
	if _, err := Load(nil, env{}.get, dir, io.Discard); err == nil || !strings.Contains(err.Error(), ".env") {
		t.Errorf("err = %v", err)
	}
}

func TestHelp(t *testing.T) {
	var out strings.Builder
	_, err := Load([]string{"-h"}, env{}.get, t.TempDir(), &out)
	if !errors.Is(err, ErrHelp) || !strings.Contains(out.String(), "-sandbox-reset") {
		t.Errorf("err %v, usage:\n%s", err, out.String())
	}
}
