// Package site is the app's whole HTTP surface on one origin: the API under
// /api/, GET /healthz, and the frontend (PWA, widget, assets), every response
// with the security headers.
package site

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/frontend"
	"github.com/pdconnect/pdconnect/server/internal/headers"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Options configure the site.
type Options struct {
	// Connect calls the Connect API (Pipedream's or the sandbox's). Required.
	Connect *pipedream.Client
	// APIURL is the Connect API's origin, whose app logos pages may show
	// and which their component forms call.
	APIURL string
	// FrontendURL is the hosted Connect UI's origin, the only one pages
	// may frame. Required.
	FrontendURL string
	// User resolves each request's end user. Required.
	User connecthttp.UserFunc
	// Start starts a session for a page load or GET /api/session, the only
	// requests that may; nil means none does.
	Start connecthttp.UserFunc
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for the limits per client address); none by default.
	TrustedProxies clientaddr.Proxies
	// SessionRate is how many sessions one client address may start per
	// minute; zero means DefaultSessionRate.
	SessionRate int
	// Limits makes the rate limiters (the API's too); nil means
	// in-process ones.
	Limits connecthttp.LimiterFactory
	// PublicURL, Webhooks, Events, TokenRate and TestRequestMethods are
	// passed to the API.
	PublicURL string
	Webhooks  connecthttp.Webhooks
	// TriggerWebhooks makes deployed triggers' event URIs; nil: no triggers.
	TriggerWebhooks    connecthttp.Webhooks
	Events             connecthttp.Hub
	TokenRate          int
	TestRequestMethods []string
	// AgentKeys keeps the keys agents reach MCPPath with; nil means the
	// site serves no MCP endpoint.
	AgentKeys agentkeys.Store
	// AgentKeyRate is how many requests one agent key may make per
	// minute; zero means agentkeys.DefaultRate.
	AgentKeyRate int
	// PWA is the go-app handler to complete and serve; nil means the
	// product's own (see frontend.Options).
	PWA *app.Handler
	// Assets is the tree of web assets (dist/ and static/); nil means the
	// embedded build. A test serves another build with it.
	Assets fs.FS
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// pipedreamAssets is where the service's app logos are (img_src).
const pipedreamAssets = "https://assets.pipedream.net"

// DefaultSessionRate is how many anonymous sessions one client address may
// start per minute by default.
const DefaultSessionRate = 60

// Site is the app's handler.
type Site struct {
	http.Handler
	api *connecthttp.Handler
	mcp *connectmcp.Server // nil without agent keys
}

// EndStreams ends every open event stream at once, and the agents' MCP
// sessions: call it when the server shuts down (see
// connecthttp.Handler.EndStreams).
func (s *Site) EndStreams() {
	s.api.EndStreams()
	if s.mcp != nil {
		s.mcp.CloseSessions()
	}
}

// New builds the site's handler.
func New(opts Options) (*Site, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Limits == nil {
		opts.Limits = connecthttp.InProcessLimits
	}
	if opts.SessionRate == 0 {
		opts.SessionRate = DefaultSessionRate
	}
	if opts.Events == nil {
		opts.Events = connecthttp.NewMemoryHub(nil) // shared by the API and the MCP endpoint
	}
	a, err := connecthttp.New(connecthttp.Config{
		Connect: opts.Connect, User: opts.User, PublicURL: opts.PublicURL, Webhooks: opts.Webhooks, TriggerWebhooks: opts.TriggerWebhooks,
		Events: opts.Events, Limits: opts.Limits, TokenRate: opts.TokenRate, TestRequestMethods: opts.TestRequestMethods,
		ClientAddress: opts.TrustedProxies.Of, Logger: opts.Logger.With("component", "api"),
	})
	if err != nil {
		return nil, err
	}
	front, err := frontend.New(frontend.Options{FrontendURL: opts.FrontendURL, APIURL: opts.APIURL, PublicURL: opts.PublicURL, PWA: opts.PWA, Assets: opts.Assets, Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	starts := &starter{user: opts.User, start: opts.Start, addr: opts.TrustedProxies.Of, limit: opts.Limits("session", opts.SessionRate, time.Minute)}
	mux := http.NewServeMux()
	api := http.StripPrefix("/api", a)
	mux.Handle("GET /api/session", starts.api(api))
	mux.Handle("/api/", api)
	var agents *connectmcp.Server
	if opts.AgentKeys != nil {
		if agents, err = mountMCP(mux, opts, opts.Events); err != nil {
			return nil, err
		}
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, `{"status":"ok"}`+"\n")
	})
	mux.Handle("/", starts.page(front))
	// App logos: the Connect API's own (the sandbox serves them) and the
	// service's asset host, which its apps' img_src name.
	images := []string{pipedreamAssets}
	if opts.APIURL != "" {
		images = append(images, opts.APIURL)
	}
	h, err := headers.Wrap(mux, headers.Policy{
		FrontendURL: opts.FrontendURL, ImageOrigins: images, InlineScripts: front.InlineScripts(), InlineStyles: front.InlineStyles(),
		DataPaths: []string{"/api/", "/healthz"},
	})
	if err != nil {
		return nil, err
	}
	return &Site{Handler: h, api: a, mcp: agents}, nil
}
