// Command goapp is a go-app app that lets its users connect their accounts
// with Pipedream Connect: its page (below) drops in
// github.com/pdconnect/pdconnect/wasm/connectui's ConnectButton and
// AccountsList; its server (server.go) serves the page and mounts
// github.com/pdconnect/pdconnect/server/connecthttp under /api/, whose
// /api/connect/token and /api/connect/accounts are the components'
// defaults.
//
// To try it against the pdconnect app's built-in sandbox, run in the
// repository's root
//
//	make example-goapp
//
// which starts the sandbox, builds the page's wasm and runs the server with
// the variables server.go lists (examples/run.sh). By hand, with the
// project's credentials in those variables:
//
//	GOOS=js GOARCH=wasm go build -o web/app.wasm .
//	go run . -addr localhost:8090
//
// The page's icons and stylesheet are in web/, beside the wasm: go-app
// serves that directory at /web/.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/wasm/connect"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// The go-app env vars the server fills with the hosted Connect UI's URL
// and the Connect API's (empty: Pipedream's).
const (
	envFrontendURL = "PIPEDREAM_FRONTEND_URL"
	envAPIURL      = "PIPEDREAM_API_URL"
)

// routes registers the app's one page: the browser and the server (to
// prerender it) both call it.
func routes() {
	app.Route("/", func() app.Composer { return &settings{} })
}

// settings is the app's settings page: connect Slack or GitHub, manage the
// connected accounts, and send a Slack message as the user.
type settings struct {
	app.Compo

	status string // how the last flow went
}

func (s *settings) Render() app.UI {
	frontend := app.Getenv(envFrontendURL)
	events := connectui.Events{
		OnSuccess: func(ctx app.Context, f connectui.Flow, ok connect.Success) {
			s.status = "Connected " + f.AppName + "."
		},
		OnError: func(ctx app.Context, f connectui.Flow, err error) {
			s.status = f.AppName + " was not connected: " + err.Error()
		},
	}
	return app.Main().Body(
		app.H1().Text("Settings"),
		app.H2().Text("Integrations"),
		app.P().Body(
			&connectui.ConnectButton{App: "slack", AppName: "Slack", FrontendURL: frontend, Events: events},
			app.Text(" "),
			&connectui.ConnectButton{App: "github", AppName: "GitHub", FrontendURL: frontend, Events: events},
		),
		app.P().Role("status").Text(s.status),
		&connectui.AccountsList{FrontendURL: frontend},
		// An action the user configures and runs with their own account.
		app.H2().Text("Send a Slack message"),
		&connectui.ComponentForm{
			Component: "slack-send-message",
			Endpoints: connectui.Endpoints{APIURL: app.Getenv(envAPIURL), FrontendURL: frontend},
		},
	)
}
