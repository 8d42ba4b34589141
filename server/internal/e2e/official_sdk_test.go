package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/bench"
	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/hosted"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// officialPage is a plain page using the official browser client, built
// from @pipedream/sdk by bench.BuildOfficial. Its tokenCallback gets tokens
// from the page's backend (POST /token). connect(token) starts a flow for
// slack; the callbacks' calls land in window.events.
const officialPage = `<!doctype html><meta charset="utf-8"><title>official SDK</title>
<script type="module">
import { createFrontendClient, ConnectError } from "/official.js";
window.events = [];
const log = (Name, payload) => events.push({Name, Payload: JSON.stringify(payload)});
const client = createFrontendClient({
  frontendHost: %q,
  externalUserId: %q,
  tokenCallback: async ({externalUserId}) => {
    const r = await fetch("/token", {method: "POST", body: JSON.stringify({external_user_id: externalUserId})});
    if (!r.ok) throw new Error("token: " + r.status);
    const t = await r.json();
    return {token: t.token, expiresAt: new Date(t.expires_at), connectLinkUrl: t.connect_link_url};
  },
});
window.connect = (token) => client.connectAccount({
  app: "slack",
  token,
  onSuccess: (res) => log("onSuccess", res),
  onError: (err) => log("onError", {connectError: err instanceof ConnectError, message: err.message}),
  onClose: (status) => log("onClose", status),
});
window.sdkReady = true;
</script>`

// TestOfficialBrowserSDK runs the official @pipedream/sdk browser client,
// unchanged, against the sandbox's hosted page behind TLS (the client
// forces https): an allowed flow through its tokenCallback and a denied one
// with a token passed to connectAccount. The page is served over https too,
// so it is the sandbox's site (ports do not count).
func TestOfficialBrowserSDK(t *testing.T) {
	officialJS := officialJSHandler(t)

	sbxSrv := testsupport.StartSandbox(t, testsupport.SandboxOptions{TLS: true})
	sbxURL := sbxSrv.URL
	pd := testsupport.Client(t, sbxURL, func(c *pipedream.Config) { c.HTTPClient = sbxSrv.Client() })

	const user = "official-sdk-user"
	pageSrv := httptest.NewUnstartedServer(nil)
	pageURL := "https://" + pageSrv.Listener.Addr().String()
	mint := func(externalUserID string) (pipedream.Token, error) {
		return pd.CreateToken(context.Background(), pipedream.TokenRequest{ExternalUserID: externalUserID, AllowedOrigins: []string{pageURL}})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, officialPage, strings.TrimPrefix(sbxURL, "https://"), user)
	})
	mux.HandleFunc("GET /official.js", officialJS)
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		var req pipedream.TokenRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		tok, err := mint(req.ExternalUserID)
		if err != nil {
			upstream(w, err)
			return
		}
		writeJSON(w, tok)
	})
	pageSrv.Config.Handler = mux
	pageSrv.StartTLS()
	t.Cleanup(pageSrv.Close)

	browser := browsertest.NewWith(t, 2*time.Minute, chromedp.Flag("ignore-certificate-errors", true))
	run(t, browser, chromedp.Navigate(pageURL+"/"))
	waitJS(t, browser, `window.sdkReady === true`, "the official client")

	t.Run("allow", func(t *testing.T) {
		h := newHostedPage(t, browser, sbxURL)
		run(t, browser, chromedp.Evaluate(`connect(undefined); true`, nil))
		h.press("Continue")
		h.press("Allow")
		id := successID(t, waitSDKEvents(t, browser, 1)[0])
		h.waitText("Connected")
		h.press("Close")
		wantClose(t, waitSDKEvents(t, browser, 2)[1], true, true)
		waitJS(t, browser, `!document.querySelector("iframe")`, "the iframe to go")

		a, err := pd.GetAccount(context.Background(), id, pipedream.AccountOptions{})
		if err != nil {
			t.Fatalf("account %s: %v", id, err)
		}
		if a.ExternalID != user || a.App.NameSlug != "slack" {
			t.Errorf("account %s: external_id %q, app %q", id, a.ExternalID, a.App.NameSlug)
		}
	})

	t.Run("deny", func(t *testing.T) {
		h := newHostedPage(t, browser, sbxURL)
		const denier = "official-sdk-denier"
		tok, err := mint(denier)
		if err != nil {
			t.Fatal(err)
		}
		run(t, browser, chromedp.Evaluate(`events.length = 0; connect(`+jsString(tok.Token)+`); true`, nil))
		h.press("Continue")
		h.press("Deny")
		ev := waitSDKEvents(t, browser, 1)[0]
		var e struct {
			ConnectError bool
			Message      string
		}
		if ev.Name != "onError" || json.Unmarshal([]byte(ev.Payload), &e) != nil || !e.ConnectError || e.Message != hosted.MsgAccessDenied {
			t.Errorf("event %+v, want onError with a ConnectError %q", ev, hosted.MsgAccessDenied)
		}
		h.press("Close")
		wantClose(t, waitSDKEvents(t, browser, 2)[1], false, true)
		waitJS(t, browser, `!document.querySelector("iframe")`, "the iframe to go")

		l, err := pd.ListAccounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: denier})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Data) != 0 {
			t.Errorf("denied flow connected %+v", l.Data)
		}
	})
}

// waitSDKEvents waits until the official page's window.events holds n
// entries and returns them.
func waitSDKEvents(t *testing.T, ctx context.Context, n int) []pwaEvent {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`window.events.length >= %d`, n), fmt.Sprintf("%d callback calls", n))
	var evs []pwaEvent
	run(t, ctx, chromedp.Evaluate(`window.events`, &evs))
	return evs
}

// officialJSHandler builds the official browser client (bench.BuildOfficial)
// and serves it, as the pages' /official.js.
func officialJSHandler(t *testing.T) http.HandlerFunc {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	bundle, err := bench.BuildOfficial(ctx, "../bench/testdata/official")
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, bundle)
	}
}
