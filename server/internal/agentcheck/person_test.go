package agentcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/bench"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// startServer runs bin/server (make build writes it; make test builds it
// first) in sandbox mode until the test ends.
func startServer(t *testing.T) *bench.Server {
	t.Helper()
	bin, err := filepath.Abs("../../../bin/server")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := bench.StartServer(t.Context(), bin, t.TempDir())
	if err != nil {
		t.Fatalf("start bin/server (make build writes it): %v", err)
	}
	t.Cleanup(func() { srv.Stop() })
	return srv
}

// person is someone using the app in a browser: their session cookie.
type person struct {
	t    *testing.T
	base string
	c    *http.Client
	user string // their external user id
}

func newPerson(t *testing.T, base string) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	p := &person{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var s struct {
		ExternalUserID string `json:"external_user_id"`
	}
	p.call("GET", "/api/session", 200, &s)
	p.user = s.ExternalUserID
	return p
}

// call sends a request as the person and decodes the answer into out.
func (p *person) call(method, path string, want int, out any) {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.base+path, nil)
	res, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		p.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			p.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// key mints an agent key as the person does in "Connect an agent".
func (p *person) key() (id, key, url string) {
	p.t.Helper()
	var k struct{ ID, Key, URL string }
	p.call("POST", "/api/mcp/keys", 201, &k)
	return k.ID, k.Key, k.URL
}

// link is a Connect Link for app, as the PWA's Connect Link panel makes.
func (p *person) link(app string) string {
	p.t.Helper()
	var tok struct {
		ConnectLinkURL string `json:"connect_link_url"`
	}
	p.call("POST", "/api/connect/token", 200, &tok)
	return tok.ConnectLinkURL + "&app=" + app
}

// connect connects an account of app by following a Connect Link,
// entering fields for a keys app.
func (p *person) connect(app string, fields map[string]string) {
	p.t.Helper()
	if err := testsupport.FollowConnectLink(p.t.Context(), http.DefaultClient, p.link(app), fields); err != nil {
		p.t.Fatalf("connect %s: %v", app, err)
	}
	p.waitAccount(app)
}

// disconnect deletes the person's account of app, as the PWA's Disconnect
// does.
func (p *person) disconnect(app string) {
	p.t.Helper()
	id := p.accountID(app)
	if id == "" {
		p.t.Fatalf("%s has no %s account", p.user, app)
	}
	p.call("DELETE", "/api/connect/accounts/"+id, 204, nil)
}

// accountID is the id of the person's account of app, "" when there is
// none.
func (p *person) accountID(app string) string {
	p.t.Helper()
	var l struct {
		Data []struct {
			ID  string `json:"id"`
			App struct {
				NameSlug string `json:"name_slug"`
			} `json:"app"`
		} `json:"data"`
	}
	p.call("GET", "/api/connect/accounts", 200, &l)
	for _, a := range l.Data {
		if a.App.NameSlug == app {
			return a.ID
		}
	}
	return ""
}

// waitAccount waits until the person's accounts list one of app.
func (p *person) waitAccount(app string) {
	p.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(300 * time.Millisecond) {
		if p.accountID(app) != "" {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no %s account for %s after 20 s", app, p.user)
		}
	}
}

// follow follows a Connect Link an agent was given, as the person would.
func follow(ctx context.Context, link string) error {
	if !strings.Contains(link, "connect.html") {
		return fmt.Errorf("not a Connect Link: %q", link)
	}
	return testsupport.FollowConnectLink(ctx, http.DefaultClient, link, nil)
}
