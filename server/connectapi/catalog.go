package connectapi

// AuthType is how an app authenticates its accounts.
type AuthType string

// The auth types the Connect API reports.
const (
	AuthOAuth AuthType = "oauth"
	AuthKeys  AuthType = "keys"
	AuthNone  AuthType = "none"
)

// ScopeProfile is a named set of OAuth scopes an app offers.
type ScopeProfile struct {
	Name   string   `json:"name"` // read_only, read_write or admin
	Scopes []string `json:"scopes"`
}

// App is an integration in Pipedream's catalog. The official SDK rejects an
// App without name_slug, name, img_src, categories, featured_weight or
// scope_profiles, so those are always encoded.
type App struct {
	ID               string         `json:"id,omitempty"`
	NameSlug         string         `json:"name_slug"`
	Name             string         `json:"name"`
	AuthType         AuthType       `json:"auth_type,omitempty"`
	Description      string         `json:"description,omitempty"`
	ImgSrc           string         `json:"img_src"`
	CustomFieldsJSON string         `json:"custom_fields_json,omitempty"`
	Categories       []string       `json:"categories"`
	FeaturedWeight   float64        `json:"featured_weight"`
	ScopeProfiles    []ScopeProfile `json:"scope_profiles"`
	Connect          *AppConnect    `json:"connect,omitempty"`
}

// AppConnect is how the Connect proxy treats an app's accounts: whether it
// may be used, the hosts a proxied request may reach, and the API base a
// relative target resolves against.
type AppConnect struct {
	ProxyEnabled       bool     `json:"proxy_enabled"`
	AllowedDomains     []string `json:"allowed_domains"`
	BaseProxyTargetURL string   `json:"base_proxy_target_url"`
}

// PageInfo describes one page of a cursor-paginated list.
type PageInfo struct {
	Count       int    `json:"count"`
	TotalCount  int    `json:"total_count"`
	StartCursor string `json:"start_cursor,omitempty"`
	EndCursor   string `json:"end_cursor,omitempty"`
}

// AppList is one page of apps.
type AppList struct {
	Data     []App    `json:"data"`
	PageInfo PageInfo `json:"page_info"`
}
