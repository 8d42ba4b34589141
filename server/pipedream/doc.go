// Package pipedream is a client for Pipedream's Connect REST API: Connect
// tokens, accounts, users, the app catalog and components (actions and
// triggers), authenticated with OAuth 2 client credentials.
//
//	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv)) // the quickstart's PIPEDREAM_* variables
//	if err != nil {
//		return err
//	}
//	tok, err := pd.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: "user-42"})
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
// To put an account to work, list components ([Client.Components]),
// fetch one ([Client.GetComponent]), compute a prop's options
// ([Client.ConfigureProp]) and its later props ([Client.ReloadProps]), and
// run an action ([Client.RunAction]). The wire types ([Component],
// [ConfigurableProp], [ConfiguredProps], the request and result types) are
// shared by actions and triggers and encode exactly as the service's JSON,
// so a server relaying the API to a browser can use them too.
//
// Failures are typed: a non-2xx answer is an [*APIError] (see [IsNotFound]),
// arguments refused before sending match [ErrInvalidRequest], an action
// run that raised an error is a [*RunError], and a
// response body that is not the expected JSON is a wrapped decode error.
// Every message starts with "pipedream: ".
// Calls are retried with exponential backoff on 429 and, for GET and
// DELETE, on 5xx and transport errors, honouring Retry-After; creating a
// Connect token is retried only on 429.
//
// # Triggers and workflows
//
// [Client.DeployTrigger] deploys a trigger (a component such as
// github-new-issue) for an end user; [Client.DeployedTriggers],
// [Client.GetDeployedTrigger], [Client.UpdateDeployedTrigger] (with
// [Client.PauseDeployedTrigger] and [Client.ResumeDeployedTrigger]),
// [Client.DeleteDeployedTrigger], [Client.ListTriggerEvents] and the
// webhook calls manage it. [Client.InvokeWorkflow] runs a workflow for an
// end user.
//
// Each event is POSTed to every webhook URL of its trigger as a JSON
// [TriggerEvent], signed with that webhook's signing key (the deploy
// answer's webhook_signing_key for the webhook_url given at deploy). The
// service does not document its signature, so this package defines the
// scheme the sandbox sends and [TriggerVerifier] checks:
//
//	X-PD-Event-Id:  the event's id, equal to the body's "id"
//	X-PD-Timestamp: the time of this delivery attempt, in Unix seconds
//	X-PD-Signature: "v1=" + hex(HMAC-SHA256(key, id + "." + timestamp + "." + body))
//
// where body is the request body's exact bytes. While a key is replaced a
// sender may send several space-separated v1= values; one matching any
// current key suffices. A receiver refuses a delivery whose timestamp is
// more than five minutes from its clock (retries are signed afresh, so a
// late retry still passes), and refuses an event id it has already taken
// for that trigger ([ReplayGuard]); together the two stop replays. Bodies
// are capped (1 MiB by default) before anything else is read.
//
// The client logs at most method, path, status and duration. Secrets
// (the client secret, access tokens, Connect tokens) never reach the
// logger or error messages.
package pipedream
