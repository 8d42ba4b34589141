// Package connectui is Pipedream Connect as go-app v10 components a team
// drops into its own go-app app, each usable alone:
//
//   - [ConnectButton] connects an account to one app: it gets a
//     token from the app server's token endpoint ([DefaultTokenURL] unless
//     TokenURL says otherwise) as soon as it mounts (with Preload, the
//     hosted page itself, out of sight), opens the hosted
//     Connect page in an iframe on click through
//     github.com/pdconnect/pdconnect/wasm/connect, and reports the flow
//     through [Events].
//   - [AccountsList] lists the user's connected accounts
//     ([DefaultAccountsURL]), reconnects one with a ConnectButton, and
//     disconnects one after a confirmation dialog; OnRequest
//     reports each request's outcome and Extra adds the app's own actions
//     to each row.
//   - [ComponentForm] configures and runs one action for the user, as
//     @pipedream/connect-react does: a control per prop, remote options
//     searched and paged, dynamic props, the user's accounts (or a new one
//     connected in place), validation, and the run's result. [SelectApp]
//     and [SelectComponent] pick an app and one of its actions. They call
//     Pipedream's components API from the browser with the user's Connect
//     tokens ([Endpoints] says where); link [Stylesheet] for their styles.
//
// The endpoints are those of github.com/pdconnect/pdconnect/server/connecthttp:
// mount it on the app server, under /api (http.StripPrefix("/api", h)) for the defaults. A
// ConnectButton posts [ActionRefresh] when its flow closes, and every
// mounted AccountsList loads its accounts again.
//
// The components compile for the browser and for the server, which
// prerenders them: before the wasm runs their buttons are disabled, and only
// in the browser do they call the network. Their markup carries plain class
// names (button-primary, card, account, notice-…) for the app's own CSS.
//
// A settings page of an app that mounts connecthttp under /api:
//
//	func (p *settings) Render() app.UI {
//		return app.Div().Body(
//			&connectui.ConnectButton{App: "slack", AppName: "Slack", Preload: true},
//			&connectui.AccountsList{},
//			&connectui.ComponentForm{Component: "slack-send-message"},
//		)
//	}
package connectui
