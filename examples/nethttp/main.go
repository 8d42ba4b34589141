// Command nethttp is a plain net/http app that lets its users connect
// their accounts with Pipedream Connect: its own toy login (login.go),
// github.com/pdconnect/pdconnect/server/connecthttp mounted under /api/
// (below), and the widget's <pipedream-connect> buttons on its page
// (page.go), labelled with the apps' names from the catalog (apps.go), with
// the widget served from its own origin (widget.go).
//
// To try it against the pdconnect app's built-in sandbox, run in the
// repository's root
//
//	make example-nethttp
//
// which builds the widget, starts the sandbox and runs this command with
// the variables below and the widget's files (examples/run.sh). By hand,
// it reads the project's credentials from the environment, with the names
// the pdconnect app uses:
//
//	PIPEDREAM_CLIENT_ID, PIPEDREAM_CLIENT_SECRET, PIPEDREAM_PROJECT_ID
//	PIPEDREAM_PROJECT_ENVIRONMENT   development (default) or production
//	PIPEDREAM_API_URL               default https://api.pipedream.com
//	PIPEDREAM_FRONTEND_URL          the hosted Connect UI; default https://pipedream.com
//
//	go run . -addr localhost:8080 -widget-dir widget
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "nethttp:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "localhost:8080", "listen `address`")
	widgetDir := flag.String("widget-dir", "widget", "the `directory` holding widget.js, wasm_exec.js and web/widget.wasm (see widget.go)")
	flag.Parse()

	if os.Getenv(pipedream.EnvClientID) == "" {
		return errors.New("no " + pipedream.EnvClientID + ": run `make example-nethttp` in the repository's root to try this example against the sandbox, or set the PIPEDREAM_* variables main.go lists")
	}
	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	if err != nil {
		return err
	}
	frontendURL := cmp.Or(os.Getenv("PIPEDREAM_FRONTEND_URL"), "https://pipedream.com")
	widget, err := newWidget(*widgetDir)
	if err != nil {
		return err
	}

	logins, err := newLogins()
	if err != nil {
		return err
	}
	api, err := connecthttp.New(connecthttp.Config{Connect: pd, User: logins.User})
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))
	logins.register(mux)
	widget.register(mux)
	registerPages(mux, logins, newCatalog(pd, "slack", "github", "openai"), frontendURL)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// The toy login's forms are POSTs too: no other site may send them.
	srv := &http.Server{Handler: http.NewCrossOriginProtection().Handler(mux), ReadHeaderTimeout: 10 * time.Second}
	slog.Info("serving", "url", "http://"+ln.Addr().String())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
