// Package config reads the server's settings: command-line flags first, then
// the environment, then the quickstart's .env.local and .env files. Load
// checks every value, so a wrong setting stops start-up with one clear line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Defaults of the settings that have one.
const (
	DefaultAddr        = "localhost:3000"
	DefaultSandboxAddr = "localhost:3001"
	DefaultFrontendURL = "https://pipedream.com"
	DefaultDataDir     = "data"
	DefaultTokenRate   = pipedream.TokensPerMinute // Connect tokens per user per minute
	DefaultSessionRate = 60                        // anonymous sessions started per client address per minute
	DefaultMCPKeyRate  = 300                       // requests per agent key per minute (MCP_KEY_RATE_PER_MINUTE)

	DefaultTokenRetention = time.Hour // spent and expired sandbox tokens
)

// Config is the server's whole configuration.
type Config struct {
	Addr string // the app's listen address, host:port

	// Pipedream project credentials; empty ClientID means sandbox mode.
	ClientID     string
	ClientSecret string // never logged
	ProjectID    string
	Environment  pipedream.Environment // development or production

	APIURL      string // the Connect API's origin
	FrontendURL string // the hosted Connect UI's origin

	// PublicURL is the app's public origin, as browsers reach it. When set,
	// it alone is the Connect tokens' allowed origin and it receives the
	// webhooks; when empty, the origin of each same-origin request is.
	PublicURL string

	// SessionSecret signs the anonymous session cookie. Empty means a key
	// kept in DataDir/session.key, made on first start.
	SessionSecret string
	DataDir       string // the server's state: the sandbox's database, the session key

	// WebhookSecret keys the signed webhook URIs. Empty means a key derived
	// from the session key.
	WebhookSecret string
	// RedisURL, when set, is the Redis that replicas share limits and live
	// events through.
	RedisURL string

	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none by default.
	TrustedProxies clientaddr.Proxies

	TokenRate   int // Connect tokens per user per minute
	SessionRate int // anonymous sessions started per client address per minute
	// TestRequestMethods are the methods a "Send a test request" may use
	// through the Connect proxy; GET by default.
	TestRequestMethods []string
	LogLevel           string

	// MCPKeyRate is how many requests one agent key may make per minute.
	MCPKeyRate int
	// MCPStdioUser, when set, makes the binary serve that external user's
	// tools over MCP on stdin and stdout instead of serving the app.
	MCPStdioUser string
	// MCPStdioApps are apps whose tools the stdio server lists even before
	// the user connects them (a call then answers a Connect Link).
	MCPStdioApps []string

	Sandbox Sandbox
}

// Sandbox configures the built-in sandbox, run when no ClientID is set.
type Sandbox struct {
	Addr         string // listen address, host:port
	ClientID     string
	ClientSecret string
	ProjectID    string
	Reset        bool // clear its accounts and tokens at start
	// ProxyURL, when set, is where the sandbox's Connect proxy forwards
	// requests (target path and query appended) instead of answering as a
	// simulated provider.
	ProxyURL string
	// TimerMinimum is the shortest interval its timer triggers fire at
	// (SANDBOX_TIMER_MINIMUM; the service's minute by default).
	TimerMinimum time.Duration
	// TriggerWebhooksAnywhere lets its deployed triggers send events to
	// any host, not only loopback and PUBLIC_URL
	// (SANDBOX_TRIGGER_WEBHOOKS_ANYWHERE=true).
	TriggerWebhooksAnywhere bool
	// TokenRetention is how long it keeps a spent or expired token.
	TokenRetention time.Duration
}

// UsesSandbox reports whether the server runs the sandbox: no Pipedream
// credentials were given.
func (c Config) UsesSandbox() bool { return c.ClientID == "" }

// SessionKeyPath is where the session key is kept when no SessionSecret is
// configured.
func (c Config) SessionKeyPath() string { return filepath.Join(c.DataDir, "session.key") }

// ErrHelp is returned by Load for -h and -help, after the usage was printed.
var ErrHelp = flag.ErrHelp

