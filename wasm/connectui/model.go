package connectui

import "time"

// The app server's endpoints the components use by default: the routes of
// github.com/pdconnect/pdconnect/server/connecthttp mounted under /api.
const (
	DefaultTokenURL    = "/api/connect/token"
	DefaultAccountsURL = "/api/connect/accounts"
)

// App is an integration, as the app server's API describes it.
type App struct {
	ID       string `json:"id,omitempty"`
	NameSlug string `json:"name_slug"`
	Name     string `json:"name"`
	AuthType string `json:"auth_type,omitempty"`
	ImgSrc   string `json:"img_src,omitempty"`
	// Connect is what Connect offers for the app, when the server says.
	Connect *AppConnect `json:"connect,omitempty"`
}

// AppConnect is what Connect offers for an app.
type AppConnect struct {
	// ProxyEnabled: the Connect proxy serves the app's accounts.
	ProxyEnabled bool `json:"proxy_enabled"`
}

// DisplayName is the app's name, or its slug when it has none.
func (a App) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.NameSlug
}

// Account is one of the user's connected accounts, without credentials, as
// GET {accounts URL} lists it.
type Account struct {
	ID        string    `json:"id"`
	Name      string    `json:"name,omitempty"`
	Healthy   bool      `json:"healthy"`
	Dead      bool      `json:"dead"`
	App       App       `json:"app"`
	CreatedAt time.Time `json:"created_at"`
}

// Label names the account for people: "Slack account ann@example.com".
func (a Account) Label() string {
	s := a.App.DisplayName() + " account"
	if a.Name != "" {
		s += " " + a.Name
	}
	return s
}
