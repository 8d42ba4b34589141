package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

var (
	slack  = App{ID: "app_1", NameSlug: "slack", Name: "Slack", AuthType: "oauth", ImgSrc: "https://img.example/slack.svg"}
	openai = App{ID: "app_2", NameSlug: "openai", Name: "OpenAI", AuthType: "keys", ImgSrc: "https://img.example/openai.svg"}
)

// labelled fails the test for a control without an accessible name: a
// button needs text or aria-label, an input a <label for> or aria-label.
func labelled(t *testing.T, d doc) {
	t.Helper()
	for _, b := range d.find("button", "", "") {
		if b.text == "" && b.attrs["aria-label"] == "" {
			t.Errorf("button without a name: %v", b.attrs)
		}
		if l := b.attrs["aria-label"]; l != "" && !strings.HasPrefix(l, b.text) {
			t.Errorf("button %q: aria-label %q does not start with its visible text", b.text, l)
		}
		if b.attrs["type"] != "button" {
			t.Errorf("button %q: type %q, want button", b.text, b.attrs["type"])
		}
	}
	for _, in := range d.find("input", "", "") {
		if in.attrs["aria-label"] == "" && len(d.find("label", "for", in.attrs["id"])) != 1 {
			t.Errorf("input without a label: %v", in.attrs)
		}
	}
	for _, img := range d.find("img", "", "") {
		if img.attrs["alt"] == "" && img.attrs["role"] != "presentation" {
			t.Errorf("image neither described nor decorative: %v", img.attrs)
		}
	}
}

func TestPagePrerendersTheRealPage(t *testing.T) {
	d := render(t, &Page{})
	labelled(t, d)
	if h := d.one("h1", "", ""); h.text != "Pipedream Connect" {
		t.Errorf("h1 = %q", h.text)
	}
	d.contains("Loading your session…")
	for _, id := range []string{"picker-title", "connect-title", "link-title", "accounts-title", "log-title"} {
		if d.id(id).tag != "h2" {
			t.Errorf("#%s is not a heading", id)
		}
	}
	if len(d.find("main", "", "")) != 1 {
		t.Error("no <main> landmark")
	}
	// Before the wasm runs nothing is clickable.
	for _, b := range d.find("button", "", "") {
		if !b.has("disabled") {
			t.Errorf("button %q is enabled before the wasm runs", b.text)
		}
	}
	if !d.id(pickerInputID).has("disabled") {
		t.Error("the search field is enabled before the wasm runs")
	}
	if c := d.id(connectButtonID); c.text != "Connect" {
		t.Errorf("connect button reads %q", c.text)
	}
	for _, id := range []string{"connect-status", "accounts-status", "link-status", "update-notice", "offline-banner"} {
		if r := d.id(id).attrs["role"]; r != "status" {
			t.Errorf("#%s role = %q, want a status live region", id, r)
		}
	}
	if len(d.find("script", "", "")) != 0 {
		t.Error("the page renders a script (CSP: no inline scripts)")
	}
}

func TestHeaderShowsWhoTheUserIs(t *testing.T) {
	d := render(t, &Header{UserID: "user-42", Ready: true})
	if c := d.one("code", "class", "user-id"); c.text != "user-42" {
		t.Errorf("user id shown as %q", c.text)
	}
	d.contains("Signed in as")

	d = render(t, &Header{Err: "Couldn't load your session: the server can't be reached.", Ready: true})
	labelled(t, d)
	d.contains("Couldn't load your session")
	if b := d.button("Try again"); b.has("disabled") {
		t.Error("retry button disabled")
	}
}

