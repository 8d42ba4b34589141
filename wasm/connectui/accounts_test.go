package connectui

import (
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/internal/uitest"
)

var (
	slack  = App{ID: "app_1", NameSlug: "slack", Name: "Slack", AuthType: "oauth", ImgSrc: "https://img.example/slack.svg"}
	openai = App{ID: "app_2", NameSlug: "openai", Name: "OpenAI", AuthType: "keys", ImgSrc: "https://img.example/openai.svg"}
)

func testAccounts() []Account {
	at := time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)
	return []Account{
		{ID: "apn_1", Name: "ann@example.com", Healthy: true, App: slack, CreatedAt: at},
		{ID: "apn_2", Name: "", Dead: true, App: openai, CreatedAt: at.Add(time.Hour)},
	}
}

func TestAccountsListShowsEachAccount(t *testing.T) {
	d := uitest.Render(t, &AccountsList{accounts: testAccounts(), mounted: true, removing: "apn_2"})
	uitest.Labelled(t, d)
	rows := d.Find("li", "class", "account")
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	d.Contains("2 accounts.")
	if reconnect := d.Find("button", "aria-label", "Reconnect Slack account ann@example.com"); len(reconnect) != 1 || reconnect[0].Text != "Reconnect" {
		t.Errorf("reconnect slack = %v", reconnect)
	}
	if b := d.ID("disconnect-apn_1"); b.Text != "Disconnect" || b.Attrs["aria-label"] != "Disconnect Slack account ann@example.com" || b.Has("disabled") {
		t.Errorf("disconnect slack = %q %v", b.Text, b.Attrs)
	}
	if b := d.ID("disconnect-apn_2"); b.Text != "Disconnecting…" || !b.Has("disabled") || b.Attrs["aria-label"] != "Disconnecting… OpenAI account" {
		t.Errorf("disconnect openai while removing = %q %v", b.Text, b.Attrs)
	}
	if ts := d.Find("time", "datetime", "2026-11-22T10:30:00Z"); len(ts) != 1 {
		t.Errorf("connection time: %v", ts)
	}
	if h := d.One("span", "class", "health health-ok"); h.Text != "Healthy" {
		t.Errorf("slack health %q", h.Text)
	}
	if h := d.One("span", "class", "health health-dead"); h.Text != "Dead: reconnect it" {
		t.Errorf("openai health %q", h.Text)
	}
	if len(d.Find("dialog", "", "")) != 0 {
		t.Error("a dialog shows without a disconnection to confirm")
	}
}

func TestAccountsListStates(t *testing.T) {
	d := uitest.Render(t, &AccountsList{})
	d.Contains("Your accounts appear once the page has loaded.")
	if !d.ID(accountsRefreshID).Has("disabled") {
		t.Error("Refresh works before the wasm runs")
	}
	d = uitest.Render(t, &AccountsList{mounted: true})
	d.Contains("No accounts yet.")
	d = uitest.Render(t, &AccountsList{mounted: true, loading: true})
	d.Contains("Loading your accounts…")
	d = uitest.Render(t, &AccountsList{mounted: true, err: "Couldn't load your accounts: the server had a problem. Try again."})
	uitest.Labelled(t, d)
	d.Contains("the server had a problem")
	if b := d.Button("Try again"); b.Attrs["aria-label"] != "Try again to load your accounts" || b.Has("disabled") {
		t.Errorf("retry = %v", b.Attrs)
	}
	d = uitest.Render(t, &AccountsList{mounted: true, notice: uikit.Notice{Tone: uikit.ToneSuccess, Text: "Disconnected your Slack account."}})
	if s := d.ID("accounts-status"); s.Text != "Disconnected your Slack account." || !strings.Contains(s.Attrs["class"], "notice-success") {
		t.Errorf("status = %q %v", s.Text, s.Attrs)
	}
}

