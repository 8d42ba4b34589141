package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// connectIframeSel selects the hosted flow's iframe in the PWA, the shown
// one (not a preloaded page, out of sight).
const connectIframeSel = "iframe[id^=pipedream-connect-iframe-]:not([aria-hidden])"

// preloadedIframeSel selects the preloaded one.
const preloadedIframeSel = "iframe[id^=pipedream-connect-iframe-][aria-hidden=true]"

// connectIframeGoneJS is true when no hosted flow's iframe is on the page.
const connectIframeGoneJS = `!document.querySelector("` + connectIframeSel + `")`

// openPWACounting is openPWA that also notes the page's token requests
// (POST /api/connect/token) from the first navigation on.
func openPWACounting(t *testing.T, s *pwaStack) (context.Context, *tokenPosts) {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute)
	var p tokenPosts
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok &&
			r.Request.Method == "POST" && r.Request.URL == s.URL+"/api/connect/token" {
			p.mu.Lock()
			p.ids = append(p.ids, r.RequestID)
			p.mu.Unlock()
		}
	})
	run(t, ctx, network.Enable(), chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	return ctx, &p
}

// tokenPosts are a page's token requests, in the order sent.
type tokenPosts struct {
	mu  sync.Mutex
	ids []network.RequestID
}

// Load is how many have been sent.
func (p *tokenPosts) Load() int32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int32(len(p.ids))
}

// IDs are the requests sent so far.
func (p *tokenPosts) IDs() []network.RequestID {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]network.RequestID(nil), p.ids...)
}

// waitUntil polls ok until it is true, for at most 30 s.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	poll(t, what, func() (bool, error) { return ok(), nil }, nil)
}

// pwaEvent is one entry of the PWA's event log.
type pwaEvent struct {
	Name    string
	Payload string
}

// pwaEventLog reads the PWA's event log, oldest first.
func pwaEventLog(t *testing.T, ctx context.Context) []pwaEvent {
	t.Helper()
	var evs []pwaEvent
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#event-log li")].map(li => ({
		Name: li.querySelector(".event-name").innerText.trim(), Payload: li.querySelector(".event-payload").innerText.trim() }))`, &evs))
	return evs
}

// waitPWAEvents waits until the event log holds n of the hosted flow's
// callbacks (onSuccess, onError, onClose) and returns those: the webhooks
// logged beside them come when they come (see waitWebhook).
func waitPWAEvents(t *testing.T, ctx context.Context, n int) []pwaEvent {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-name")].filter((e) => e.innerText.trim().startsWith("on")).length >= %d`, n),
		fmt.Sprintf("%d callbacks in the log", n))
	var callbacks []pwaEvent
	for _, ev := range pwaEventLog(t, ctx) {
		if strings.HasPrefix(ev.Name, "on") {
			callbacks = append(callbacks, ev)
		}
	}
	return callbacks
}

// waitWebhook waits until the event log shows the webhook name (such as
// CONNECTION_SUCCESS) with a payload containing want.
func waitWebhook(t *testing.T, ctx context.Context, name, want string) {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#event-log li")].some((li) =>
		li.querySelector(".event-name").innerText.trim() === %s && li.querySelector(".event-payload").innerText.includes(%s))`, jsString(name), jsString(want)),
		name+" "+want+" in the log")
}

// successID returns the account id of an onSuccess event, failing the test
// when ev is another event or has no apn_ id.
func successID(t *testing.T, ev pwaEvent) string {
	t.Helper()
	var p struct{ ID string }
	if ev.Name != "onSuccess" || json.Unmarshal([]byte(ev.Payload), &p) != nil || !strings.HasPrefix(p.ID, "apn_") {
		t.Fatalf("event %+v is not onSuccess with an account id", ev)
	}
	return p.ID
}

// wantClose checks that ev is onClose with the given status.
func wantClose(t *testing.T, ev pwaEvent, successful, completed bool) {
	t.Helper()
	want := fmt.Sprintf(`{"successful":%t,"completed":%t}`, successful, completed)
	if ev.Name != "onClose" || ev.Payload != want {
		t.Errorf("event %+v, want onClose %s", ev, want)
	}
}

// chooseApp picks app in the picker's first page and waits for the Connect
// button to name it.
func chooseApp(t *testing.T, ctx context.Context, slug, name string) {
	t.Helper()
	waitJS(t, ctx, `!!document.getElementById("app-option-`+slug+`")`, "the "+slug+" option")
	click(t, ctx, "#app-option-"+slug)
	waitText(t, ctx, "#connect-button", "Connect "+name)
}

// openConnectFlow presses the Connect button and waits for the hosted page's
// iframe; it returns the iframe's src.
func openConnectFlow(t *testing.T, ctx context.Context, s *pwaStack, name string) string {
	t.Helper()
	clickButton(t, ctx, "Connect "+name)
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	var src string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("`+connectIframeSel+`").src`, &src))
	if !strings.HasPrefix(src, s.SandboxURL+"/_static/connect.html?") || !strings.Contains(src, "token=ctok_") {
		t.Errorf("iframe src = %q", src)
	}
	return src
}

