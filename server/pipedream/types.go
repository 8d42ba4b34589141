package pipedream

import "time"

// Account is an end user's connected account. Credentials is set only when
// asked for with include_credentials and must never be sent to a browser.
type Account struct {
	ID               string         `json:"id"`
	Name             string         `json:"name,omitempty"`
	ExternalID       string         `json:"external_id,omitempty"`
	Healthy          bool           `json:"healthy"`
	Dead             bool           `json:"dead"`
	App              *App           `json:"app,omitempty"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
	AuthorizedScopes []string       `json:"authorized_scopes,omitempty"`
	Credentials      map[string]any `json:"credentials,omitempty"`
	ExpiresAt        *time.Time     `json:"expires_at,omitempty"`
	Error            string         `json:"error,omitempty"`
	LastRefreshedAt  *time.Time     `json:"last_refreshed_at,omitempty"`
	NextRefreshAt    *time.Time     `json:"next_refresh_at,omitempty"`
}

// ExternalUser is an end user of the project: someone with connected
// accounts, known by the id the app gave them.
type ExternalUser struct {
	ID         string    `json:"id"`
	ExternalID string    `json:"external_id"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UserList is one page of external users.
type UserList struct {
	Data     []ExternalUser `json:"data"`
	PageInfo PageInfo       `json:"page_info"`
}

// AccountList is one page of accounts.
type AccountList struct {
	Data     []Account `json:"data"`
	PageInfo PageInfo  `json:"page_info"`
}

// TokenRequest asks for a Connect token for one end user.
type TokenRequest struct {
	ExternalUserID         string   `json:"external_user_id"`
	AllowedOrigins         []string `json:"allowed_origins,omitempty"`
	SuccessRedirectURI     string   `json:"success_redirect_uri,omitempty"`
	ErrorRedirectURI       string   `json:"error_redirect_uri,omitempty"`
	WebhookURI             string   `json:"webhook_uri,omitempty"`
	ExpiresIn              int      `json:"expires_in,omitempty"` // seconds, at most 14400
	Scope                  string   `json:"scope,omitempty"`
	AllowProgressiveScopes bool     `json:"allow_progressive_scopes,omitempty"`
	AppID                  string   `json:"app_id,omitempty"`
	OAuthAppID             string   `json:"oauth_app_id,omitempty"`
}

// Token is a short-lived, single-use Connect token (ctok_...).
type Token struct {
	Token          string    `json:"token"`
	ExpiresAt      time.Time `json:"expires_at"`
	ConnectLinkURL string    `json:"connect_link_url"`
}

// TokenValidation is what the hosted UI learns about a token.
type TokenValidation struct {
	Success             bool        `json:"success"`
	Error               string      `json:"error,omitempty"`
	App                 *App        `json:"app,omitempty"`
	ProjectID           string      `json:"project_id,omitempty"`
	ProjectEnvironment  Environment `json:"project_environment,omitempty"`
	ProjectAppName      string      `json:"project_app_name,omitempty"`
	ProjectSupportEmail string      `json:"project_support_email,omitempty"`
	SuccessRedirectURI  string      `json:"success_redirect_uri,omitempty"`
	ErrorRedirectURI    string      `json:"error_redirect_uri,omitempty"`
	OAuthAppID          string      `json:"oauth_app_id,omitempty"`
}

// Webhook events the service posts to a token's webhook_uri.
const (
	EventConnectionSuccess = "CONNECTION_SUCCESS"
	EventConnectionError   = "CONNECTION_ERROR"
)

// WebhookEvent is the body of a Connect webhook.
type WebhookEvent struct {
	Event            string      `json:"event"`
	ConnectToken     string      `json:"connect_token"`
	Environment      Environment `json:"environment"`
	ConnectSessionID int64       `json:"connect_session_id"`
	Account          *Account    `json:"account,omitempty"` // CONNECTION_SUCCESS, without credentials
	Error            string      `json:"error,omitempty"`   // CONNECTION_ERROR
}
