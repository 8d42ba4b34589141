package connect

// DefaultFrontendURL is Pipedream's hosted Connect UI.
const DefaultFrontendURL = "https://pipedream.com"

// Config configures a [Client].
type Config struct {
	// FrontendURL is where the hosted Connect UI lives, scheme included:
	// DefaultFrontendURL when empty, or e.g. the sandbox, http://localhost:3001.
	FrontendURL string
	// Token is a fixed Connect token for every flow that sets no
	// [Options.Token].
	Token string
	// Tokens supplies the token of a flow that has neither [Options.Token]
	// nor a fixed Token.
	Tokens TokenSource
}

// Options are one flow's options: the official connectAccount options.
type Options struct {
	// App is the app's name slug, such as "slack".
	App string
	// OAuthAppID selects a custom OAuth client (oauthAppId).
	OAuthAppID string
	// AppOverrideID is passed on as appOverrideId.
	AppOverrideID string
	// AccountID reconnects an existing account (accountId).
	AccountID string
	// OAuthScopeProfile is passed on as oauthScopeProfile.
	OAuthScopeProfile string
	// Token overrides the client's token source for this flow.
	Token string
	// HideClose hides the hosted page's close button (hideClose=true).
	HideClose bool
	// CustomOAuthClient is passed on as customOauthClient=true.
	CustomOAuthClient bool

	// OnSuccess runs when an account was connected.
	OnSuccess func(Success)
	// OnError runs when the hosted page reports an error (an *Error with
	// CodeConnectError).
	OnError func(error)
	// OnClose runs once, last, when the flow ends for any reason.
	OnClose func(CloseStatus)
}

// Success is the result of a flow that connected an account.
type Success struct {
	// ID is the connected account's id (apn_...).
	ID string
}

// CloseStatus says how a flow ended.
type CloseStatus struct {
	// Successful: an account was connected.
	Successful bool
	// Completed: the hosted page reported a success or an error.
	Completed bool
	// Cancelled: the flow's context ended or Client.Close was called.
	Cancelled bool
}
