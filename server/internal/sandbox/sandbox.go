// Package sandbox is a local stand-in for Pipedream Connect: the REST API
// the official SDK and server/pipedream speak (OAuth client credentials,
// Connect tokens, accounts, apps, users, the Connect proxy, components:
// actions and triggers), with the official paths and shapes, so the whole
// stack runs offline and tests run end to end. Behind the proxy and the
// components stands a simulated provider (package provider) that keeps
// each account's data, so what one call changes the next one sees.
package sandbox

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/components"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/trigger"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Default sandbox credentials and project, matching the SANDBOX_* defaults.
const (
	DefaultClientID     = "sbx_client"
	DefaultClientSecret = "sbx_secret"
	DefaultProjectID    = "proj_sandbox"
)

// Options configure a Sandbox. Zero values take the documented defaults.
type Options struct {
	ClientID     string // accepted OAuth client id; default sbx_client
	ClientSecret string // accepted OAuth client secret; default sbx_secret
	ProjectID    string // the one project; default proj_sandbox

	// BaseURL is the sandbox's public origin, e.g. http://localhost:3001,
	// used in connect_link_url and img_src. Required.
	BaseURL string

	// ProjectName and SupportEmail are reported by token validation as
	// project_app_name and project_support_email.
	ProjectName  string
	SupportEmail string

	// Store keeps the state; nil means a fresh in-memory store. The Sandbox
	// closes it on Close.
	Store store.Store
	// Logger receives request and webhook logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// AccessTokenTTL is the life of an OAuth access token; default one hour.
	AccessTokenTTL time.Duration
	// HTTPClient delivers webhooks; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// WebhookBackoff is the wait before the first webhook retry, doubled
	// for each next one; default one second.
	WebhookBackoff time.Duration
	// TokenRetention is how long a spent or expired Connect token is kept,
	// so that validation says "already used" or "expired" rather than
	// "invalid"; default one hour.
	TokenRetention time.Duration
	// SweepEvery is how often tokens past their retention are removed (and
	// once at start); default one minute, or TokenRetention when shorter.
	SweepEvery time.Duration
	// ProxyLimit is how many Connect proxy requests a project may make
	// per 5 minutes; default DefaultProxyLimit, the service's.
	ProxyLimit int
	// TriggerWebhookOrigins are the origins, besides loopback, that a
	// deployed trigger's webhook URLs may point at: the configured app's.
	TriggerWebhookOrigins []string
	// TriggerWebhooksAnywhere lets webhook URLs point at any host.
	TriggerWebhooksAnywhere bool
	// TimerMinimum is the shortest interval a timer trigger fires at; the
	// service's is a minute (the default), tests set less.
	TimerMinimum time.Duration
	// ProxyUpstream, when set, is an http(s) base URL the Connect proxy
	// forwards to (target path and query appended, the target's host in
	// X-Forwarded-Host) through HTTPClient. Empty: the proxy answers as a
	// simulated provider echoing what it received.
	ProxyUpstream string
}

// Sandbox is a running sandbox service. Its Handler serves the API.
type Sandbox struct {
	opts    Options
	host    string // BaseURL's host name, lower case
	store   store.Store
	catalog *catalog.Catalog
	hooks   *webhook.Dispatcher
	log     *slog.Logger
	now     func() time.Time
	signer  accessTokens
	limiter *ratelimit.PerKey
	handler http.Handler

	sweeps       atomic.Int64 // finished sweeps
	stopSweep    context.CancelFunc
	sweepDone    chan struct{}
	proxyLimiter *ratelimit.PerKey
	upstream     *url.URL // nil: the simulated provider
	triggers     *trigger.Engine
	deliveries   *trigger.Deliverer

	// provider is the simulated provider's per-account state, which the
	// components and the proxy (without ProxyUpstream) act on.
	provider   *provider.Provider
	components *components.Registry

	closeOnce sync.Once
	closeErr  error
}

