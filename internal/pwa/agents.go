package pwa

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// agents are the user's agent keys, which the AgentPanel lists, mints and
// revokes: an agent (a chat app, an IDE assistant) reaches the user's
// accounts' actions at /api/mcp with one.
type agents struct {
	keys     []AgentKey
	loaded   bool
	minted   *MintedKey // the key just made, shown once
	busy     bool       // a key is being minted
	revoking string     // the id of the key being revoked
	err      string     // why the last request failed
}

// mount loads the keys and handles the panel's requests.
func (g *agents) mount(ctx app.Context, n *network) {
	ctx.Handle(actionMintAgentKey, func(ctx app.Context, _ app.Action) { g.mint(ctx, n) })
	ctx.Handle(actionRevokeAgentKey, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			g.revoke(ctx, n, id)
		}
	})
	g.load(ctx, n)
}

// load lists the keys.
func (g *agents) load(ctx app.Context, n *network) {
	ctx.Async(func() {
		keys, err := n.api.agentKeys(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if n.failed(ctx, err) {
				g.err = uikit.Describe("list your agent keys", err)
				return
			}
			g.keys, g.loaded, g.err = keys, true, ""
		})
	})
}

// mint makes a key and shows it once.
func (g *agents) mint(ctx app.Context, n *network) {
	if g.busy {
		return
	}
	g.busy, g.err = true, ""
	ctx.Async(func() {
		k, err := n.api.mintAgentKey(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			g.busy = false
			if n.failed(ctx, err) {
				g.err = uikit.Describe("create an agent key", err)
				return
			}
			g.minted = &k
			g.keys = append(g.keys, k.AgentKey)
		})
	})
}

// revoke deletes a key; the agents using it are refused from then on.
func (g *agents) revoke(ctx app.Context, n *network, id string) {
	if g.revoking != "" {
		return
	}
	g.revoking, g.err = id, ""
	ctx.Async(func() {
		err := n.api.revokeAgentKey(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			g.revoking = ""
			if n.failed(ctx, err) {
				g.err = uikit.Describe("revoke the agent key", err)
				return
			}
			g.keys = slices.DeleteFunc(g.keys, func(k AgentKey) bool { return k.ID == id })
			if g.minted != nil && g.minted.ID == id {
				g.minted = nil
			}
		})
	})
}
