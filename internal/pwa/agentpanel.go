package pwa

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// AgentPanel connects an AI agent to the user's accounts: it mints a key
// for the MCP endpoint and shows it once beside the endpoint's URL, each
// with a Copy button, and lists the user's keys with their last use, each
// with Revoke.
type AgentPanel struct {
	app.Compo

	Keys     []AgentKey
	Loaded   bool       // the list has loaded
	Minted   *MintedKey // the key just made, shown once
	Busy     bool       // a key is being minted
	Revoking string     // the id of the key being revoked
	Err      string     // why the last request failed
	Ready    bool       // the wasm runs and the session is known

	copied string // what was copied last: "url" or "key"
}

// Render implements app.Composer.
func (p *AgentPanel) Render() app.UI {
	button := "Create an agent key"
	if p.Busy {
		button = "Creating…"
	}
	now := time.Now()
	return app.Section().Class("card", "agents").Aria("labelledby", "agents-title").Body(
		app.H2().ID("agents-title").Text("Connect an agent"),
		app.P().Class("hint").Text("An AI agent (a chat app, an IDE assistant, your own program) can run the actions of your connected accounts through MCP. Give it the MCP URL and a key of its own; revoke the key to cut it off."),
		app.Button().ID("agent-key-create").Type("button").Class("button-secondary").
			Attr("disabled", uikit.DisabledIf(!p.Ready || p.Busy)).
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionMintAgentKey) }).
			Text(button),
		uikit.NoticeLine("agent-status", p.notice()),
		app.If(p.Minted != nil, func() app.UI {
			return app.Div().Class("link-copy", "agent-new").Body(
				p.copyField("agent-url", "MCP URL", p.Minted.URL, "url", "text"),
				p.copyField("agent-key", "Agent key (shown only now)", p.Minted.Key, "key", "text"),
				app.P().Class("hint").Text("Copy the key now: it is not shown again. The agent sends it as the header Authorization: Bearer <key>."),
			)
		}),
		app.H3().Class("agent-keys-title").Text("Your agent keys"),
		app.If(p.Loaded && len(p.Keys) == 0, func() app.UI {
			return app.P().Class("hint").Text("No keys yet.")
		}).ElseIf(len(p.Keys) > 0, func() app.UI {
			return app.Ul().Class("agent-keys").Body(
				app.Range(p.Keys).Slice(func(i int) app.UI {
					k := p.Keys[len(p.Keys)-1-i] // newest first
					made := k.Created.Local().Format("Jan 2, 15:04")
					label := "Revoke the agent key created " + made
					return app.Li().Class("agent-key").Body(
						app.Div().Class("agent-key-text").Body(
							app.Span().Class("account-app").Text(k.Name),
							app.Span().Class("account-when").Text("Created "+made+" · "+lastUse(k.LastUsed, now)),
						),
						app.Button().Type("button").Class("button-danger").Aria("label", label).
							Attr("disabled", uikit.DisabledIf(!p.Ready || p.Revoking != "")).
							OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actionRevokeAgentKey, k.ID) }, app.EventScope(k.ID)).
							Text(revokeText(p.Revoking == k.ID)),
					)
				}),
			)
		}),
	)
}

// copyField is a read-only field with a Copy button.
func (p *AgentPanel) copyField(id, label, value, what, typ string) app.UI {
	return app.Div().Class("link-copy").Body(
		app.Label().For(id).Text(label),
		app.Div().Class("field-row").Body(
			app.Input().ID(id).Type(typ).ReadOnly(true).Value(value).Attr("spellcheck", "false").
				OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
			app.Button().Type("button").Class("button-secondary").Aria("label", "Copy the "+label).
				OnClick(func(ctx app.Context, e app.Event) { p.copy(ctx, what, value, id) }, app.EventScope(value)).
				Text("Copy"),
		),
	)
}

func revokeText(busy bool) string {
	if busy {
		return "Revoking…"
	}
	return "Revoke"
}

// lastUse says when a key was last used, for people.
func lastUse(t *time.Time, now time.Time) string {
	if t == nil {
		return "never used"
	}
	if d := now.Sub(*t); d > 0 {
		return "last used " + span(d) + " ago"
	}
	return "last used just now"
}

// notice says how the last request or copy went.
func (p *AgentPanel) notice() uikit.Notice {
	switch {
	case p.Err != "":
		return uikit.Notice{Tone: uikit.ToneError, Text: p.Err}
	case p.Minted != nil && p.copied == "url":
		return uikit.Notice{Tone: uikit.ToneSuccess, Text: "MCP URL copied to the clipboard."}
	case p.Minted != nil && p.copied == "key":
		return uikit.Notice{Tone: uikit.ToneSuccess, Text: "Agent key copied to the clipboard."}
	}
	return uikit.Notice{}
}

// copy puts value on the clipboard, or selects the field to copy by hand.
func (p *AgentPanel) copy(ctx app.Context, what, value, id string) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		uikit.FocusNow(id)
		return
	}
	clip.Call("writeText", value).Then(func(app.Value) {
		ctx.Dispatch(func(app.Context) { p.copied = what })
	})
}