// New returns a sandbox configured by opts.
func New(opts Options) (*Sandbox, error) {
	if opts.ClientID == "" {
		opts.ClientID = DefaultClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = DefaultClientSecret
	}
	if opts.ProjectID == "" {
		opts.ProjectID = DefaultProjectID
	}
	if opts.ProjectName == "" {
		opts.ProjectName = "Pipedream Connect Sandbox"
	}
	base, err := url.Parse(opts.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("sandbox: BaseURL %q must be an absolute http(s) origin", opts.BaseURL)
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	if opts.Store == nil {
		opts.Store = store.NewMemory()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = time.Hour
	}
	if opts.TokenRetention <= 0 {
		opts.TokenRetention = defaultTokenRetention
	}
	if opts.SweepEvery <= 0 {
		opts.SweepEvery = min(defaultSweepEvery, opts.TokenRetention)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.ProxyLimit <= 0 {
		opts.ProxyLimit = DefaultProxyLimit
	}
	var upstream *url.URL
	if opts.ProxyUpstream != "" {
		upstream, err = url.Parse(opts.ProxyUpstream)
		if err != nil || (upstream.Scheme != "http" && upstream.Scheme != "https") || upstream.Host == "" || upstream.RawQuery != "" {
			return nil, fmt.Errorf("sandbox: ProxyUpstream %q must be an absolute http(s) URL without a query", opts.ProxyUpstream)
		}
	}
	s := &Sandbox{
		opts:    opts,
		host:    strings.ToLower(base.Hostname()),
		store:   opts.Store,
		catalog: catalog.New(opts.BaseURL),
		hooks: webhook.New(webhook.Options{
			Client:  opts.HTTPClient,
			Logger:  opts.Logger,
			Backoff: opts.WebhookBackoff,
		}),
		log:     opts.Logger,
		now:     opts.Now,
		signer:  newAccessTokens(opts.ClientID, opts.ClientSecret),
		limiter: ratelimit.New(pipedream.TokensPerMinute, time.Minute),

		proxyLimiter: ratelimit.New(opts.ProxyLimit, proxyPeriod),
		upstream:     upstream,
		provider:     provider.New(opts.Now, persister(opts.Store)),
	}
	s.components = components.New(s.provider)
	if s.triggers, s.deliveries, err = s.newTriggers(); err != nil {
		_ = s.hooks.Close()
		_ = s.provider.Close()
		return nil, err
	}
	if err := s.triggers.Load(context.Background()); err != nil {
		_ = s.triggers.Close()
		s.deliveries.Close()
		_ = s.hooks.Close()
		_ = s.provider.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s.dropTriggersOfDeletedAccounts(context.Background()) // deleted while a save was pending
	s.handler = s.routes()
	s.sweep(context.Background())
	ctx, stop := context.WithCancel(context.Background())
	s.stopSweep, s.sweepDone = stop, make(chan struct{})
	go s.sweepLoop(ctx, s.sweepDone)
	return s, nil
}

// Handler returns the HTTP handler serving the sandbox.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Reset clears the sandbox's state: tokens, accounts, the simulated
// provider's data and the deployed triggers.
func (s *Sandbox) Reset(ctx context.Context) error {
	if err := s.store.Reset(ctx); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	s.provider.Reset()
	s.triggers.Reset()
	return nil
}

// persister is st when it can keep the simulated provider's state (the
// bbolt store does), else nil: the state lives as long as the process.
func persister(st store.Store) provider.Persister {
	if p, ok := st.(provider.Persister); ok {
		return p
	}
	return nil
}

// Provider returns the simulated provider, to subscribe to its changes.
func (s *Sandbox) Provider() *provider.Provider { return s.provider }

// project describes the sandbox's project for token validation.
func (s *Sandbox) project() validate.Project {
	return validate.Project{ID: s.opts.ProjectID, Name: s.opts.ProjectName, SupportEmail: s.opts.SupportEmail}
}

// Close stops the sweeps and webhook deliveries and closes the store. It
// is safe to call more than once.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		s.stopSweep()
		<-s.sweepDone
		_ = s.hooks.Close()
		if err := s.triggers.Close(); err != nil {
			s.log.Error("sandbox: save the deployed triggers", "err", err)
		}
		s.deliveries.Close()
		if err := s.provider.Close(); err != nil {
			s.log.Error("sandbox: save the simulated provider's state", "err", err)
		}
		if err := s.store.Close(); err != nil {
			s.closeErr = fmt.Errorf("sandbox: close store: %w", err)
		}
	})
	return s.closeErr
}
