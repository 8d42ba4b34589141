// Command server is the whole product in one binary: the PWA, the widget and
// the app's API on ADDR, and, when no Pipedream credentials are configured,
// the built-in sandbox on SANDBOX_ADDR, which the app then uses exactly as it
// would use Pipedream. See the README for the settings.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectredis"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/internal/config"
	"github.com/pdconnect/pdconnect/server/internal/rawerrors"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// shutdownGrace is how long in-flight requests may take to finish after
// SIGINT or SIGTERM.
const shutdownGrace = 15 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, config.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, ".", stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.Level()}))

	if cfg.MCPStdioUser != "" {
		return runStdio(ctx, cfg, log)
	}
	appLn, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on ADDR %s: %w", cfg.Addr, err)
	}
	appURL := baseURL(cfg.Addr, appLn)
	webhookURL := ""
	switch {
	case cfg.PublicURL != "":
		webhookURL = cfg.PublicURL + "/api/connect/webhook"
	case cfg.UsesSandbox():
		// The sandbox runs beside the app, so it can deliver webhooks here.
		webhookURL = appURL + "/api/connect/webhook"
	}
	var servers []*http.Server

	if cfg.UsesSandbox() {
		sbxLn, err := net.Listen("tcp", cfg.Sandbox.Addr)
		if err != nil {
			appLn.Close()
			return fmt.Errorf("listen on SANDBOX_ADDR %s: %w", cfg.Sandbox.Addr, err)
		}
		sbxURL := baseURL(cfg.Sandbox.Addr, sbxLn)
		sbx, err := startSandbox(ctx, cfg, sbxURL, log)
		if err != nil {
			appLn.Close()
			sbxLn.Close()
			return err
		}
		defer sbx.Close()
		servers = append(servers, serve(rawerrors.Listener(sbxLn, sandboxErrorBody), rawerrors.Handler(sbx.Handler(), sandboxErrorBody), log))
		cfg.APIURL, cfg.FrontendURL = sbxURL, sbxURL
		cfg.ClientID, cfg.ClientSecret, cfg.ProjectID = cfg.Sandbox.ClientID, cfg.Sandbox.ClientSecret, cfg.Sandbox.ProjectID
		log.Info("sandbox: no PIPEDREAM_CLIENT_ID configured, so the app uses the built-in sandbox", "url", sbxURL)
	}

	shared, err := openShared(ctx, cfg, log)
	if err != nil {
		appLn.Close()
		shutdown(servers, log)
		return err
	}
	defer shared.close()
	app, err := appHandler(cfg, webhookURL, shared, log)
	if err != nil {
		appLn.Close()
		shutdown(servers, log)
		return err
	}
	appSrv := serve(rawerrors.Listener(appLn, appErrorBody), rawerrors.Handler(app, appErrorBody), log)
	appSrv.RegisterOnShutdown(app.EndStreams) // event streams never go idle by themselves
	servers = append(servers, appSrv)
	log.Info("serving the app", "url", appURL, "connect_api", cfg.APIURL, "hosted_ui", cfg.FrontendURL)

	<-ctx.Done()
	log.Info("shutting down: letting in-flight requests finish", "grace", shutdownGrace)
	return shutdown(servers, log)
}

// startSandbox opens the sandbox's database in the data directory and
// starts the sandbox at base.
func startSandbox(ctx context.Context, cfg config.Config, base string, log *slog.Logger) (*sandbox.Sandbox, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox: data directory: %w", err)
	}
	st, err := store.OpenBolt(filepath.Join(cfg.DataDir, "sandbox.db"))
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	sbx, err := sandbox.New(sandbox.Options{
		ClientID: cfg.Sandbox.ClientID, ClientSecret: cfg.Sandbox.ClientSecret, ProjectID: cfg.Sandbox.ProjectID,
		BaseURL: base, ProjectName: "Pipedream Connect (Go)", Store: st, Logger: log.With("component", "sandbox"),
		TokenRetention: cfg.Sandbox.TokenRetention,
		ProxyUpstream:  cfg.Sandbox.ProxyURL,
		TimerMinimum:   cfg.Sandbox.TimerMinimum,

		TriggerWebhooksAnywhere: cfg.Sandbox.TriggerWebhooksAnywhere,
		TriggerWebhookOrigins:   publicOrigins(cfg.PublicURL),
	})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if cfg.Sandbox.Reset {
		if err := sbx.Reset(ctx); err != nil {
			sbx.Close()
			return nil, fmt.Errorf("sandbox: reset: %w", err)
		}
		log.Info("sandbox: cleared its accounts and tokens (-sandbox-reset)")
	}
	return sbx, nil
}

// publicOrigins is the app's public origin, when set, as the sandbox's
// trigger webhooks may reach it.
func publicOrigins(publicURL string) []string {
	if publicURL == "" {
		return nil
	}
	return []string{publicURL}
}

// shared is what replicas share through Redis, if any: limits and live
// events. close lets go of Redis.
type shared struct {
	redis  *redis.Client // nil without REDIS_URL
	limits connecthttp.LimiterFactory
	events connecthttp.Hub
	close  func()
}