func TestAppPickerIsAComboboxOverAListbox(t *testing.T) {
	p := &AppPicker{Apps: []App{slack, openai}, Selected: "openai", Ready: true, active: "slack"}
	d := render(t, p)
	labelled(t, d)
	in := d.id(pickerInputID)
	for k, v := range map[string]string{
		"role":                  "combobox",
		"aria-controls":         pickerListID,
		"aria-expanded":         "true",
		"aria-autocomplete":     "list",
		"aria-activedescendant": "app-option-slack",
		"type":                  "search",
	} {
		if in.attrs[k] != v {
			t.Errorf("search field %s = %q, want %q", k, in.attrs[k], v)
		}
	}
	if in.has("disabled") {
		t.Error("search field disabled once ready")
	}
	if d.one("label", "for", pickerInputID).text != "Search apps" {
		t.Error("search field label")
	}
	if d.id(pickerListID).attrs["role"] != "listbox" {
		t.Error("the list is not a listbox")
	}
	opts := d.find("li", "role", "option")
	if len(opts) != 2 {
		t.Fatalf("%d options, want 2", len(opts))
	}
	if opts[0].attrs["id"] != "app-option-slack" || opts[0].attrs["aria-selected"] != "false" || !strings.Contains(opts[0].attrs["class"], "active") {
		t.Errorf("slack option = %v", opts[0].attrs)
	}
	if opts[1].attrs["id"] != "app-option-openai" || opts[1].attrs["aria-selected"] != "true" || strings.Contains(opts[1].attrs["class"], "active") {
		t.Errorf("openai option = %v", opts[1].attrs)
	}
	if img := d.find("img", "src", slack.ImgSrc); len(img) != 1 {
		t.Error("slack's logo missing")
	}
	d.contains("OAuth")
	d.contains("API key")
	if s := d.id("app-search-status"); !strings.HasPrefix(s.text, "2 apps.") || s.attrs["aria-live"] != "polite" {
		t.Errorf("status = %q %v", s.text, s.attrs)
	}

	d = render(t, &AppPicker{Ready: true, query: "zzz"})
	if in := d.id(pickerInputID); in.attrs["aria-expanded"] != "false" || in.has("aria-activedescendant") {
		t.Errorf("empty picker's field = %v", in.attrs)
	}
	d.contains("No app matches “zzz”.")
	d = render(t, &AppPicker{Ready: true, Loading: true})
	d.contains("Searching…")
	d = render(t, &AppPicker{Ready: true, Err: "Couldn't search the apps: too many requests."})
	d.contains("too many requests")
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
	d := render(t, &ConnectPanel{App: &slack, Ready: true})
	labelled(t, d)
	b := d.id(connectButtonID)
	if b.text != "Connect Slack" || b.has("disabled") || b.attrs["aria-busy"] != "false" {
		t.Errorf("connect button = %q %v", b.text, b.attrs)
	}

	d = render(t, &ConnectPanel{App: &slack, Ready: true, Busy: true, Notice: Notice{ToneInfo, "Connecting Slack in the Connect window…"}})
	b = d.id(connectButtonID)
	if b.text != "Connecting…" || !b.has("disabled") || b.attrs["aria-busy"] != "true" {
		t.Errorf("busy connect button = %q %v", b.text, b.attrs)
	}

	d = render(t, &ConnectPanel{Ready: true})
	if b := d.id(connectButtonID); b.text != "Connect" || !b.has("disabled") {
		t.Errorf("no app: connect button = %q %v", b.text, b.attrs)
	}
	d.contains("Choose an app first")

	d = render(t, &ConnectPanel{App: &slack, Ready: true, Notice: Notice{ToneError, "Slack was not connected: access denied."}})
	s := d.id("connect-status")
	if s.text != "Slack was not connected: access denied." || !strings.Contains(s.attrs["class"], "notice-error") || s.attrs["aria-live"] != "polite" {
		t.Errorf("status = %q %v", s.text, s.attrs)
	}
}

func testAccounts() []Account {
	at := time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)
	return []Account{
		{ID: "apn_1", Name: "ann@example.com", Healthy: true, App: slack, CreatedAt: at},
		{ID: "apn_2", Name: "", Dead: true, App: openai, CreatedAt: at.Add(time.Hour)},
	}
}

