package pwa

import (
	"time"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// clock formats an event's time for the log: 15:04:05.000.
func clock(t time.Time) string {
	return t.Local().Format("15:04:05.000")
}

// expiry says when a link stops working, as seen at now: "at 15:04 (in
// about 4 hours)", or "expired at 15:04".
func expiry(at, now time.Time) string {
	hm := at.Local().Format("15:04")
	if d := at.Sub(now); d > 0 {
		return "at " + hm + " (in " + span(d) + ")"
	}
	return "expired at " + hm
}

// span says a positive duration in words, rounded for people.
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return uikit.Plural(int(d/time.Minute), "minute")
	case d < 90*time.Minute:
		return "about an hour"
	default:
		return "about " + uikit.Plural(int((d+30*time.Minute)/time.Hour), "hour")
	}
}

// authLabel names an app's auth type for people.
func authLabel(authType string) string {
	switch authType {
	case "oauth":
		return "OAuth"
	case "keys":
		return "API key"
	case "none":
		return "No auth"
	}
	return authType
}