// Load reads the configuration from args (without the program name), the
// environment as getenv sees it, and the .env.local and .env files in dir.
// Usage and flag errors are written to usage.
func Load(args []string, getenv func(string) string, dir string, usage io.Writer) (Config, error) {
	files, err := readDotenv(dir)
	if err != nil {
		return Config{}, err
	}
	get := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		if v := files[key]; v != "" {
			return v
		}
		return def
	}

	var c Config
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(usage)
	fs.StringVar(&c.Addr, "addr", get("ADDR", DefaultAddr), "the app's listen `address` (ADDR)")
	fs.StringVar(&c.Sandbox.Addr, "sandbox-addr", get("SANDBOX_ADDR", DefaultSandboxAddr), "the sandbox's listen `address` (SANDBOX_ADDR)")
	fs.BoolVar(&c.Sandbox.Reset, "sandbox-reset", false, "clear the sandbox's accounts and tokens at start")
	fs.StringVar(&c.PublicURL, "public-url", get("PUBLIC_URL", ""), "the app's public `origin`, e.g. https://app.example.com (PUBLIC_URL)")
	fs.StringVar(&c.DataDir, "data", get("DATA_DIR", DefaultDataDir), "the `directory` of the server's state (DATA_DIR)")
	fs.StringVar(&c.MCPStdioUser, "mcp-stdio", "", "serve the MCP tools of the external `user` over stdio instead of the app (for local agents that start a process)")
	var apps string
	fs.StringVar(&apps, "mcp-apps", "", "with -mcp-stdio: comma-separated app `slugs` whose tools are listed even before they are connected")
	fs.StringVar(&c.LogLevel, "log-level", get("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}

	c.ClientID = get("PIPEDREAM_CLIENT_ID", "")
	c.ClientSecret = get("PIPEDREAM_CLIENT_SECRET", "")
	c.ProjectID = get("PIPEDREAM_PROJECT_ID", "")
	c.Environment = pipedream.Environment(get("PIPEDREAM_PROJECT_ENVIRONMENT", string(pipedream.Development)))
	c.APIURL = get("PIPEDREAM_API_URL", pipedream.DefaultBaseURL)
	c.FrontendURL = get("PIPEDREAM_FRONTEND_URL", DefaultFrontendURL)
	c.SessionSecret = get("SESSION_SECRET", "")
	c.Sandbox.ClientID = get("SANDBOX_CLIENT_ID", sandbox.DefaultClientID)
	c.Sandbox.ClientSecret = get("SANDBOX_CLIENT_SECRET", sandbox.DefaultClientSecret)
	c.Sandbox.ProjectID = get("SANDBOX_PROJECT_ID", sandbox.DefaultProjectID)
	c.Sandbox.TokenRetention = DefaultTokenRetention
	if v := get("SANDBOX_TOKEN_RETENTION", ""); v != "" {
		if c.Sandbox.TokenRetention, err = time.ParseDuration(v); err != nil || c.Sandbox.TokenRetention < time.Second {
			return Config{}, fmt.Errorf("config: SANDBOX_TOKEN_RETENTION %q must be a duration of at least 1s, such as 1h", v)
		}
	}
	c.Sandbox.ProxyURL = get("SANDBOX_PROXY_URL", "")
	if v := get("SANDBOX_TIMER_MINIMUM", ""); v != "" {
		if c.Sandbox.TimerMinimum, err = time.ParseDuration(v); err != nil || c.Sandbox.TimerMinimum < 10*time.Millisecond {
			return Config{}, fmt.Errorf("config: SANDBOX_TIMER_MINIMUM %q must be a duration of at least 10ms, such as 1s", v)
		}
	}
	if v := get("SANDBOX_TRIGGER_WEBHOOKS_ANYWHERE", ""); v != "" {
		if c.Sandbox.TriggerWebhooksAnywhere, err = strconv.ParseBool(v); err != nil {
			return Config{}, fmt.Errorf("config: SANDBOX_TRIGGER_WEBHOOKS_ANYWHERE %q must be true or false", v)
		}
	}
	c.WebhookSecret = get("WEBHOOK_SECRET", "")
	c.RedisURL = get("REDIS_URL", "")
	if c.TrustedProxies, err = clientaddr.Parse(get("TRUSTED_PROXIES", "")); err != nil {
		return Config{}, fmt.Errorf("config: TRUSTED_PROXIES: %w", err)
	}
	for _, m := range strings.Split(get("TEST_REQUEST_METHODS", "GET"), ",") {
		if m = strings.ToUpper(strings.TrimSpace(m)); m != "" {
			c.TestRequestMethods = append(c.TestRequestMethods, m)
		}
	}
	for _, r := range []struct {
		name string
		def  int
		to   *int
	}{{"TOKEN_RATE_PER_MINUTE", DefaultTokenRate, &c.TokenRate}, {"SESSION_RATE_PER_MINUTE", DefaultSessionRate, &c.SessionRate},
		{"MCP_KEY_RATE_PER_MINUTE", DefaultMCPKeyRate, &c.MCPKeyRate}} {
		*r.to = r.def
		if v := get(r.name, ""); v != "" {
			if _, err := fmt.Sscan(v, r.to); err != nil || *r.to < 1 {
				return Config{}, fmt.Errorf("config: %s %q must be a positive whole number", r.name, v)
			}
		}
	}
	for _, a := range strings.Split(apps, ",") {
		if a = strings.TrimSpace(a); a != "" {
			c.MCPStdioApps = append(c.MCPStdioApps, a)
		}
	}
	if len(c.MCPStdioUser) > pipedream.MaxExternalUserIDLen {
		return Config{}, fmt.Errorf("config: -mcp-stdio: an external user id has at most %d characters", pipedream.MaxExternalUserIDLen)
	}
	if err := c.check(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// readDotenv reads .env.local over .env from dir; a missing file is fine.
func readDotenv(dir string) (map[string]string, error) {
	vals := map[string]string{}
	for _, name := range []string{".env", ".env.local"} {
		path := filepath.Join(dir, name)
		m, err := godotenv.Read(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("config: read %s: %w", path, err)
		}
		for k, v := range m {
			vals[k] = v
		}
	}
	return vals, nil
}
