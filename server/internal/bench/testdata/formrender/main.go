//go:build js && wasm

// Command formrender is the go-app page make bench times the component
// form on (form_test.go): a ComponentForm whose "Next" button asks for
// another component (bench-twenty-1, -2, ...), each with 20 props, from
// the page's own origin.
package main

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/wasm/connectui"
)

type page struct {
	app.Compo
	n int
}

func (p *page) Render() app.UI {
	origin := app.Window().Get("location").Get("origin").String()
	return app.Div().Body(
		app.Button().ID("next").Type("button").Text("Next").OnClick(func(ctx app.Context, e app.Event) { p.n++ }),
		&connectui.ComponentForm{
			Component: "bench-twenty-" + strconv.Itoa(p.n),
			Endpoints: connectui.Endpoints{APIURL: origin, TokenURL: "/token", AccountsURL: "/accounts", ExternalUserID: "bench-user"},
		},
	)
}

func main() {
	app.Route("/", func() app.Composer { return &page{} })
	app.RunWhenOnBrowser()
}