func TestAccountsListShowsEachAccount(t *testing.T) {
	d := render(t, &AccountsList{Accounts: testAccounts(), Ready: true, Removing: "apn_2"})
	labelled(t, d)
	rows := d.find("li", "class", "account")
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	d.contains("2 accounts.")
	reconnect := d.find("button", "aria-label", "Reconnect Slack account ann@example.com")
	if len(reconnect) != 1 || reconnect[0].has("disabled") {
		t.Errorf("reconnect slack = %v", reconnect)
	}
	if b := d.id("disconnect-apn_1"); b.text != "Disconnect" || b.attrs["aria-label"] != "Disconnect Slack account ann@example.com" || b.has("disabled") {
		t.Errorf("disconnect slack = %q %v", b.text, b.attrs)
	}
	if b := d.id("disconnect-apn_2"); b.text != "Disconnecting…" || !b.has("disabled") || b.attrs["aria-label"] != "Disconnecting… OpenAI account" {
		t.Errorf("disconnect openai while removing = %q %v", b.text, b.attrs)
	}
	if ts := d.find("time", "datetime", "2026-11-22T10:30:00Z"); len(ts) != 1 {
		t.Errorf("connection time: %v", ts)
	}
	if h := d.one("span", "class", "health health-ok"); h.text != "Healthy" {
		t.Errorf("slack health %q", h.text)
	}
	if h := d.one("span", "class", "health health-dead"); h.text != "Dead: reconnect it" {
		t.Errorf("openai health %q", h.text)
	}
	if len(d.find("dialog", "", "")) != 0 {
		t.Error("a dialog shows without a disconnection to confirm")
	}

	// A flow in progress: no reconnecting.
	d = render(t, &AccountsList{Accounts: testAccounts(), Ready: true, Busy: true})
	for _, b := range d.find("button", "", "") {
		if b.text == "Reconnect" && !b.has("disabled") {
			t.Errorf("reconnect enabled during a flow: %v", b.attrs)
		}
	}
}

func TestAccountsListStates(t *testing.T) {
	d := render(t, &AccountsList{Ready: true})
	d.contains("No accounts yet.")
	d = render(t, &AccountsList{Ready: true, Loading: true})
	d.contains("Loading your accounts…")
	d = render(t, &AccountsList{Ready: true, Err: "Couldn't load your accounts: the server had a problem. Try again."})
	labelled(t, d)
	d.contains("the server had a problem")
	if b := d.button("Try again"); b.attrs["aria-label"] != "Try again to load your accounts" || b.has("disabled") {
		t.Errorf("retry = %v", b.attrs)
	}
	d = render(t, &AccountsList{Ready: true, Notice: Notice{ToneSuccess, "Disconnected your Slack account."}})
	if s := d.id("accounts-status"); s.text != "Disconnected your Slack account." || !strings.Contains(s.attrs["class"], "notice-success") {
		t.Errorf("status = %q %v", s.text, s.attrs)
	}
}

func TestAccountsListConfirmsDisconnection(t *testing.T) {
	accounts := testAccounts()
	d := render(t, &AccountsList{Accounts: accounts, Ready: true, confirm: &accounts[0]})
	labelled(t, d)
	dlg := d.one("dialog", "role", "alertdialog")
	if dlg.attrs["aria-modal"] != "true" || dlg.attrs["aria-labelledby"] != "confirm-title" || dlg.attrs["aria-describedby"] != "confirm-message" {
		t.Errorf("dialog = %v", dlg.attrs)
	}
	if h := d.id("confirm-title"); h.text != "Disconnect Slack?" {
		t.Errorf("dialog title %q", h.text)
	}
	if m := d.id("confirm-message"); !strings.Contains(m.text, "Slack account ann@example.com") {
		t.Errorf("dialog message %q", m.text)
	}
	if d.id(confirmCancelID).text != "Cancel" || d.id(confirmOKID).text != "Disconnect" {
		t.Error("dialog buttons")
	}
}

