//go:build !(js && wasm)

package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// main serves the page (prerendered, then run by web/app.wasm) and the
// Connect API. It reads the project's credentials from the environment,
// with the names the pdconnect app uses:
//
//	PIPEDREAM_CLIENT_ID, PIPEDREAM_CLIENT_SECRET, PIPEDREAM_PROJECT_ID
//	PIPEDREAM_PROJECT_ENVIRONMENT   development (default) or production
//	PIPEDREAM_API_URL               default https://api.pipedream.com
//	PIPEDREAM_FRONTEND_URL          the hosted Connect UI; default https://pipedream.com
//
// Against the pdconnect app's built-in sandbox (make run), point both URLs
// at it (http://localhost:3001) with client sbx_client, secret sbx_secret
// and project proj_sandbox.
func main() {
	addr := flag.String("addr", "localhost:8090", "listen `address`")
	flag.Parse()
	handler, err := newHandler()
	if err != nil {
		fmt.Fprintln(os.Stderr, "goapp:", err)
		os.Exit(1)
	}
	slog.Info("serving", "url", "http://"+*addr)
	srv := &http.Server{Addr: *addr, Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "goapp:", err)
		os.Exit(1)
	}
}

// newHandler mounts connecthttp under /api/ and the go-app page on the rest.
func newHandler() (http.Handler, error) {
	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	if err != nil {
		return nil, err
	}
	api, err := connecthttp.New(connecthttp.Options{Connect: pd, User: visitor})
	if err != nil {
		return nil, err
	}
	routes()
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))
	page := &app.Handler{
		Name:  "Connect from go-app",
		Title: "Settings",
		Env:   map[string]string{envFrontendURL: os.Getenv("PIPEDREAM_FRONTEND_URL")},
	}
	// The page load gives the browser its visitor id, which the
	// components' first requests (a token, the accounts) then carry.
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = visitor(w, r)
		page.ServeHTTP(w, r)
	}))
	return mux, nil
}

const visitorCookie = "goapp_visitor"

// visitor is the connecthttp.UserFunc: a random id per browser, kept in a
// cookie. A real app returns its signed-in user's id instead.
func visitor(w http.ResponseWriter, r *http.Request) (string, error) {
	if c, err := r.Cookie(visitorCookie); err == nil && c.Value != "" {
		return c.Value, nil
	}
	if r.Method != http.MethodGet {
		return "", connecthttp.ErrUnauthenticated
	}
	id := "visitor-" + rand.Text()
	http.SetCookie(w, &http.Cookie{Name: visitorCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return id, nil
}