func TestAccountsListConfirmsDisconnection(t *testing.T) {
	accounts := testAccounts()
	d := uitest.Render(t, &AccountsList{accounts: accounts, mounted: true, confirm: &accounts[0]})
	uitest.Labelled(t, d)
	dlg := d.One("dialog", "role", "alertdialog")
	if dlg.Attrs["aria-modal"] != "true" || dlg.Attrs["aria-labelledby"] != "confirm-title" || dlg.Attrs["aria-describedby"] != "confirm-message" {
		t.Errorf("dialog = %v", dlg.Attrs)
	}
	if h := d.ID("confirm-title"); h.Text != "Disconnect Slack?" {
		t.Errorf("dialog title %q", h.Text)
	}
	if m := d.ID("confirm-message"); !strings.Contains(m.Text, "Slack account ann@example.com") {
		t.Errorf("dialog message %q", m.Text)
	}
	if d.ID(confirmCancelID).Text != "Cancel" || d.ID(confirmOKID).Text != "Disconnect" {
		t.Error("dialog buttons")
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct {
		a            Account
		label, class string
	}{
		{Account{Healthy: true}, "Healthy", "health-ok"},
		{Account{}, "Unhealthy", "health-bad"},
		{Account{Healthy: true, Dead: true}, "Dead: reconnect it", "health-dead"},
	} {
		if l, cl := health(c.a); l != c.label || cl != c.class {
			t.Errorf("health(%+v) = %q %q", c.a, l, cl)
		}
	}
	if got := (Account{Name: "ann", App: App{NameSlug: "slack"}}).Label(); got != "slack account ann" {
		t.Errorf("Label = %q", got)
	}
	if got := (Account{App: App{Name: "Slack"}}).Label(); got != "Slack account" {
		t.Errorf("Label = %q", got)
	}
	loc := time.FixedZone("X", 2*3600)
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = loc
	if got := day(time.Date(2026, 11, 22, 23, 40, 12, 345e6, time.UTC)); got != "Nov 23, 2026, 01:40" {
		t.Errorf("day = %q", got)
	}
	if got := day(time.Time{}); got != "at an unknown time" {
		t.Errorf("day(zero) = %q", got)
	}
	if got := without(testAccounts(), "apn_1"); len(got) != 1 || got[0].ID != "apn_2" {
		t.Errorf("without = %+v", got)
	}
}

func TestConnectButton(t *testing.T) {
	d := uitest.Render(t, &ConnectButton{App: "slack", AppName: "Slack", ID: "b"})
	uitest.Labelled(t, d)
	if b := d.ID("b"); b.Text != "Connect Slack" || !b.Has("disabled") || b.Attrs["class"] != "button-primary" {
		t.Errorf("prerendered button = %q %v", b.Text, b.Attrs)
	}
	d = uitest.Render(t, &ConnectButton{App: "slack", mounted: true, busy: true, ID: "b"})
	if b := d.ID("b"); b.Text != "Connecting…" || !b.Has("disabled") || b.Attrs["aria-busy"] != "true" {
		t.Errorf("busy button = %q %v", b.Text, b.Attrs)
	}
	d = uitest.Render(t, &ConnectButton{App: "slack", mounted: true, ID: "b", Text: "Reconnect", Label: "Reconnect Slack account", Class: "button-secondary"})
	if b := d.ID("b"); b.Text != "Reconnect" || b.Has("disabled") || b.Attrs["aria-label"] != "Reconnect Slack account" || b.Attrs["class"] != "button-secondary" {
		t.Errorf("reconnect button = %q %v", b.Text, b.Attrs)
	}
	for _, off := range []*ConnectButton{{mounted: true, ID: "b"}, {App: "slack", mounted: true, Disabled: true, ID: "b"}} {
		if b := uitest.Render(t, off).ID("b"); !b.Has("disabled") {
			t.Errorf("button %+v is enabled", off)
		}
	}
}

// TestAdded: a disconnection's notice goes once the list gains an account
// (a reconnect of the app, say), not when it only loses one.
func TestAdded(t *testing.T) {
	a, b, c := Account{ID: "apn_a"}, Account{ID: "apn_b"}, Account{ID: "apn_c"}
	for _, tc := range []struct {
		before, now []Account
		want        bool
	}{
		{[]Account{a, b}, []Account{a}, false},
		{[]Account{a}, []Account{a}, false},
		{nil, nil, false},
		{[]Account{a}, []Account{a, c}, true},
		{nil, []Account{b}, true},
	} {
		if got := added(tc.before, tc.now); got != tc.want {
			t.Errorf("added(%v, %v) = %v", tc.before, tc.now, got)
		}
	}
}

// TestAccountNamesSetSameNamesApart: accounts with one name read apart by
// when they were connected, and by their ids when that is the same too;
// other names stay as they are.
func TestAccountNamesSetSameNamesApart(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 30, 0, 0, time.Local)
	got := accountNames([]Account{
		{ID: "apn_aaaa1111", Name: "ann@example.com", CreatedAt: at},
		{ID: "apn_bbbb2222", Name: "ann@example.com", CreatedAt: at.Add(24 * time.Hour)},
		{ID: "apn_cccc3333", Name: "bob@example.com", CreatedAt: at},
		{ID: "apn_dddd4444", CreatedAt: at},
		{ID: "apn_eeee5555", CreatedAt: at},
	})
	want := []string{
		"ann@example.com, connected Nov 22, 2026, 10:30",
		"ann@example.com, connected Nov 23, 2026, 10:30",
		"bob@example.com",
		"—, connected Nov 22, 2026, 10:30 (…4444)",
		"—, connected Nov 22, 2026, 10:30 (…5555)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("names\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