// openShared connects to REDIS_URL, if set. An unreachable Redis is no
// reason not to start: limits and events then stay in process, with a
// warning, until it answers.
func openShared(ctx context.Context, cfg config.Config, log *slog.Logger) (shared, error) {
	if cfg.RedisURL == "" {
		return shared{events: connecthttp.NewMemoryHub(nil), close: func() {}}, nil
	}
	rd, err := connectredis.Open(ctx, cfg.RedisURL, log.With("component", "redis"))
	if err != nil {
		return shared{}, err
	}
	return shared{redis: rd.Client(), limits: rd.Limits, events: rd.Hub(), close: func() { rd.Close() }}, nil
}

// appHandler wires the site to the Connect API, the sessions and what
// replicas share; tokens name a signed URI at webhookURL, if any.
func appHandler(cfg config.Config, webhookURL string, sh shared, log *slog.Logger) (*site.Site, error) {
	pd, err := newClient(cfg, log)
	if err != nil {
		return nil, err
	}
	keys, err := agentKeys(cfg, sh)
	if err != nil {
		return nil, err
	}
	key := []byte(cfg.SessionSecret)
	if len(key) == 0 {
		if key, err = connectsession.LoadKey(cfg.SessionKeyPath()); err != nil {
			return nil, err
		}
	}
	sessions, err := connectsession.New(key)
	if err != nil {
		return nil, err
	}
	sessions.HTTPS = strings.HasPrefix(cfg.PublicURL, "https://")
	var hooks, triggerHooks connecthttp.Webhooks
	if webhookURL != "" {
		hookKey := []byte(cfg.WebhookSecret)
		if len(hookKey) == 0 {
			hookKey = webhookuri.DeriveKey(key)
		}
		// Trigger events arrive beside the webhooks, at URIs that never
		// expire: a trigger lives until it is deleted.
		if hooks, triggerHooks, err = connecthttp.SignedWebhooks(strings.TrimSuffix(webhookURL, "/connect/webhook"), hookKey); err != nil {
			return nil, err
		}
	} else {
		log.Info("no PUBLIC_URL: Pipedream cannot send webhooks here, so pages refresh their accounts themselves")
	}
	return site.New(site.Options{
		Connect: pd, APIURL: cfg.APIURL, FrontendURL: cfg.FrontendURL, User: sessions.User, Start: sessions.Start,
		SessionRate: cfg.SessionRate, TrustedProxies: cfg.TrustedProxies, PublicURL: cfg.PublicURL, Webhooks: hooks, TriggerWebhooks: triggerHooks, TokenRate: cfg.TokenRate,
		Limits: sh.limits, Events: sh.events, TestRequestMethods: cfg.TestRequestMethods, Logger: log,
		AgentKeys: keys, AgentKeyRate: cfg.MCPKeyRate,
	})
}

// agentKeys is where the agents' keys live: Redis when replicas share
// one (so all know every key and revocation), else a file in DATA_DIR.
func agentKeys(cfg config.Config, sh shared) (agentkeys.Store, error) {
	if sh.redis != nil {
		return agentkeys.NewRedis(sh.redis, "pdconnect:mcpkeys:"), nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("agent keys: data directory: %w", err)
	}
	return agentkeys.OpenFile(filepath.Join(cfg.DataDir, "agent-keys.json"))
}

// newClient is the Connect API's client, as cfg names it.
func newClient(cfg config.Config, log *slog.Logger) (*pipedream.Client, error) {
	return pipedream.New(pipedream.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, ProjectID: cfg.ProjectID,
		Environment: cfg.Environment, BaseURL: cfg.APIURL, Logger: log.With("component", "pipedream"),
	})
}

// appErrorBody and sandboxErrorBody are the app's and the sandbox's JSON
// error shapes, for the answers net/http gives before any handler runs.
func appErrorBody(status int, msg string) any {
	code := connecthttp.CodeBadRequest
	if status == http.StatusMethodNotAllowed {
		code = connecthttp.CodeMethodNotAllowed
	}
	return map[string]any{"error": map[string]string{"code": string(code), "message": msg}}
}

func sandboxErrorBody(_ int, msg string) any { return map[string]string{"error": msg} }

// serve starts an http.Server with timeouts on l.
func serve(l net.Listener, h http.Handler, log *slog.Logger) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve", "addr", l.Addr().String(), "err", err)
		}
	}()
	return srv
}

// shutdown stops the servers, letting in-flight requests finish within
// shutdownGrace.
func shutdown(servers []*http.Server, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	var errs []error
	// The app first: its requests may still need the sandbox.
	for i := len(servers) - 1; i >= 0; i-- {
		if err := servers[i].Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// baseURL is the http URL browsers use for a listener: the configured host
// (localhost when it is empty or unspecified) and the port actually bound.
func baseURL(addr string, l net.Listener) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return "http://" + net.JoinHostPort(host, port)
}
