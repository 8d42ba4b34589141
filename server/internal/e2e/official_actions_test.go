package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// officialActionsPage runs the official browser client's components calls
// against the sandbox at %q for user %q, with Connect tokens from the
// page's backend, and leaves what it saw in window.result.
const officialActionsPage = `<!doctype html><meta charset="utf-8"><title>official SDK actions</title>
<script type="module">
import { createFrontendClient } from "/official.js";
const user = %q;
const client = createFrontendClient({
  baseUrl: %q,
  externalUserId: user,
  tokenCallback: async ({externalUserId}) => {
    const r = await fetch("/token", {method: "POST", body: JSON.stringify({external_user_id: externalUserId})});
    if (!r.ok) throw new Error("token: " + r.status);
    const t = await r.json();
    return {token: t.token, expiresAt: new Date(t.expires_at), connectLinkUrl: t.connect_link_url};
  },
});
const failure = async (fn) => { try { await fn(); return {thrown: false}; } catch (e) { return {thrown: true, status: e.statusCode ?? 0, body: e.body ?? null, message: String(e.message)}; } };
try {
  const slack = {authProvisionId: %q};
  const out = {};
  out.listed = (await client.actions.list({app: "slack"})).data.map((a) => a.key);
  out.retrieved = (await client.actions.retrieve("slack-send-message")).data.configurableProps.map((p) => p.name);
  const found = await client.actions.configureProp({id: "slack-send-message", externalUserId: user, propName: "channel", configuredProps: {slack}, query: "general"});
  out.options = found.options;
  const channel = found.options[0].value;
  const sent = await client.actions.run({id: "slack-send-message", externalUserId: user, configuredProps: {slack, channel, text: "Sent from the page"}});
  out.summary = sent.exports.$summary;
  const read = await client.actions.run({id: "slack-list-messages", externalUserId: user, configuredProps: {slack, channel}});
  out.newest = read.ret.messages[0].text;
  out.otherUser = await failure(() => client.actions.run({id: "slack-list-messages", externalUserId: "mallory", configuredProps: {slack, channel}}));
  out.missing = await failure(() => client.actions.run({id: "slack-send-message", externalUserId: user, configuredProps: {slack, channel}}));
  window.result = out;
} catch (e) {
  window.result = {error: String(e && e.stack || e)};
}
</script>`

// TestOfficialBrowserSDKActions runs the official @pipedream/sdk browser
// client, unchanged, in Chromium on a page of another origin than the
// sandbox's: it lists, retrieves, configures and runs actions with the
// user's Connect token, which acts for that user only. A page whose origin
// the token does not allow gets nothing.
func TestOfficialBrowserSDKActions(t *testing.T) {
	officialJS := officialJSHandler(t)
	sbxSrv := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, sbxSrv.URL, nil)
	const user = "official-actions-user"
	slack := testsupport.ConnectOAuth(t, pd, sbxSrv.URL, user, "slack")

	// Two pages: one whose origin the tokens allow, one they do not.
	allowed := httptest.NewUnstartedServer(nil)
	allowedURL := "http://" + allowed.Listener.Addr().String()
	page := func(srv *httptest.Server) {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, officialActionsPage, user, sbxSrv.URL, slack.ID)
		})
		mux.HandleFunc("GET /official.js", officialJS)
		mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
			tok, err := pd.CreateToken(r.Context(), pipedream.TokenRequest{ExternalUserID: user, AllowedOrigins: []string{allowedURL}})
			if err != nil {
				upstream(w, err)
				return
			}
			writeJSON(w, tok)
		})
		srv.Config.Handler = mux
		srv.Start()
		t.Cleanup(srv.Close)
	}
	page(allowed)
	other := httptest.NewUnstartedServer(nil)
	page(other)

	browser := browsertest.New(t, 2*time.Minute)
	var r struct {
		Error     string
		Listed    []string
		Retrieved []string
		Options   []struct{ Label, Value string }
		Summary   string
		Newest    string
		OtherUser struct {
			Thrown bool
			Status int
			Body   map[string]any
		}
		Missing struct {
			Thrown bool
			Status int
			Body   map[string]any
		}
	}
	run(t, browser, chromedp.Navigate(allowedURL+"/"))
	waitJS(t, browser, `window.result !== undefined`, "the official client's calls")
	var raw string
	run(t, browser, chromedp.Evaluate(`JSON.stringify(window.result)`, &raw))
	if err := json.Unmarshal([]byte(raw), &r); err != nil || r.Error != "" {
		t.Fatalf("page: %s (%v)", raw, err)
	}
	if !slices.Contains(r.Listed, "slack-send-message") || !slices.Contains(r.Listed, "slack-list-messages") {
		t.Errorf("actions.list app=slack: %v", r.Listed)
	}
	if !slices.Equal(r.Retrieved, []string{"slack", "channel", "text", "as_user"}) {
		t.Errorf("actions.retrieve: %v", r.Retrieved)
	}
	if len(r.Options) != 1 || r.Options[0].Label != "#general" {
		t.Errorf("configureProp query=general: %+v", r.Options)
	}
	if r.Summary != "Sent a message to #general" || r.Newest != "Sent from the page" {
		t.Errorf("run then read back: %q, %q", r.Summary, r.Newest)
	}
	if o := r.OtherUser; !o.Thrown || o.Status != http.StatusForbidden {
		t.Errorf("acting for another user: %+v", o)
	}
	if m := r.Missing; !m.Thrown || m.Status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(m.Body["error"]), `prop "text"`) {
		t.Errorf("a missing prop: %+v", m)
	}
	if strings.Contains(raw, "oauth_access_token") || strings.Contains(raw, "xoxp-") {
		t.Errorf("a credential reached the page: %s", raw)
	}

	// From an origin the token does not allow, the browser gets no answer.
	run(t, browser, chromedp.Navigate(other.URL+"/"))
	waitJS(t, browser, `window.result !== undefined`, "the other page's calls")
	run(t, browser, chromedp.Evaluate(`JSON.stringify(window.result)`, &raw))
	if !strings.Contains(raw, `"error"`) || strings.Contains(raw, "slack-send-message") {
		t.Errorf("a page of another origin: %s", raw)
	}
}
