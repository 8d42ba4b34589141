package ui

import (
	"strconv"
	"time"
)

// clock formats an event's time for the log: 15:04:05.000.
func clock(t time.Time) string {
	return t.Local().Format("15:04:05.000")
}

// day formats when an account was connected: Jan 2, 2006, 15:04.
func day(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return t.Local().Format("Jan 2, 2006, 15:04")
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
		return plural(int(d/time.Minute), "minute")
	case d < 90*time.Minute:
		return "about an hour"
	default:
		return "about " + plural(int((d+30*time.Minute)/time.Hour), "hour")
	}
}

// seconds says a wait in seconds: "1 second", "30 seconds".
func seconds(d time.Duration) string {
	return plural(int((d+time.Second-1)/time.Second), "second")
}

func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
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

// health says how an account is doing, and the CSS class that colours it.
func health(a Account) (label, class string) {
	switch {
	case a.Dead:
		return "Dead: reconnect it", "health-dead"
	case a.Healthy:
		return "Healthy", "health-ok"
	}
	return "Unhealthy", "health-bad"
}

// accountLabel names an account for people: "Slack account ann@example.com".
func accountLabel(a Account) string {
	s := appName(a.App) + " account"
	if a.Name != "" {
		s += " " + a.Name
	}
	return s
}

// appName is an app's display name, falling back to its slug.
func appName(a App) string {
	if a.Name != "" {
		return a.Name
	}
	return a.NameSlug
}
