package connectui_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/wasm/connect"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// A "Connect Slack" button with the default token endpoint,
// /api/connect/token. Prerendered, it is disabled until the wasm runs.
func ExampleConnectButton() {
	button := &connectui.ConnectButton{
		App:     "slack",
		AppName: "Slack",
		Events: connectui.Events{
			OnSuccess: func(ctx app.Context, f connectui.Flow, s connect.Success) {
				log.Println("connected", f.AppName, "account", s.ID)
			},
			OnError: func(ctx app.Context, f connectui.Flow, err error) { log.Println(err) },
		},
	}
	html := app.HTMLString(button)
	fmt.Println(strings.Contains(html, ">Connect Slack</button>"), strings.Contains(html, " disabled"))
	// Output: true true
}

// A settings page of the team's own app, as the README has it: connect
// Slack, and manage the accounts. The list reloads when the button's flow
// closes.
func ExampleAccountsList() {
	app.Route("/settings", func() app.Composer { return &settings{} })
	html := app.HTMLString(&settings{})
	fmt.Println(strings.Contains(html, "Connect Slack"), strings.Contains(html, "Your connected accounts"))
	// Output: true true
}

type settings struct{ app.Compo }

func (p *settings) Render() app.UI {
	return app.Div().Body(
		&connectui.ConnectButton{App: "slack", AppName: "Slack", // TokenURL: "/api/connect/token" by default
			Preload: true, // load the hosted page out of sight when idle and after each flow
			Events: connectui.Events{
				OnSuccess: func(ctx app.Context, f connectui.Flow, s connect.Success) { log.Println("connected", s.ID) },
				OnError:   func(ctx app.Context, f connectui.Flow, err error) { log.Println(err) },
			}},
		&connectui.AccountsList{}, // reloads when a button's flow closes
	)
}

// "Send a Slack message", configured and run by the user with one of their
// Slack accounts (or one they connect in the form), and each run's
// outcome. The page links the form's stylesheet (connectui.Stylesheet,
// served as a file) and points Endpoints.APIURL at the Connect API the
// server uses.
func ExampleComponentForm() {
	form := &connectui.ComponentForm{
		Component: "slack-send-message",
		Values:    pipedream.ConfiguredProps{"text": "Hello from Go"},
		Endpoints: connectui.Endpoints{APIURL: "https://api.pipedream.com"},
		OnRun: func(ctx app.Context, r connectui.Run) {
			if r.Failed() {
				log.Println("the run failed:", r.Err)
				return
			}
			log.Println(r.Result.Summary())
		},
	}
	html := app.HTMLString(form)
	fmt.Println(strings.Contains(html, `class="pd-form"`), strings.Contains(html, "once the page has loaded"))
	fmt.Println(strings.Contains(app.HTMLString(&actionPage{}), `id="pd-form"`))
	// Output:
	// true true
	// true
}

// actionPage is the README's "Run an action".
type actionPage struct{ app.Compo }

func (p *actionPage) Render() app.UI {
	return app.Div().Body(
		&connectui.ComponentForm{Component: "slack-send-message",
			Endpoints: connectui.Endpoints{APIURL: "https://api.pipedream.com"}, // or the sandbox's
			OnRun:     func(ctx app.Context, r connectui.Run) { log.Println(r.Result.Summary(), r.Err) }},
	)
}
