package pwa

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// EnvFrontendURL is the go-app env var (app.Getenv) holding the origin of
// the hosted Connect UI the page opens: Pipedream's, or the sandbox's. The
// server sets it in the app.Handler's Env.
const EnvFrontendURL = "PIPEDREAM_FRONTEND_URL"

// EnvAPIURL is the go-app env var holding the Connect API's origin, which
// the page's component forms call with the user's Connect token:
// Pipedream's, or the sandbox's. The server sets it too.
const EnvAPIURL = "PIPEDREAM_API_URL"

// ConnectUIStyles is where the server serves connectui.Stylesheet, the
// component form's styles, which the page links before its own.
const ConnectUIStyles = "/web/connectui.css"

// Path is where the PWA's page lives.
const Path = "/"

// Routes registers the PWA's go-app routes. Both the wasm main and the
// server (to prerender) call it once.
func Routes() {
	app.Route(Path, func() app.Composer { return &Page{} })
}

// Handler returns the PWA's content: names, icons, colours, styles and the
// loader label. The server completes it with Version, Resources,
// WasmContentLength and Env before serving it.
func Handler() *app.Handler {
	return &app.Handler{
		Name:        "Pipedream Connect",
		ShortName:   "Connect",
		Title:       "Pipedream Connect",
		Description: "Connect your accounts to apps, manage them and share a Connect Link.",
		Lang:        "en",
		Icon: app.Icon{
			Default:  "/web/pwa/icon-192.png",
			Large:    "/web/pwa/icon-512.png",
			Maskable: "/web/pwa/icon-maskable-512.png",
			SVG:      "/web/pwa/icon.svg",
		},
		BackgroundColor: "#0f172a",
		ThemeColor:      "#4338ca",
		// Words only: go-app would rewrite a {progress} percentage for each
		// chunk of the wasm that arrives, repainting the pill each time.
		LoadingLabel: "Loading the app…",
		Styles:       []string{ConnectUIStyles, "/web/pwa/app.css"},
	}
}
