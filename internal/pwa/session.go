package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// session is who the user is: the session's external_user_id, which the
// Header shows.
type session struct {
	user    string
	err     string // why it could not be loaded
	started bool   // StartedEvent was dispatched
}

// mount loads the session, and again when the Header's Try again asks.
func (s *session) mount(ctx app.Context, n *network) {
	ctx.Handle(actionLoadSession, func(ctx app.Context, _ app.Action) { s.load(ctx, n) })
	s.load(ctx, n)
}

// load learns who the user is. The first answer, or failure, ends the
// page's start (StartedEvent); a later success makes the accounts list
// load again, since what it loaded without a session failed.
func (s *session) load(ctx app.Context, n *network) {
	s.err = ""
	ctx.Async(func() {
		user, err := n.api.session(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			first := !s.started
			if first {
				// The service worker can wait no more.
				s.started = true
				announceStart()
			}
			if n.failed(ctx, err) {
				s.err = uikit.Describe("load your session", err)
				return
			}
			s.user = user
			if !first {
				ctx.NewAction(connectui.ActionRefresh)
			}
		})
	})
}
