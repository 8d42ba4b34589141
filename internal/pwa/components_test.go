package pwa

import (
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/internal/uitest"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

var (
	slack  = App{ID: "app_1", NameSlug: "slack", Name: "Slack", AuthType: "oauth", ImgSrc: "https://img.example/slack.svg"}
	openai = App{ID: "app_2", NameSlug: "openai", Name: "OpenAI", AuthType: "keys", ImgSrc: "https://img.example/openai.svg"}
)

func TestPagePrerendersTheRealPage(t *testing.T) {
	d := uitest.Render(t, &Page{})
	uitest.Labelled(t, d)
	if h := d.One("h1", "", ""); h.Text != "Pipedream Connect" {
		t.Errorf("h1 = %q", h.Text)
	}
	d.Contains("Loading your session…")
	for _, id := range []string{"picker-title", "connect-title", "link-title", "accounts-title", "log-title"} {
		if d.ID(id).Tag != "h2" {
			t.Errorf("#%s is not a heading", id)
		}
	}
	if len(d.Find("main", "", "")) != 1 {
		t.Error("no <main> landmark")
	}
	// Before the wasm runs nothing is clickable.
	for _, b := range d.Find("button", "", "") {
		if !b.Has("disabled") {
			t.Errorf("button %q is enabled before the wasm runs", b.Text)
		}
	}
	if !d.ID(pickerInputID).Has("disabled") {
		t.Error("the search field is enabled before the wasm runs")
	}
	if c := d.ID(connectButtonID); c.Text != "Connect" {
		t.Errorf("connect button reads %q", c.Text)
	}
	for _, id := range []string{"connect-status", "accounts-status", "link-status", "update-notice", "offline-banner"} {
		if r := d.ID(id).Attrs["role"]; r != "status" {
			t.Errorf("#%s role = %q, want a status live region", id, r)
		}
	}
	if len(d.Find("script", "", "")) != 0 {
		t.Error("the page renders a script (CSP: no inline scripts)")
	}
}

func TestHeaderShowsWhoTheUserIs(t *testing.T) {
	d := uitest.Render(t, &Header{UserID: "user-42", Ready: true})
	if c := d.One("code", "class", "user-id"); c.Text != "user-42" {
		t.Errorf("user id shown as %q", c.Text)
	}
	d.Contains("Signed in as")

	d = uitest.Render(t, &Header{Err: "Couldn't load your session: the server can't be reached.", Ready: true})
	uitest.Labelled(t, d)
	d.Contains("Couldn't load your session")
	if b := d.Button("Try again"); b.Has("disabled") {
		t.Error("retry button disabled")
	}
}

func TestAppPickerIsAComboboxOverAListbox(t *testing.T) {
	p := &AppPicker{Apps: []App{slack, openai}, Selected: "openai", Ready: true, active: "slack"}
	d := uitest.Render(t, p)
	uitest.Labelled(t, d)
	in := d.ID(pickerInputID)
	for k, v := range map[string]string{
		"role":                  "combobox",
		"aria-controls":         pickerListID,
		"aria-expanded":         "true",
		"aria-autocomplete":     "list",
		"aria-activedescendant": "app-option-slack",
		"type":                  "search",
	} {
		if in.Attrs[k] != v {
			t.Errorf("search field %s = %q, want %q", k, in.Attrs[k], v)
		}
	}
	if in.Has("disabled") {
		t.Error("search field disabled once ready")
	}
	if d.One("label", "for", pickerInputID).Text != "Search apps" {
		t.Error("search field label")
	}
	if d.ID(pickerListID).Attrs["role"] != "listbox" {
		t.Error("the list is not a listbox")
	}
	opts := d.Find("li", "role", "option")
	if len(opts) != 2 {
		t.Fatalf("%d options, want 2", len(opts))
	}
	if opts[0].Attrs["id"] != "app-option-slack" || opts[0].Attrs["aria-selected"] != "false" || !strings.Contains(opts[0].Attrs["class"], "active") {
		t.Errorf("slack option = %v", opts[0].Attrs)
	}
	if opts[1].Attrs["id"] != "app-option-openai" || opts[1].Attrs["aria-selected"] != "true" || strings.Contains(opts[1].Attrs["class"], "active") {
		t.Errorf("openai option = %v", opts[1].Attrs)
	}
	if img := d.Find("img", "src", slack.ImgSrc); len(img) != 1 {
		t.Error("slack's logo missing")
	}
	d.Contains("OAuth")
	d.Contains("API key")
	if s := d.ID("app-search-status"); !strings.HasPrefix(s.Text, "2 apps.") || s.Attrs["aria-live"] != "polite" {
		t.Errorf("status = %q %v", s.Text, s.Attrs)
	}

	d = uitest.Render(t, &AppPicker{Ready: true, query: "zzz"})
	if in := d.ID(pickerInputID); in.Attrs["aria-expanded"] != "false" || in.Has("aria-activedescendant") {
		t.Errorf("empty picker's field = %v", in.Attrs)
	}
	d.Contains("No app matches “zzz”.")
	d = uitest.Render(t, &AppPicker{Ready: true, Loading: true})
	d.Contains("Searching…")
	d = uitest.Render(t, &AppPicker{Ready: true, Err: "Couldn't search the apps: too many requests."})
	d.Contains("too many requests")
}

func TestMoveCursorWraps(t *testing.T) {
	for _, c := range []struct{ i, step, n, want int }{
		{-1, 1, 3, 0}, {-1, -1, 3, 2}, {0, 1, 3, 1}, {2, 1, 3, 0}, {0, -1, 3, 2}, {1, -1, 3, 0}, {-1, 1, 0, -1}, {0, 1, 0, -1},
	} {
		if got := moveCursor(c.i, c.step, c.n); got != c.want {
			t.Errorf("moveCursor(%d, %d, %d) = %d, want %d", c.i, c.step, c.n, got, c.want)
		}
	}
}

func TestConnectPanel(t *testing.T) {
	// The button is connectui's (its states are tested there); prerendered,
	// it waits for the wasm.
	d := uitest.Render(t, &ConnectPanel{App: &slack, Ready: true})
	uitest.Labelled(t, d)
	b := d.ID(connectButtonID)
	if b.Text != "Connect Slack" || !b.Has("disabled") || b.Attrs["class"] != "button-primary" {
		t.Errorf("connect button = %q %v", b.Text, b.Attrs)
	}
	if s := d.One("strong", "", ""); s.Text != "Slack" {
		t.Errorf("chosen app %q", s.Text)
	}
	if s := d.One("span", "class", "badge"); s.Text != "OAuth" {
		t.Errorf("auth badge %q", s.Text)
	}

	d = uitest.Render(t, &ConnectPanel{Ready: true})
	if b := d.ID(connectButtonID); b.Text != "Connect" || !b.Has("disabled") {
		t.Errorf("no app: connect button = %q %v", b.Text, b.Attrs)
	}
	d.Contains("Choose an app first")

	d = uitest.Render(t, &ConnectPanel{App: &slack, Ready: true, Notice: uikit.Notice{Tone: uikit.ToneError, Text: "Slack was not connected: access denied."}})
	s := d.ID("connect-status")
	if s.Text != "Slack was not connected: access denied." || !strings.Contains(s.Attrs["class"], "notice-error") || s.Attrs["aria-live"] != "polite" {
		t.Errorf("status = %q %v", s.Text, s.Attrs)
	}
}

func TestEventLog(t *testing.T) {
	at := time.Date(2026, 11, 22, 23, 40, 12, 345e6, time.UTC)
	d := uitest.Render(t, &EventLog{Ready: true, Events: []Event{
		{At: at, Name: "onSuccess", Payload: `{"id":"apn_1"}`},
		{At: at.Add(time.Second), Name: "onClose", Payload: `{"successful":true,"completed":true}`},
	}})
	uitest.Labelled(t, d)
	// The live region holds the list; the list keeps its own role, so its
	// items stay list items.
	if log := d.One("div", "role", "log"); log.Attrs["aria-label"] != "Connect events" {
		t.Errorf("log = %v", log)
	}
	if list := d.ID("event-log"); list.Tag != "ol" || list.Has("role") || list.Attrs["tabindex"] != "0" {
		t.Errorf("list = %v", list)
	}
	items := d.Find("li", "", "")
	if len(items) != 2 || items[0].Attrs["class"] != "event event-onSuccess" {
		t.Fatalf("items = %v", items)
	}
	names := d.Find("code", "class", "event-name")
	payloads := d.Find("pre", "class", "event-payload")
	if len(names) != 2 || names[0].Text != "onSuccess" || names[1].Text != "onClose" ||
		len(payloads) != 2 || payloads[0].Text != `{"id":"apn_1"}` || payloads[1].Text != `{"successful":true,` {
		t.Errorf("names %v payloads %v", names, payloads)
	}
	// A payload may wrap after a member's comma.
	if wbr := d.Find("wbr", "", ""); len(wbr) != 1 {
		t.Errorf("line break opportunities %v", wbr)
	}
	if ts := d.Find("time", "datetime", "2026-11-22T23:40:12.345Z"); len(ts) != 1 || ts[0].Text != clock(at) {
		t.Errorf("time = %v", ts)
	}
	if d.Button("Clear").Has("disabled") {
		t.Error("Clear disabled with events")
	}
	empty := uitest.Render(t, &EventLog{Ready: true})
	if !empty.Button("Clear").Has("disabled") {
		t.Error("Clear enabled on an empty log")
	}
	if empty.ID("event-log").Has("tabindex") {
		t.Error("the empty log is a Tab stop")
	}
}

func TestAppendEventKeepsTheNewest(t *testing.T) {
	var events []Event
	for i := range maxEvents + 5 {
		events = appendEvent(events, Event{Name: "e", Payload: string(rune('a' + i%26))})
	}
	if len(events) != maxEvents {
		t.Fatalf("%d events kept, want %d", len(events), maxEvents)
	}
	if events[0].Payload != string(rune('a'+5)) {
		t.Errorf("oldest kept = %q, want the 6th", events[0].Payload)
	}
}

func TestLinkPanel(t *testing.T) {
	exp := time.Now().Add(4 * time.Hour)
	tok := &connect.Token{Token: "ctok_1", ExpiresAt: exp, ConnectLinkURL: "https://pipedream.example/_static/connect.html?token=ctok_1&connectLink=true"}
	d := uitest.Render(t, &LinkPanel{App: &slack, Token: tok, Ready: true})
	uitest.Labelled(t, d)
	in := d.ID("link-url")
	want := tok.ConnectLinkURL + "&app=slack"
	if in.Attrs["value"] != want || !in.Has("readonly") {
		t.Errorf("link field = %v, want value %q", in.Attrs, want)
	}
	if d.One("label", "for", "link-url").Text != "Connect Link for Slack" {
		t.Error("link label")
	}
	qr := d.One("img", "class", "qr")
	if !strings.HasPrefix(qr.Attrs["src"], "data:image/svg+xml;base64,") || !strings.HasPrefix(qr.Attrs["alt"], "QR code of the Connect Link for Slack") {
		t.Errorf("qr = %v", qr.Attrs)
	}
	if ts := d.Find("time", "datetime", exp.UTC().Format(time.RFC3339)); len(ts) != 1 || !strings.Contains(ts[0].Text, "in about 4 hours") {
		t.Errorf("expiry = %v", ts)
	}
	if b := d.ID("link-create"); b.Text != "Create a new link" || b.Has("disabled") {
		t.Errorf("create = %q %v", b.Text, b.Attrs)
	}
	d.Button("Copy")

	d = uitest.Render(t, &LinkPanel{App: &slack, Ready: true})
	if b := d.ID("link-create"); b.Text != "Create a Connect Link" || b.Attrs["aria-label"] != "Create a Connect Link for Slack" {
		t.Errorf("create = %q %v", b.Text, b.Attrs)
	}
	if len(d.Find("input", "", "")) != 0 {
		t.Error("a link field shows before any link")
	}

	d = uitest.Render(t, &LinkPanel{App: &slack, Ready: true, Err: "Couldn't create a Connect Link: too many requests. Try again in 30 seconds."})
	if s := d.ID("link-status"); !strings.Contains(s.Text, "Try again in 30 seconds") || !strings.Contains(s.Attrs["class"], "notice-error") {
		t.Errorf("status = %q %v", s.Text, s.Attrs)
	}

	bad := &connect.Token{Token: "ctok_2", ExpiresAt: exp, ConnectLinkURL: "javascript:alert(1)"}
	d = uitest.Render(t, &LinkPanel{App: &slack, Token: bad, Ready: true})
	if len(d.Find("input", "", "")) != 0 {
		t.Error("a javascript: link is shown")
	}
	d.Contains("Couldn't build the link")

	d = uitest.Render(t, &LinkPanel{App: &slack, Token: tok, Ready: true, copied: "ctok_1"})
	d.Contains("Link copied to the clipboard.")

	// A used link shows how it ended and offers a new one, nothing of the
	// old one.
	used := uikit.Notice{Tone: uikit.ToneSuccess, Text: "The link was used: Slack is connected (account apn_1)."}
	d = uitest.Render(t, &LinkPanel{App: &slack, Token: tok, Ready: true, Used: used})
	d.Contains("The link was used")
	if len(d.Find("input", "", "")) != 0 || len(d.Find("img", "class", "qr")) != 0 || len(d.Find("time", "", "")) != 0 {
		t.Error("a used link still shows its field, QR code or expiry")
	}
	if b := d.ID("link-create"); b.Text != "Create a new link" || b.Has("disabled") {
		t.Errorf("create = %q %v", b.Text, b.Attrs)
	}

	// A link to this computer says a phone can't open it, and how to.
	if len(uitest.Render(t, &LinkPanel{App: &slack, Token: tok, Ready: true}).Find("p", "id", "link-local")) != 0 {
		t.Error("a link to pipedream.example says it is local")
	}
	local := *tok
	local.ConnectLinkURL = "http://localhost:3001/_static/connect.html?token=ctok_1&connectLink=true"
	d = uitest.Render(t, &LinkPanel{App: &slack, Token: &local, Ready: true})
	d.Contains("a phone can't open")
	d.Contains("SANDBOX_ADDR=")
}

func TestLoopback(t *testing.T) {
	for link, want := range map[string]bool{
		"http://localhost:3001/x":           true,
		"http://LOCALHOST/x":                true,
		"http://app.localhost:3001/x":       true,
		"http://127.0.0.1:3001/x":           true,
		"http://127.8.0.1/x":                true,
		"http://[::1]:3001/x":               true,
		"http://mycomputer.local:3001/x":    false,
		"http://192.168.1.20:3001/x":        false,
		"https://pipedream.com/_static/x":   false,
		"http://localhost.example.com:3001": false,
		"::bad":                             false,
	} {
		if got := loopback(link); got != want {
			t.Errorf("loopback(%q) = %v, want %v", link, got, want)
		}
	}
}

func TestUpdateNotice(t *testing.T) {
	d := uitest.Render(t, &UpdateNotice{})
	if len(d.Find("button", "", "")) != 0 {
		t.Error("update notice shows without an update")
	}
	d = uitest.Render(t, &UpdateNotice{available: true})
	uitest.Labelled(t, d)
	d.Contains("A new version of this app is ready.")
	d.Button("Reload to update")
	if d.ID("update-notice").Attrs["role"] != "status" {
		t.Error("update notice is not a live region")
	}
}

func TestOfflineBanner(t *testing.T) {
	d := uitest.Render(t, &OfflineBanner{})
	d.Lacks("You're offline")
	d.Lacks("can't be reached")
	uitest.Render(t, &OfflineBanner{Offline: true}).Contains("You're offline.")
	d = uitest.Render(t, &OfflineBanner{Unreachable: true})
	d.Contains("The server can't be reached")
	d.Lacks("You're offline")
}
