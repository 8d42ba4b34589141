// Package connect is a Pipedream Connect frontend client for Go compiled to
// WebAssembly: the Go counterpart of the official JavaScript SDK's
// createFrontendClient().connectAccount().
//
// A [Client] opens the hosted Connect page in a full-window
// iframe exactly as the official client does, and reports the flow
// through callbacks ([Options.OnSuccess], [Options.OnError],
// [Options.OnClose]) or, with [Client.Connect], as a blocking call that
// returns when the flow ends. Unlike the official client it accepts messages
// only from the hosted page's origin and its own iframe, removes
// the iframe on every path (a close before the page loaded, a cancelled
// context, [Client.Close]), runs one flow at a time, reports typed errors
// ([*Error] with an [ErrorCode]), returns the focus to where it was, and
// leaves no listener behind a flow (the one js.Func its flows share, made
// once ahead of the first click, stays for the page's life).
//
// Tokens come from a [TokenSource], such as [FetchTokens], which POSTs to
// the app's token endpoint; the client caches them in [Tokens]: a token is
// reused until shortly before it expires, one fetch runs however many
// callers wait, and a token is dropped as soon as a flow used it.
// [Client.Prefetch] ahead of a click lets [Client.ConnectAccount] open the
// iframe at once, in the same frame as the click; [Client.Preload] goes
// further and loads the hosted page itself out of sight, so that the click
// only shows it.
//
// A client puts one spare iframe in the page ahead of the click (once made,
// and after each flow): at the end of document.body, blank (no src: no
// Connect page loaded, no token spent), not displayed, inert, aria-hidden
// and out of the focus order. A flow without a preload shows that very
// iframe on the hosted page instead of adding one, which spares the click
// the browser's work of adding a cross-site iframe. [Client.Close] takes
// it away. [ConnectLinkURL] turns a token's Connect Link into one
// app's. The app server's error answers come back as an [*HTTPError].
//
// Everything builds on every platform and the options, errors, tokens and
// URLs are tested on the host (go test -race); a [Client] needs a browser
// and, built for another platform, fails its flows with [CodeUnsupported].
// Every JavaScript failure comes back as a Go error (the package is built
// on github.com/hack-pad/safejs); callbacks run on their own goroutine,
// never on the JavaScript event loop's.
//
// In a page served with the app's token endpoint at /api/connect/token:
//
//	client, err := connect.NewClient(connect.Config{Tokens: connect.FetchTokens("/api/connect/token")})
//	if err != nil {
//		return err
//	}
//	account, err := client.Connect(ctx, connect.Options{App: "slack"}) // blocks until the flow ends
package connect
