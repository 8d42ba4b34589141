package ui

import "time"

// App is an integration from the catalog, as /api/connect/apps lists it.
type App struct {
	ID       string `json:"id,omitempty"`
	NameSlug string `json:"name_slug"`
	Name     string `json:"name"`
	AuthType string `json:"auth_type,omitempty"`
	ImgSrc   string `json:"img_src,omitempty"`
	// Connect says whether the Connect proxy serves the app's accounts.
	Connect *struct {
		ProxyEnabled bool `json:"proxy_enabled"`
	} `json:"connect,omitempty"`
}

// proxied reports whether the Connect proxy serves the app's accounts.
func (a App) proxied() bool { return a.Connect != nil && a.Connect.ProxyEnabled }

// Account is one of the user's connected accounts, without credentials.
type Account struct {
	ID        string    `json:"id"`
	Name      string    `json:"name,omitempty"`
	Healthy   bool      `json:"healthy"`
	Dead      bool      `json:"dead"`
	App       App       `json:"app"`
	CreatedAt time.Time `json:"created_at"`
}

// TestResult is what a test request through the Connect proxy got back
// from the provider, as POST /api/connect/accounts/{id}/test-request
// answers it.
type TestResult struct {
	Method      string `json:"method"`
	URL         string `json:"url"`
	Status      int    `json:"status"`
	ContentType string `json:"content_type,omitempty"`
	Body        string `json:"body"`
	Truncated   bool   `json:"truncated,omitempty"`
}

// Event is one callback of the hosted flow, shown in the event log.
type Event struct {
	At      time.Time
	Name    string // onSuccess, onError, onClose
	Payload string // the callback's argument as JSON
}

// Tone says how a status message reads: neutral, good news or a failure.
type Tone string

// Tones of a Notice.
const (
	ToneInfo    Tone = "info"
	ToneSuccess Tone = "success"
	ToneError   Tone = "error"
)

// Notice is a status message shown in a live region.
type Notice struct {
	Tone Tone
	Text string
}
