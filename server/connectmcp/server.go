package connectmcp

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Defaults of Config, and the server's fixed limits.
const (
	// DefaultActionsTTL is Config.ActionsTTL when zero.
	DefaultActionsTTL = 10 * time.Minute
	// DefaultPoll is Config.Poll when zero and there is no Config.Watcher.
	DefaultPoll = 30 * time.Second
	// MaxActionsPerApp bounds the tools one app brings.
	MaxActionsPerApp = 200
	// MaxApps bounds the apps one session's tools come from (connected
	// and named).
	MaxApps = 50
	// MaxSessionsPerUser bounds one user's open sessions: opening one more
	// ends the user's oldest.
	MaxSessionsPerUser = 10
)

// Config configures a Server.
type Config struct {
	// Connect calls the Connect API. Required.
	Connect Connect
	// Watcher, when set, tells the server at once when a user's accounts
	// change; the tool list then follows with notifications/tools/list_changed.
	Watcher Watcher
	// Poll is how often a session re-reads its user's accounts besides
	// the Watcher's news; zero means DefaultPoll without a Watcher and
	// never with one.
	Poll time.Duration
	// Link, when set, completes the token request of each Connect Link a
	// call answers with (redirect URIs, a webhook_uri); ExternalUserID is
	// already set.
	Link func(ctx context.Context, req pipedream.TokenRequest) pipedream.TokenRequest
	// ActionsTTL is how long an app's list of actions is reused; zero
	// means DefaultActionsTTL.
	ActionsTTL time.Duration
	// Name and Version name the server to clients; empty means
	// "pdconnect" and "1".
	Name, Version string
	// Logger defaults to slog.Default(). It gets at most tool names,
	// app slugs and failures, never arguments, results or credentials.
	Logger *slog.Logger
}

// Server serves the actions of each user's apps as MCP tools. One Server
// serves any number of users and sessions; each MCP session acts for one
// user.
type Server struct {
	opts    Config
	actions actionCache
	// versions answers the streamable handler's per-request protocol
	// check for requests of existing sessions (see Handler).
	versions *mcp.Server

	mu     sync.Mutex
	byUser map[string][]*mcp.ServerSession // open sessions, oldest first
}

// New checks opts and returns a Server.
func New(opts Config) (*Server, error) {
	if opts.Connect == nil {
		return nil, errors.New("connectmcp: Config.Connect is required")
	}
	if opts.ActionsTTL == 0 {
		opts.ActionsTTL = DefaultActionsTTL
	}
	if opts.Poll == 0 && opts.Watcher == nil {
		opts.Poll = DefaultPoll
	}
	if opts.Name == "" {
		opts.Name = "pdconnect"
	}
	if opts.Version == "" {
		opts.Version = "1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{opts: opts, byUser: map[string][]*mcp.ServerSession{}}
	s.actions = actionCache{connect: opts.Connect, ttl: opts.ActionsTTL, byApp: map[string]actionEntry{}}
	s.versions = mcp.NewServer(s.impl(), nil)
	return s, nil
}

func (s *Server) impl() *mcp.Implementation {
	return &mcp.Implementation{Name: s.opts.Name, Title: "Pipedream Connect actions", Version: s.opts.Version}
}

// MCPServer is an MCP server for one user: its tools are the actions of
// the apps the user has connected and of the apps named, connected or not
// (a call for an app the user has not connected answers a Connect Link).
// Serve it on any transport (Server.Run does so); its tools load before
// the first request that needs them (or at once, as ctx allows) and then
// follow the user's accounts while a session is open.
func (s *Server) MCPServer(ctx context.Context, externalUserID string, apps ...string) *mcp.Server {
	ts := s.newToolset(externalUserID, apps, nil)
	ts.preload(ctx)
	return ts.srv
}

// Run serves one user's tools on t (an *mcp.StdioTransport, say) until
// the client leaves or ctx ends.
func (s *Server) Run(ctx context.Context, externalUserID string, t mcp.Transport, apps ...string) error {
	return s.MCPServer(ctx, externalUserID, apps...).Run(ctx, t)
}

// CloseSessions ends every open session, and with it its streams: call
// it as the HTTP server shuts down, since a session's stream of
// notifications never goes idle by itself. Clients may open new sessions.
func (s *Server) CloseSessions() {
	s.mu.Lock()
	var open []*mcp.ServerSession
	for _, list := range s.byUser {
		open = append(open, list...)
	}
	s.mu.Unlock()
	for _, ss := range open {
		ss.Close()
	}
}

// track records user's session ss as open until untrack, ending the
// user's oldest when there are more than MaxSessionsPerUser.
func (s *Server) track(user string, ss *mcp.ServerSession) (untrack func()) {
	s.mu.Lock()
	list := append(s.byUser[user], ss)
	var evict []*mcp.ServerSession
	if n := len(list) - MaxSessionsPerUser; n > 0 {
		evict, list = list[:n:n], list[n:]
	}
	s.byUser[user] = list
	s.mu.Unlock()
	for _, old := range evict {
		old.Close()
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		list := slices.DeleteFunc(s.byUser[user], func(x *mcp.ServerSession) bool { return x == ss })
		if len(list) == 0 {
			delete(s.byUser, user)
		} else {
			s.byUser[user] = list
		}
	}
}

// newToolset makes the MCP server of one session; sessionID, when set,
// names its session.
func (s *Server) newToolset(user string, apps []string, sessionID func() string) *toolset {
	ts := &toolset{s: s, user: user, named: cleanApps(apps), tools: map[string]*tool{}}
	ts.srv = mcp.NewServer(s.impl(), &mcp.ServerOptions{
		Instructions: "Tools run Pipedream Connect actions with the user's connected accounts. " +
			"A call for an app the user has not connected answers a Connect Link: show it to the user, then retry once they have connected.",
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{ListChanged: true}},
		GetSessionID: sessionID,
		// Protocol versions with sessions: list_changed reaches a session
		// on its stream.
		SupportedProtocolVersions: []string{"2025-11-25", "2025-06-18", "2025-03-26"},
	})
	ts.srv.AddReceivingMiddleware(ts.middleware)
	return ts
}

// cleanApps keeps the app slugs that look like slugs, once each, at most MaxApps.
func cleanApps(apps []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range apps {
		if !isSlug(a) || seen[a] || len(out) == MaxApps {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return out
}

func isSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// actionCache keeps each app's actions for a while, shared by sessions.
type actionCache struct {
	connect Connect
	ttl     time.Duration

	mu    sync.Mutex
	byApp map[string]actionEntry
}

type actionEntry struct {
	actions []pipedream.Component
	at      time.Time
}

// of is app's actions.
func (c *actionCache) of(ctx context.Context, app string) ([]pipedream.Component, error) {
	c.mu.Lock()
	e, ok := c.byApp[app]
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.actions, nil
	}
	var list []pipedream.Component
	for comp, err := range c.connect.Components(ctx, pipedream.ComponentsQuery{Type: pipedream.ComponentAction, App: app}) {
		if err != nil {
			return nil, err
		}
		list = append(list, comp)
		if len(list) == MaxActionsPerApp {
			break
		}
	}
	c.mu.Lock()
	c.byApp[app] = actionEntry{actions: list, at: time.Now()}
	c.mu.Unlock()
	return list, nil
}
