package ui

import "time"

// App is an integration from the catalog, as /api/connect/apps lists it.
type App struct {
	ID       string `json:"id,omitempty"`
	NameSlug string `json:"name_slug"`
	Name     string `json:"name"`
	AuthType string `json:"auth_type,omitempty"`
	ImgSrc   string `json:"img_src,omitempty"`
}

// Account is one of the user's connected accounts, without credentials.
type Account struct {
	ID        string    `json:"id"`
	Name      string    `json:"name,omitempty"`
	Healthy   bool      `json:"healthy"`
	Dead      bool      `json:"dead"`
	App       App       `json:"app"`
	CreatedAt time.Time `json:"created_at"`
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
