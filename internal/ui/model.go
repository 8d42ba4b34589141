package ui

import (
	"time"

	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// App is an integration from the catalog, as /api/connect/apps lists it.
type App = connectui.App

// Event is one callback of the hosted flow, shown in the event log.
type Event struct {
	At      time.Time
	Name    string // onSuccess, onError, onClose
	Payload string // the callback's argument as JSON
}