func TestEventLog(t *testing.T) {
	at := time.Date(2026, 11, 22, 23, 40, 12, 345e6, time.UTC)
	d := render(t, &EventLog{Ready: true, Events: []Event{
		{At: at, Name: "onSuccess", Payload: `{"id":"apn_1"}`},
		{At: at.Add(time.Second), Name: "onClose", Payload: `{"successful":true,"completed":true}`},
	}})
	labelled(t, d)
	// The live region holds the list; the list keeps its own role, so its
	// items stay list items.
	if log := d.one("div", "role", "log"); log.attrs["aria-label"] != "Connect events" {
		t.Errorf("log = %v", log)
	}
	if list := d.id("event-log"); list.tag != "ol" || list.has("role") {
		t.Errorf("list = %v", list)
	}
	items := d.find("li", "", "")
	if len(items) != 2 || items[0].attrs["class"] != "event event-onSuccess" {
		t.Fatalf("items = %v", items)
	}
	names := d.find("code", "class", "event-name")
	payloads := d.find("pre", "class", "event-payload")
	if len(names) != 2 || names[0].text != "onSuccess" || names[1].text != "onClose" ||
		len(payloads) != 2 || payloads[0].text != `{"id":"apn_1"}` || payloads[1].text != `{"successful":true,"completed":true}` {
		t.Errorf("names %v payloads %v", names, payloads)
	}
	if ts := d.find("time", "datetime", "2026-11-22T23:40:12.345Z"); len(ts) != 1 || ts[0].text != clock(at) {
		t.Errorf("time = %v", ts)
	}
	if d.button("Clear").has("disabled") {
		t.Error("Clear disabled with events")
	}
	if !render(t, &EventLog{Ready: true}).button("Clear").has("disabled") {
		t.Error("Clear enabled on an empty log")
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
	d := render(t, &LinkPanel{App: &slack, Token: tok, Ready: true})
	labelled(t, d)
	in := d.id("link-url")
	want := tok.ConnectLinkURL + "&app=slack"
	if in.attrs["value"] != want || !in.has("readonly") {
		t.Errorf("link field = %v, want value %q", in.attrs, want)
	}
	if d.one("label", "for", "link-url").text != "Connect Link for Slack" {
		t.Error("link label")
	}
	qr := d.one("img", "class", "qr")
	if !strings.HasPrefix(qr.attrs["src"], "data:image/svg+xml;base64,") || !strings.HasPrefix(qr.attrs["alt"], "QR code of the Connect Link for Slack") {
		t.Errorf("qr = %v", qr.attrs)
	}
	if ts := d.find("time", "datetime", exp.UTC().Format(time.RFC3339)); len(ts) != 1 || !strings.Contains(ts[0].text, "in about 4 hours") {
		t.Errorf("expiry = %v", ts)
	}
	if b := d.id("link-create"); b.text != "Create a new link" || b.has("disabled") {
		t.Errorf("create = %q %v", b.text, b.attrs)
	}
	d.button("Copy")

	d = render(t, &LinkPanel{App: &slack, Ready: true})
	if b := d.id("link-create"); b.text != "Create a Connect Link" || b.attrs["aria-label"] != "Create a Connect Link for Slack" {
		t.Errorf("create = %q %v", b.text, b.attrs)
	}
	if len(d.find("input", "", "")) != 0 {
		t.Error("a link field shows before any link")
	}

	d = render(t, &LinkPanel{App: &slack, Ready: true, Err: "Couldn't create a Connect Link: too many requests. Try again in 30 seconds."})
	if s := d.id("link-status"); !strings.Contains(s.text, "Try again in 30 seconds") || !strings.Contains(s.attrs["class"], "notice-error") {
		t.Errorf("status = %q %v", s.text, s.attrs)
	}

	bad := &connect.Token{Token: "ctok_2", ExpiresAt: exp, ConnectLinkURL: "javascript:alert(1)"}
	d = render(t, &LinkPanel{App: &slack, Token: bad, Ready: true})
	if len(d.find("input", "", "")) != 0 {
		t.Error("a javascript: link is shown")
	}
	d.contains("Couldn't build the link")

	d = render(t, &LinkPanel{App: &slack, Token: tok, Ready: true, copied: "ctok_1"})
	d.contains("Link copied to the clipboard.")
}

func TestUpdateNotice(t *testing.T) {
	d := render(t, &UpdateNotice{})
	if len(d.find("button", "", "")) != 0 {
		t.Error("update notice shows without an update")
	}
	d = render(t, &UpdateNotice{available: true})
	labelled(t, d)
	d.contains("A new version of this app is ready.")
	d.button("Reload to update")
	if d.id("update-notice").attrs["role"] != "status" {
		t.Error("update notice is not a live region")
	}
}

func TestOfflineBanner(t *testing.T) {
	d := render(t, &OfflineBanner{})
	d.lacks("You're offline")
	d.lacks("can't be reached")
	render(t, &OfflineBanner{Offline: true}).contains("You're offline.")
	d = render(t, &OfflineBanner{Unreachable: true})
	d.contains("The server can't be reached")
	d.lacks("You're offline")
}