// connectOAuthInPWA connects an OAuth app through the iframe: Connect,
// Continue, Allow, Close. It returns the account id reported.
func connectOAuthInPWA(t *testing.T, ctx context.Context, s *pwaStack, slug, name string) string {
	t.Helper()
	before := len(waitPWAEvents(t, ctx, 0))
	h := continueFlow(t, ctx, s, slug, name)
	h.press("Allow")
	return finishSuccess(t, ctx, h, before)
}

// continueFlow chooses the app slug, named name, opens its Connect flow
// and presses Continue on the hosted page, which it returns.
func continueFlow(t *testing.T, ctx context.Context, s *pwaStack, slug, name string) *hostedPage {
	t.Helper()
	chooseApp(t, ctx, slug, name)
	openConnectFlow(t, ctx, s, name)
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.press("Continue")
	return h
}

// finishSuccess waits for the hosted page to report success (callback
// number n of the log), closes it, and checks onClose and that the iframe went.
// It returns the account id reported.
func finishSuccess(t *testing.T, ctx context.Context, h *hostedPage, n int) string {
	t.Helper()
	id := successID(t, waitPWAEvents(t, ctx, n+1)[n])
	h.waitText("Connected")
	h.press("Close")
	wantClose(t, waitPWAEvents(t, ctx, n+2)[n+1], true, true)
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	return id
}

// sandboxAccount gets an account from the sandbox, failing the test when it
// is missing.
func sandboxAccount(t *testing.T, s *pwaStack, id string, credentials bool) pipedream.Account {
	t.Helper()
	a, err := s.PD.GetAccount(context.Background(), id, pipedream.AccountOptions{IncludeCredentials: credentials})
	if err != nil {
		t.Fatalf("account %s in the sandbox: %v", id, err)
	}
	return a
}

// sandboxAccounts lists the user's accounts in the sandbox.
func sandboxAccounts(t *testing.T, s *pwaStack, user string) []pipedream.Account {
	t.Helper()
	l, err := s.PD.ListAccounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: user})
	if err != nil {
		t.Fatal(err)
	}
	return l.Data
}

// slackChannels lists an account's channels through the Go client.
func slackChannels(t *testing.T, pd *pipedream.Client, user, acct string) []string {
	t.Helper()
	res, err := pd.RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-list-channels", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"include_private": true}.SetApp("slack", acct)})
	if err != nil || res.Err() != nil {
		t.Fatalf("slack-list-channels: %+v, %v", res, err)
	}
	var ret struct {
		Channels []struct {
			Name      string
			IsPrivate bool `json:"is_private"`
		}
	}
	if err := json.Unmarshal(res.Ret, &ret); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range ret.Channels {
		label := "#" + c.Name
		if c.IsPrivate {
			label += " (private)"
		}
		names = append(names, label)
	}
	return names
}

// pwaWithUser opens the PWA for a new user with a looker named name at
// size, and reads the user's id from the page.
func pwaWithUser(t *testing.T, name string, size viewport) (s *pwaStack, ctx context.Context, l *looker, user string) {
	t.Helper()
	s = startPWAStack(t)
	ctx = openPWA(t, s)
	return s, ctx, newLooker(t, ctx, name, size), text(t, ctx, "code.user-id")
}

// pwaWithAccount opens the PWA as pwaWithUser does, connects an account of
// app for that user behind the page's back (testsupport.ConnectOAuth), and
// waits until Refresh shows it: where the tests of an account's panels
// start.
func pwaWithAccount(t *testing.T, name string, size viewport, app string) (s *pwaStack, ctx context.Context, l *looker, user string, account pipedream.Account) {
	t.Helper()
	s, ctx, l, user = pwaWithUser(t, name, size)
	account = testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, app)
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")
	return s, ctx, l, user, account
}
