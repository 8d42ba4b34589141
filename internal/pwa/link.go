package pwa

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connect"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// link is the Connect Link the LinkPanel hands out: each link spends a
// token of its own, minted on request.
type link struct {
	token *connect.Token
	busy  bool
	err   string       // why minting failed
	used  uikit.Notice // how the link's flow ended, once a webhook said (live.go)
}

// outstanding reports whether the link may still be used, as far as the
// page knows.
func (l *link) outstanding() bool {
	return l.token != nil && l.used.Text == "" && time.Now().Before(l.token.ExpiresAt)
}

// mount handles the panel's request for a link, once the user is known.
func (l *link) mount(ctx app.Context, n *network, s *session) {
	ctx.Handle(actionCreateLink, func(ctx app.Context, _ app.Action) {
		if s.user != "" {
			l.create(ctx, n)
		}
	})
}

// create mints the link's token: not the Connect button's prefetched one,
// since a token is single-use.
func (l *link) create(ctx app.Context, n *network) {
	if l.busy {
		return
	}
	l.busy, l.err = true, ""
	ctx.Async(func() {
		tok, err := connect.FetchTokens(n.api.origin + connectui.DefaultTokenURL)(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			l.busy = false
			if n.failed(ctx, err) {
				l.err = uikit.Describe("create a Connect Link", err)
				return
			}
			l.token, l.used = &tok, uikit.Notice{}
		})
	})
}
