// Package site is the app's whole HTTP surface on one origin: the API under
// /api/, GET /healthz, and the frontend (PWA, widget, assets), every response
// with the security headers.
package site

import (
	"io"
	"log/slog"
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/frontend"
	"github.com/pdconnect/pdconnect/server/internal/headers"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Options configure the site.
type Options struct {
	// Connect calls the Connect API (Pipedream's or the sandbox's). Required.
	Connect *pipedream.Client
	// APIURL is the Connect API's origin, whose app logos pages may show.
	APIURL string
	// FrontendURL is the hosted Connect UI's origin, the only one pages
	// may frame. Required.
	FrontendURL string
	// User resolves each request's end user. Required.
	User connecthttp.UserFunc
	// PublicURL, WebhookURL and TokenRate are passed to the API.
	PublicURL  string
	WebhookURL string
	TokenRate  int
	// PWA is the go-app handler to complete and serve; nil means the
	// product's own (see frontend.Options).
	PWA *app.Handler
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// New builds the site's handler.
func New(opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a, err := connecthttp.New(connecthttp.Options{
		Connect: opts.Connect, User: opts.User, PublicURL: opts.PublicURL, WebhookURL: opts.WebhookURL,
		TokenRate: opts.TokenRate, Logger: opts.Logger.With("component", "api"),
	})
	if err != nil {
		return nil, err
	}
	front, err := frontend.New(frontend.Options{FrontendURL: opts.FrontendURL, PWA: opts.PWA, Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", a))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, `{"status":"ok"}`+"\n")
	})
	mux.Handle("/", pageSession(front, opts.User))
	var images []string
	if opts.APIURL != "" {
		images = append(images, opts.APIURL)
	}
	return headers.Wrap(mux, headers.Policy{
		FrontendURL: opts.FrontendURL, ImageOrigins: images, InlineScripts: front.InlineScripts(),
	})
}

// pageSession resolves the user when a page is loaded, so an anonymous
// visitor's session cookie comes with the page: the app's first API calls,
// made in parallel, then all carry it instead of each starting a session.
func pageSession(h http.Handler, user connecthttp.UserFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.Header.Get("Sec-Fetch-Dest") == "document" {
			_, _ = user(w, r) // a page loads whether or not there is a user
		}
		h.ServeHTTP(w, r)
	})
}
