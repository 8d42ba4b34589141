// Package pipedream is a client for Pipedream's Connect REST API: Connect
// tokens, accounts, users and the app catalog, authenticated with OAuth 2
// client credentials.
//
// A [Client] fetches one access token from /v1/oauth/token and shares it
// among all goroutines, replacing it two minutes before it expires; however
// many calls wait, one token request is in flight. Every method takes a
// context first and is bounded by [Config.Timeout].
//
// To act as an end user, [Client.ProxyClient] returns an *http.Client that
// sends each request through the Connect proxy with one of the user's
// accounts; Pipedream puts the credentials in, so they never reach this
// process; the proxy's own refusals are a [*ProxyError]. Where the proxy
// does not fit, [Client.GetAccount] with [AccountOptions].IncludeCredentials
// retrieves them.
//
// Failures are typed: a non-2xx answer is an [*APIError] (see [IsNotFound]),
// arguments refused before sending match [ErrInvalidRequest], and a
// response body that is not the expected JSON is a wrapped decode error.
// Every message starts with "pipedream: ".
// Calls are retried with exponential backoff on 429 and, for GET and
// DELETE, on 5xx and transport errors, honouring Retry-After; creating a
// Connect token is retried only on 429.
//
// The client logs at most method, path, status and duration. Secrets
// (the client secret, access tokens, Connect tokens) never reach the
// logger or error messages.
package pipedream
