package site

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// MCPPath is where agents reach the user's tools.
const MCPPath = "/api/mcp"

// mountMCP serves the agents' endpoint at MCPPath, behind their keys, and
// the keys API for signed-in users at MCPPath/keys.
func mountMCP(mux *http.ServeMux, opts Options, hub connecthttp.Hub) (*connectmcp.Server, error) {
	srv, err := connectmcp.New(connectmcp.Config{
		Connect: opts.Connect,
		Watcher: connectmcp.HubWatcher(hub),
		Link: func(_ context.Context, req pipedream.TokenRequest) pipedream.TokenRequest {
			if opts.Webhooks != nil {
				// The connection's webhook reaches the hub, and so the
				// user's sessions, whose tools then follow.
				req.WebhookURI = opts.Webhooks.URI(req.ExternalUserID, time.Now())
			}
			return req
		},
		Logger: opts.Logger.With("component", "mcp"),
	})
	if err != nil {
		return nil, err
	}
	keys := agentkeys.NewHandler(agentkeys.New(opts.AgentKeys, nil), agentkeys.HandlerOptions{
		User:          opts.User,
		MCPURL:        func(r *http.Request) string { return origin(r, opts.PublicURL) + MCPPath },
		ClientAddress: opts.TrustedProxies.Of,
		Limits:        opts.Limits,
		Rate:          opts.AgentKeyRate,
		Logger:        opts.Logger.With("component", "mcp-keys"),
	})
	var allowed []string
	if opts.PublicURL != "" {
		allowed = append(allowed, opts.PublicURL)
	}
	mux.Handle(MCPPath, keys.Require(srv.Handler(connectmcp.HTTPOptions{
		User: func(r *http.Request) (string, error) {
			if u := agentkeys.UserOf(r.Context()); u != "" {
				return u, nil
			}
			return "", connecthttp.ErrUnauthenticated
		},
		AllowedOrigins: allowed,
	})))

	if err := keys.Mount(mux, MCPPath+"/keys", opts.PublicURL); err != nil {
		return nil, err
	}
	return srv, nil
}

// origin is the app's origin as the request reached it, or publicURL.
func origin(r *http.Request, publicURL string) string {
	if publicURL != "" {
		return strings.TrimSuffix(publicURL, "/")
	}
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
