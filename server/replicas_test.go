package main

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestReplicasShareLimitsAndEventsThroughRedis runs two replicas of the
// app on one real Redis, in front of one Connect API (a sandbox), the way a
// load balancer would: Pipedream's webhooks reach replica a (PUBLIC_URL),
// the page listens on replica b. They share the token limit and the live
// events; with Redis killed both keep serving (in-process limits, a
// degraded stream, no 500), and both share again once it is back.
func TestReplicasShareLimitsAndEventsThroughRedis(t *testing.T) {
	r := startReplicas(t, map[string]string{"TOKEN_RATE_PER_MINUTE": "10"})
	rds, up, a, b := r.redis, r.up, r.a, r.b

	// One user (cookies ignore ports: both replicas get them), minting on
	// each in turn: 10 in all.
	// across mints 14 tokens for v, in turn on a and b: how many pass.
	across := func(v *visitor) (minted int) {
		for i := range 14 {
			if status, _ := v.mint([]*started{a, b}[i%2].URL); status == http.StatusOK {
				minted++
			}
		}
		return minted
	}
	if minted := across(newVisitor(t, a.URL)); minted != 10 {
		t.Errorf("one user minted %d tokens across two replicas, limit 10", minted)
	}

	// A flow finished with a token from a: its webhook reaches a, the page
	// listens on b.
	u2 := newVisitor(t, a.URL)
	page := testsupport.OpenEvents(t, u2.c, b.URL+"/api/connect/events", "")
	if ev := page.Next(); ev.Type != "status" || ev.Data != `{"live":true}` {
		t.Fatalf("first event on b: %+v", ev)
	}
	u2.connect(t, a.URL, up.URL)
	if ev := page.Await(isConnection); !strings.Contains(ev.Data, "CONNECTION_SUCCESS") || ev.ID == "" {
		t.Fatalf("on b: %+v", ev)
	}

	rds.Stop()
	page.Await(func(ev testsupport.SSEEvent) bool {
		return ev.Type == "status" && strings.Contains(ev.Data, `"degraded"`)
	})
	u3 := newVisitor(t, b.URL)
	for _, s := range []*started{a, b} {
		if status, body := u3.mint(s.URL); status != http.StatusOK {
			t.Errorf("mint with Redis down on %s: %d %s", s.URL, status, body)
		}
		for _, path := range []string{"/api/session", "/api/connect/accounts", "/healthz"} {
			res, err := u3.c.Get(s.URL + path)
			if err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("GET %s with Redis down: %v %v", path, res.Status, err)
			}
			res.Body.Close()
		}
		testsupport.OpenEvents(t, u3.c, s.URL+"/api/connect/events", "").Close()
	}
	if !strings.Contains(a.logText(), "redis: unreachable") || !strings.Contains(b.logText(), "redis: unreachable") {
		t.Errorf("no warning that Redis is gone:\n%s\n%s", a.logText(), b.logText())
	}

	rds.Start()
	page.Await(func(ev testsupport.SSEEvent) bool { return ev.Type == "status" && ev.Data == `{"live":true}` })
	u2.connect(t, a.URL, up.URL)
	page.Await(isConnection)
	if minted := across(newVisitor(t, a.URL)); minted != 10 {
		t.Errorf("after Redis came back, one user minted %d tokens across two replicas, limit 10", minted)
	}
	for _, s := range []*started{a, b} {
		if log := s.logText(); strings.Contains(log, "level=ERROR") {
			t.Errorf("an error was logged:\n%s", log)
		}
	}
}

// replicas are two replicas of the app on one real Redis, in front of one
// Connect API (a sandbox), the way a load balancer runs them: Pipedream's
// webhooks reach a, whose PUBLIC_URL is publicA.
type replicas struct {
	a, b    *started
	publicA string
	redis   *testsupport.Redis
	up      *httptest.Server
}

// startReplicas starts two replicas until the test ends, with the sandbox's
// credentials, shared secrets and env's extra settings.
func startReplicas(t *testing.T, extra map[string]string) *replicas {
	t.Helper()
	r := &replicas{redis: testsupport.StartRedis(t), up: testsupport.StartSandbox(t, testsupport.SandboxOptions{})}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addrA := l.Addr().String()
	l.Close()
	r.publicA = "http://" + addrA
	env := map[string]string{
		"PIPEDREAM_CLIENT_ID": sandbox.DefaultClientID, "PIPEDREAM_CLIENT_SECRET": sandbox.DefaultClientSecret,
		"PIPEDREAM_PROJECT_ID": sandbox.DefaultProjectID, "PIPEDREAM_API_URL": r.up.URL, "PIPEDREAM_FRONTEND_URL": r.up.URL,
		"PUBLIC_URL": r.publicA, "REDIS_URL": r.redis.URL,
		"SESSION_SECRET": strings.Repeat("s", 32), "WEBHOOK_SECRET": strings.Repeat("w", 32),
	}
	maps.Copy(env, extra)
	r.a = start(t, env, "-addr", addrA)
	r.b = start(t, env)
	return r
}

func isConnection(ev testsupport.SSEEvent) bool { return ev.Type == "connection" }

// visitor is one browser: its cookies, for whichever replica it reaches.
type visitor struct{ c *http.Client }

// newVisitor starts a session on the app at base.
func newVisitor(t *testing.T, base string) *visitor {
	jar, _ := cookiejar.New(nil)
	v := &visitor{c: &http.Client{Jar: jar}}
	res, err := v.c.Get(base + "/api/session")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("session: %v %v", res, err)
	}
	res.Body.Close()
	return v
}

// mint asks the app at base for a token as a same-origin page would; a
// transport error is status 0 with the error as the body.
func (v *visitor) mint(base string) (int, string) {
	req, _ := http.NewRequest(http.MethodPost, base+"/api/connect/token", nil)
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := v.c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// connect mints a token on base and connects an openai account with it
// straight through the sandbox at sbx, as its hosted page does.
func (v *visitor) connect(t *testing.T, base, sbx string) {
	t.Helper()
	status, body := v.mint(base)
	var tok struct{ Token string }
	if status != http.StatusOK || json.Unmarshal([]byte(body), &tok) != nil {
		t.Fatalf("token: %d %s", status, body)
	}
	if _, err := testsupport.ConnectKeys(context.Background(), http.DefaultClient, sbx, tok.Token, "openai", "", map[string]string{"api_key": "sk-abcdefgh12345"}); err != nil {
		t.Fatal(err)
	}
}
