// Package connectmcp serves the actions of Pipedream Connect as Model
// Context Protocol tools, for agents acting for one of your users: each MCP
// session acts for one external user, and its tools are the actions of the
// apps that user has connected (plus apps a request names), run with the
// user's own accounts.
//
// A tool is named by the action's key (slack-send-message) and described
// by the action; the component's annotations (read-only, destructive,
// idempotent, open-world) become the tool's. Its input schema is JSON
// Schema built from the action's props: string, integer (minimum,
// maximum), boolean, string[], object, static options as enum, optional
// props not required, defaults as default. App props are not inputs: the
// user's healthy account of the app is used, or, when the user has
// several, an "account" input chooses. Props whose options come from the
// service say so in their description and are listed by the
// configure_prop tool (with query and pages); props that depend on others
// are learnt through reload_props.
//
// A call runs the action and answers its exports as structured content
// and as text. A failed run, a refused value or a service outage is a tool
// error in words (isError), never a protocol error, and never carries a
// stack or a credential. A call for an app the user has not connected
// answers a Connect Link for that app and asks to call again once it is
// connected; the next call then finds the new account, without a restart.
// While a session is open its tools follow the user's accounts (through
// Config.Watcher, or by polling), and the client hears
// notifications/tools/list_changed.
//
// Serve it over streamable HTTP with Server.Handler (which authenticates
// nothing itself: HTTPOptions.User resolves each request's user, from a
// bearer key say, and sessions stay with that user; it refuses Origins
// other than HTTPOptions.AllowedOrigins and, on loopback, foreign Hosts,
// keeps at most MaxSessionsPerUser sessions a user, and answers its
// refusals as {"error":{"code","message"}}), or over stdio and
// any other transport of the MCP SDK with Server.Run. The Connect API is
// the small interface Connect, which *pipedream.Client implements and a
// test can fake.
//
//	mcpSrv, err := connectmcp.New(connectmcp.Config{Connect: pd})
//	mux.Handle("/mcp", mcpSrv.Handler(connectmcp.HTTPOptions{User: userOfBearerKey}))
//
// The MCP layer is the official Go SDK, github.com/modelcontextprotocol/go-sdk.
package connectmcp
