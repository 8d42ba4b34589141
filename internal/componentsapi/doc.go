// Package componentsapi is the page's client of Pipedream's components API
// (actions and triggers: list, retrieve, configure a prop, reload props,
// run), called from the browser as the official browser client calls it:
// with the user's Connect token as the bearer and no project in the path
// (/v1/connect/actions/run). The wire types are server/pipedream's.
//
// Tokens come from a [connect.Tokens] cache, which the page's Connect
// buttons share: once a flow has spent the cached token, the next call
// fetches another. A call the API refuses with 401 (a token spent or
// expired elsewhere) drops its token and tries once more with a new one.
//
// In the browser it sends with the browser's fetch (internal/fetch), aborted
// when the call's context ends; elsewhere with net/http, which tests use.
// It lives outside wasm/connect so the widget's bundle does not carry it.
package componentsapi
