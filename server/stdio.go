package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/internal/config"
)

// stdioPoll is how often the stdio server re-reads its user's accounts:
// no webhook reaches a process without an HTTP server, so it looks.
const stdioPoll = 3 * time.Second

// runStdio serves the MCP tools of cfg.MCPStdioUser on stdin and stdout
// until the client closes stdin or ctx ends. Without Pipedream
// credentials it uses the sandbox of the app running at SANDBOX_ADDR
// (make run), as that app does. With REDIS_URL the tools follow the
// user's accounts as soon as the app's webhooks arrive.
func runStdio(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	if cfg.UsesSandbox() {
		c, err := net.DialTimeout("tcp", cfg.Sandbox.Addr, 2*time.Second)
		if err != nil {
			return fmt.Errorf("-mcp-stdio: no sandbox answers at SANDBOX_ADDR %s: start the app there first (make run), or set PIPEDREAM_CLIENT_ID", cfg.Sandbox.Addr)
		}
		c.Close()
		cfg.APIURL = "http://" + cfg.Sandbox.Addr
		cfg.ClientID, cfg.ClientSecret, cfg.ProjectID = cfg.Sandbox.ClientID, cfg.Sandbox.ClientSecret, cfg.Sandbox.ProjectID
	}
	pd, err := newClient(cfg, log)
	if err != nil {
		return err
	}
	sh, err := openShared(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sh.close()
	opts := connectmcp.Config{Connect: pd, Poll: stdioPoll, Logger: log.With("component", "mcp")}
	if cfg.RedisURL != "" {
		opts.Watcher = connectmcp.HubWatcher(sh.events)
	}
	srv, err := connectmcp.New(opts)
	if err != nil {
		return err
	}
	log.Info("serving MCP tools over stdio", "external_user_id", cfg.MCPStdioUser, "connect_api", cfg.APIURL)
	err = srv.Run(ctx, cfg.MCPStdioUser, &mcp.StdioTransport{}, cfg.MCPStdioApps...)
	if err != nil && ctx.Err() == nil && !errors.Is(err, mcp.ErrConnectionClosed) {
		return fmt.Errorf("mcp over stdio: %w", err)
	}
	return nil
}
