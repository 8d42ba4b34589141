package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestHostedPageMounted runs a Connect Link through the sandbox's hosted
// page: the account it connects is listed by the API and the token's
// webhook receives CONNECTION_SUCCESS.
func TestHostedPageMounted(t *testing.T) {
	got := make(chan []byte, 1)
	recv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer recv.Close()
	e := newEnv(t, nil)
	tok := e.newToken(map[string]any{"external_user_id": "u1", "webhook_uri": recv.URL,
		"allowed_origins": []string{"http://localhost:3000"}})

	page := e.do(http.MethodGet, strings.TrimPrefix(tok.ConnectLinkURL, e.srv.URL)+"&app=github", nil, nil)
	if page.status != http.StatusOK || !strings.Contains(string(page.body), "Pipedream Connect Sandbox") ||
		!strings.Contains(page.header.Get("Content-Security-Policy"), "frame-ancestors http://localhost:3000") {
		t.Fatalf("hosted page: %d %v\n%s", page.status, page.header, page.body)
	}
	form := url.Values{"token": {tok.Token}, "app": {"github"}, "connectLink": {"true"}, "decision": {"allow"}}
	res, err := http.PostForm(e.srv.URL+"/_static/connect/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Your GitHub account is now connected") {
		t.Fatalf("authorize: %d\n%s", res.StatusCode, body)
	}

	var list struct{ Data []pipedream.Account }
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/accounts?external_user_id=u1", nil, nil, http.StatusOK, &list)
	if len(list.Data) != 1 || list.Data[0].App == nil || list.Data[0].App.NameSlug != "github" {
		t.Fatalf("accounts %+v", list.Data)
	}
	select {
	case b := <-got:
		var ev pipedream.WebhookEvent
		if err := json.Unmarshal(b, &ev); err != nil || ev.Event != pipedream.EventConnectionSuccess || ev.Account == nil || ev.Account.ID != list.Data[0].ID {
			t.Fatalf("webhook %s: %v", b, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook")
	}
}
