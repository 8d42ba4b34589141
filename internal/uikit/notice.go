package uikit

import "github.com/maxence-charriere/go-app/v10/pkg/app"

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

// NoticeLine is a live region holding n. It is always on the page, empty
// when there is nothing to say, so screen readers announce changes.
func NoticeLine(id string, n Notice) app.UI {
	tone := n.Tone
	if tone == "" {
		tone = ToneInfo
	}
	return app.P().ID(id).Class("notice", "notice-"+string(tone)).Role("status").Aria("live", "polite").Text(n.Text)
}
