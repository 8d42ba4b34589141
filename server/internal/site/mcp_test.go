package site_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// mcpSite serves the site with agent keys in a file, over HTTP.
func mcpSite(t *testing.T, keysPath string) *httptest.Server {
	t.Helper()
	up := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, up.URL, nil)
	sessions, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	store, err := agentkeys.OpenFile(keysPath)
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: pd, APIURL: up.URL, FrontendURL: "https://connect.example",
		User: sessions.User, Start: sessions.Start, AgentKeys: store, AgentKeyRate: 5})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// person is a browser with its session cookie.
type person struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newPerson(t *testing.T, base string) *person {
	jar, _ := cookiejar.New(nil)
	p := &person{t: t, base: base, c: &http.Client{Jar: jar}}
	if code, _ := p.do("GET", "/api/session", "", nil); code != 200 {
		t.Fatalf("session: %d", code)
	}
	return p
}

func (p *person) do(method, path, body string, hdr map[string]string) (int, map[string]any) {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	return res.StatusCode, m
}

func TestAgentKeysMintListRevoke(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent-keys.json")
	srv := mcpSite(t, path)
	ana, bo := newPerson(t, srv.URL), newPerson(t, srv.URL)

	code, minted := ana.do("POST", "/api/mcp/keys", `{"name":"Claude on my laptop"}`, map[string]string{"Content-Type": "application/json"})
	key, _ := minted["key"].(string)
	if code != 201 || !strings.HasPrefix(key, agentkeys.Prefix) || minted["url"] != srv.URL+"/api/mcp" || minted["id"] == "" {
		t.Fatalf("mint: %d %v", code, minted)
	}
	if code, body := testsupport.MCPInitialize(t, srv.URL+site.MCPPath, key, nil); code != 200 || !strings.Contains(body, `"protocolVersion"`) {
		t.Fatalf("initialize with the key: %d %s", code, body)
	}
	code, list := ana.do("GET", "/api/mcp/keys", "", nil)
	data, _ := list["data"].([]any)
	if code != 200 || len(data) != 1 {
		t.Fatalf("list: %d %v", code, list)
	}
	k := data[0].(map[string]any)
	if k["name"] != "Claude on my laptop" || k["last_used_at"] == nil || k["key"] != nil || k["hash"] != nil {
		t.Errorf("listed key %v", k)
	}
	if b, _ := json.Marshal(list); strings.Contains(string(b), key) {
		t.Error("the list shows the secret")
	}
	stored, _ := readFile(path)
	if strings.Contains(stored, key) || !strings.Contains(stored, agentkeys.Hash(key)) {
		t.Error("the store holds the secret, or not its hash")
	}
	if _, l := bo.do("GET", "/api/mcp/keys", "", nil); len(l["data"].([]any)) != 0 {
		t.Errorf("bo sees ana's keys: %v", l)
	}
	if code, _ := bo.do("DELETE", "/api/mcp/keys/"+minted["id"].(string), "", nil); code != 404 {
		t.Errorf("bo revoking ana's key: %d", code)
	}

	// Refusals: none, a wrong key, another site's page, then the revoked key.
	for _, c := range []struct {
		key  string
		hdr  map[string]string
		code int
	}{
		{"", nil, 401},
		{"pdmcp_wrong", nil, 401},
		{key + "x", nil, 401},
		{key, map[string]string{"Origin": "https://evil.example"}, 403},
	} {
		code, body := testsupport.MCPInitialize(t, srv.URL+site.MCPPath, c.key, c.hdr)
		if code != c.code || strings.Contains(body, "protocolVersion") {
			t.Errorf("key %q %v: %d %s", c.key, c.hdr, code, body)
		}
	}
	if code, _ := ana.do("POST", "/api/mcp/keys", "", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}); code != 403 {
		t.Errorf("minting from another site: %d", code)
	}
	if code, _ := ana.do("PUT", "/api/mcp/keys", "", nil); code != 405 {
		t.Errorf("PUT /api/mcp/keys: %d", code)
	}
	if code, _ := newPersonWithout(t, srv.URL).do("POST", "/api/mcp/keys", "", nil); code != 401 {
		t.Errorf("minting without a session: %d", code)
	}
	if code, _ := ana.do("DELETE", "/api/mcp/keys/"+minted["id"].(string), "", nil); code != 204 {
		t.Fatalf("revoke: %d", code)
	}
	if code, _ := testsupport.MCPInitialize(t, srv.URL+site.MCPPath, key, nil); code != 401 {
		t.Errorf("a revoked key: %d", code)
	}

	// Keys outlive a restart: a new site on the same file knows them.
	_, again := ana.do("POST", "/api/mcp/keys", "", nil)
	srv2 := mcpSite(t, path)
	if code, _ := testsupport.MCPInitialize(t, srv2.URL+site.MCPPath, again["key"].(string), nil); code != 200 {
		t.Errorf("a key after a restart: %d", code)
	}
}

func TestAgentKeyRateLimit(t *testing.T) {
	srv := mcpSite(t, filepath.Join(t.TempDir(), "k.json"))
	ana := newPerson(t, srv.URL)
	_, minted := ana.do("POST", "/api/mcp/keys", "", nil)
	key := minted["key"].(string)
	codes := map[int]int{}
	for range 8 {
		code, _ := testsupport.MCPInitialize(t, srv.URL+site.MCPPath, key, nil)
		codes[code]++
	}
	if codes[200] != 5 || codes[429] != 3 {
		t.Errorf("8 requests at 5 a minute: %v", codes)
	}
}

func newPersonWithout(t *testing.T, base string) *person {
	return &person{t: t, base: base, c: &http.Client{}}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
