package pwa

import (
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// LinkPanel hands out a Connect Link for the chosen app: the link, a button
// that copies it, a QR code to finish on a phone, and when it expires. Each
// link spends a token of its own, minted on request (actionCreateLink).
type LinkPanel struct {
	app.Compo

	App   *App           // the chosen app
	Token *connect.Token // the link's token; nil before the first link
	Busy  bool           // a token is being minted
	Err   string         // why minting failed
	Used  uikit.Notice   // how the link's flow ended, once known
	Ready bool           // the wasm runs and the session is known

	copied string // the link last copied, to say so
}

// Render implements app.Composer.
func (p *LinkPanel) Render() app.UI {
	name := "the app"
	if p.App != nil {
		name = p.App.DisplayName()
	}
	link, qr, err := p.link()
	button := "Create a Connect Link"
	if p.Token != nil {
		button = "Create a new link"
	}
	if p.Busy {
		button = "Creating…"
	}
	return app.Section().Class("card", "link").Aria("labelledby", "link-title").Body(
		app.H2().ID("link-title").Text("Connect Link"),
		app.P().Class("hint").Text("A link that connects "+name+" without this page: open it on a phone or send it to yourself. It works once."),
		app.Button().ID("link-create").Type("button").Class("button-secondary").
			Aria("label", button+" for "+name).
			Attr("disabled", uikit.DisabledIf(!p.Ready || p.Busy || p.App == nil)).
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionCreateLink) }).
			Text(button),
		uikit.NoticeLine("link-status", p.notice(err)),
		// A used link works no more: only its outcome and a new one's
		// button stay.
		app.If(link != "" && p.Used.Text == "", func() app.UI {
			return app.Div().Class("link-result").Body(
				app.Div().Class("link-copy").Body(
					app.Label().For("link-url").Text("Connect Link for "+name),
					app.Div().Class("field-row").Body(
						app.Input().ID("link-url").Type("url").ReadOnly(true).Value(link).
							OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
						app.Button().Type("button").Class("button-secondary").
							Aria("label", "Copy the Connect Link").
							OnClick(func(ctx app.Context, e app.Event) { p.copy(ctx, link) }, app.EventScope(link)).
							Text("Copy"),
					),
					app.P().Class("expiry").Body(
						app.Text("Expires "),
						app.Time().DateTime(p.Token.ExpiresAt.UTC().Format(time.RFC3339)).Text(expiry(p.Token.ExpiresAt, time.Now())),
						app.Text("."),
					),
					app.If(loopback(link), func() app.UI {
						return app.P().ID("link-local").Class("hint").Body(
							app.Text(localNote),
							app.Code().Class("command").Text(localCommand),
						)
					}),
				),
				app.Img().Class("qr").Src(qr).Width(200).Height(200).
					Alt("QR code of the Connect Link for "+name+": scan it to finish on a phone"),
			)
		}),
	)
}

// link builds the chosen app's link from the token, and its QR code.
func (p *LinkPanel) link() (link, qr string, err error) {
	if p.Token == nil || p.App == nil {
		return "", "", nil
	}
	if link, err = connect.ConnectLinkURL(p.Token.ConnectLinkURL, p.App.NameSlug, ""); err != nil {
		return "", "", err
	}
	if qr, err = qrDataURL(link); err != nil {
		return "", "", err
	}
	return link, qr, nil
}

// notice says how minting, building or copying the link went.
func (p *LinkPanel) notice(err error) uikit.Notice {
	switch {
	case p.Err != "":
		return uikit.Notice{Tone: uikit.ToneError, Text: p.Err}
	case err != nil:
		return uikit.Notice{Tone: uikit.ToneError, Text: uikit.Describe("build the link", err)}
	case p.Used.Text != "":
		return p.Used
	case p.copied != "" && p.Token != nil && p.copied == p.Token.Token:
		return uikit.Notice{Tone: uikit.ToneSuccess, Text: "Link copied to the clipboard."}
	}
	return uikit.Notice{}
}

// copy puts link on the clipboard.
func (p *LinkPanel) copy(ctx app.Context, link string) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		uikit.FocusNow("link-url")
		return
	}
	token := p.Token.Token
	clip.Call("writeText", link).Then(func(app.Value) {
		ctx.Dispatch(func(app.Context) { p.copied = token })
	})
}

// localNote says why a phone cannot open a link to this computer, and
// localCommand what makes it work: the sandbox's host name decides the
// link's.
const (
	localNote = "This link points to this computer (localhost), which a phone can't open. " +
		"To finish on a phone on your network, start the server under a name the phone reaches " +
		"and open this page at that address, e.g.:"
	localCommand = "ADDR=mycomputer.local:3000 SANDBOX_ADDR=mycomputer.local:3001 PUBLIC_URL=http://mycomputer.local:3000 make run"
)

// loopback reports whether link's host is this computer's own: localhost
// or a loopback address.
func loopback(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
