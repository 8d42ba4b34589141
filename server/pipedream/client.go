package pipedream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by [New] to a zero [Config] field.
const (
	DefaultBaseURL       = "https://api.pipedream.com"
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRetries    = 3
	DefaultMinRetryDelay = 500 * time.Millisecond
	DefaultMaxRetryDelay = 30 * time.Second
)

// Environment is a project's environment: its accounts, users and tokens
// are separate from the other environment's.
type Environment string

// The two environments of a project.
const (
	Development Environment = "development"
	Production  Environment = "production"
)

// Transport details: the header every call names the environment in, the
// largest page a list endpoint returns, and the User-Agent sent.
const (
	environmentHeader = "x-pd-environment"
	environmentKey    = "X-Pd-Environment" // environmentHeader, canonical
	maxPageLimit      = 100
	userAgent         = "pdconnect-go/1"
)

// isProjectID reports whether id is proj_ followed by ASCII letters and
// digits. (The package uses no regexp: a package-level one would be
// compiled, and regexp linked, in every program importing it, app.wasm
// among them.)
func isProjectID(id string) bool {
	rest, ok := strings.CutPrefix(id, "proj_")
	return ok && rest != "" && strings.IndexFunc(rest, func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}) < 0
}

// Config configures a [Client]. ClientID, ClientSecret, ProjectID and
// Environment are required; every other field has a default.
type Config struct {
	ClientID     string      // OAuth client id
	ClientSecret string      // OAuth client secret; never logged
	ProjectID    string      // proj_ followed by letters and digits
	Environment  Environment // Development or Production

	// BaseURL is the API origin, optionally with a path prefix.
	// Default DefaultBaseURL.
	BaseURL string
	// Scopes narrow the access token (for example "connect:*"); empty
	// means the service's default, "*".
	Scopes []string
	// HTTPClient is the base client for every request, access token
	// requests included. Default: http.DefaultTransport's settings, but
	// keeping up to 128 idle connections to the API instead of 2,
	// since every call goes to that one host.
	HTTPClient *http.Client
	// Timeout bounds one method call, retries and waits included.
	// Default DefaultTimeout.
	Timeout time.Duration
	// MaxRetries bounds the retries after a first attempt. Zero means
	// DefaultMaxRetries; a negative value disables retries.
	MaxRetries int
	// MinRetryDelay is the first backoff delay, doubled on every retry.
	// Default DefaultMinRetryDelay.
	MinRetryDelay time.Duration
	// MaxRetryDelay caps any wait between attempts. A Retry-After longer
	// than this ends the call with the *APIError instead of waiting.
	// Default DefaultMaxRetryDelay.
	MaxRetryDelay time.Duration
	// WorkflowDomain is the domain of the workflow endpoints InvokeWorkflow
	// may reach (PIPEDREAM_WORKFLOW_DOMAIN). Default DefaultWorkflowDomain.
	WorkflowDomain string
	// Logger receives one debug record per attempt (method, path, status,
	// duration) and warnings on retries. Default: discard.
	Logger *slog.Logger
}

// Client calls the Connect API for one project. It is safe for concurrent
// use; all goroutines share one cached access token.
type Client struct {
	projectID  string
	env        Environment
	envHeader  []string // env as a header value, shared by every request
	baseURL    string   // no trailing slash
	hc         *http.Client
	auth       *accessTokens
	timeout    time.Duration
	maxRetries int
	minDelay   time.Duration
	maxDelay   time.Duration
	log        *slog.Logger
	// workflowDomain is Config.WorkflowDomain, lower case.
	workflowDomain string

	// Test hooks.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

// New validates cfg, fills in defaults and returns a Client. It makes no
// network call: the first access token is fetched by the first API call.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("pipedream: invalid config: %w", err)
	}
	cfg.setDefaults()
	c := &Client{
		projectID:  cfg.ProjectID,
		env:        cfg.Environment,
		envHeader:  []string{string(cfg.Environment)},
		baseURL:    strings.TrimSuffix(cfg.BaseURL, "/"),
		hc:         cfg.HTTPClient,
		timeout:    cfg.Timeout,
		maxRetries: max(cfg.MaxRetries, 0),
		minDelay:   cfg.MinRetryDelay,
		maxDelay:   cfg.MaxRetryDelay,
		log:        cfg.Logger,
		sleep:      sleepCtx,
		now:        time.Now,

		workflowDomain: strings.ToLower(strings.Trim(cfg.WorkflowDomain, ".")),
	}
	c.auth = newAccessTokens(cfg, c.baseURL+tokenPath, c.log)
	return c, nil
}

func (cfg *Config) validate() error {
	var errs []error
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("client id is required"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("client secret is required"))
	}
	if !isProjectID(cfg.ProjectID) {
		errs = append(errs, fmt.Errorf("project id %q must be proj_ followed by letters and digits", cfg.ProjectID))
	}
	if cfg.Environment != Development && cfg.Environment != Production {
		errs = append(errs, fmt.Errorf("environment %q must be %q or %q", cfg.Environment, Development, Production))
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("base url: %w", err))
		case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
			errs = append(errs, fmt.Errorf("base url %q must be an absolute http or https URL", cfg.BaseURL))
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			errs = append(errs, fmt.Errorf("base url %q must not carry a query, fragment or user info", cfg.BaseURL))
		}
	}
	if cfg.Timeout < 0 || cfg.MinRetryDelay < 0 || cfg.MaxRetryDelay < 0 {
		errs = append(errs, errors.New("durations must not be negative"))
	}
	return errors.Join(errs...)
}

// maxIdleConns is how many idle connections to the API the default client
// keeps: enough for a busy server's concurrent calls to reuse them rather
// than open (and leave in TIME_WAIT) a connection per call.
const maxIdleConns = 128

func (cfg *Config) setDefaults() {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.HTTPClient == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns, t.MaxIdleConnsPerHost = maxIdleConns, maxIdleConns
		cfg.HTTPClient = &http.Client{Transport: t}
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MinRetryDelay == 0 {
		cfg.MinRetryDelay = DefaultMinRetryDelay
	}
	if cfg.MaxRetryDelay == 0 {
		cfg.MaxRetryDelay = DefaultMaxRetryDelay
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.WorkflowDomain == "" {
		cfg.WorkflowDomain = DefaultWorkflowDomain
	}
}
