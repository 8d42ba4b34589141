//go:build js && wasm

// Command base is a go-app page with connectui's ConnectButton and
// AccountsList: what the form's size is measured against (make bench).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/wasm/connectui"
)

type page struct{ app.Compo }

func (p *page) Render() app.UI {
	return app.Div().Body(&connectui.ConnectButton{App: "slack"}, &connectui.AccountsList{})
}

func main() {
	app.Route("/", func() app.Composer { return &page{} })
	app.RunWhenOnBrowser()
}
