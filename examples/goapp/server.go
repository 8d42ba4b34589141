//go:build !(js && wasm)

package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/wasm/connectui"
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
// `make example-goapp` in the repository's root builds the page's wasm and
// runs this against the pdconnect app's built-in sandbox, with these set.
func main() {
	addr := flag.String("addr", "localhost:8090", "listen `address`")
	flag.Parse()
	if err := serve(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "goapp:", err)
		os.Exit(1)
	}
}

func serve(addr string) error {
	if os.Getenv(pipedream.EnvClientID) == "" {
		return errors.New("no " + pipedream.EnvClientID + ": run `make example-goapp` in the repository's root to try this example against the sandbox, or set the PIPEDREAM_* variables server.go lists")
	}
	if _, err := os.Stat("web/app.wasm"); err != nil {
		return errors.New("web/app.wasm is missing: build it first with GOOS=js GOARCH=wasm go build -o web/app.wasm . (make example-goapp does)")
	}
	handler, err := newHandler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	slog.Info("serving", "url", "http://"+ln.Addr().String())
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// newHandler mounts connecthttp under /api/ and the go-app page on the rest.
func newHandler() (http.Handler, error) {
	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	if err != nil {
		return nil, err
	}
	api, err := connecthttp.New(connecthttp.Config{Connect: pd, User: visitor})
	if err != nil {
		return nil, err
	}
	routes()
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))
	page := &app.Handler{
		Name:  "Connect from go-app",
		Title: "Settings",
		// go-app's default icons (its loader's image too) come from
		// GitHub: these are the app's own, in web/, so it runs offline.
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		LoadingLabel: "Loading… {progress}%",
		Styles:       []string{"/web/connectui.css", "/web/app.css"},
		Env: map[string]string{
			envFrontendURL: os.Getenv("PIPEDREAM_FRONTEND_URL"),
			envAPIURL:      os.Getenv("PIPEDREAM_API_URL"),
		},
	}
	// The component form's stylesheet, a file (no inline styles).
	mux.HandleFunc("GET /web/connectui.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, _ = io.WriteString(w, connectui.Stylesheet)
	})
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
