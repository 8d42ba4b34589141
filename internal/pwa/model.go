package pwa

import (
	"time"

	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// App is an integration from the catalog, as /api/connect/apps lists it.
type App = connectui.App

// Event is one callback of the hosted flow, or one connection webhook,
// shown in the event log.
type Event struct {
	At      time.Time
	Name    string // onSuccess, onError, onClose; CONNECTION_SUCCESS, CONNECTION_ERROR
	Payload string // the callback's argument, or what the webhook says, as JSON
}
