//go:build js && wasm

// Command form is base (../base) with a connectui.ComponentForm and
// SelectComponent (make bench).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/wasm/connectui"
)

type page struct{ app.Compo }

func (p *page) Render() app.UI {
	return app.Div().Body(&connectui.ConnectButton{App: "slack"}, &connectui.AccountsList{},
		&connectui.SelectComponent{App: "slack"}, &connectui.ComponentForm{Component: "slack-send-message"})
}

func main() {
	app.Route("/", func() app.Composer { return &page{} })
	app.RunWhenOnBrowser()
}
