package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The agents' endpoint: a user with these apps connected (fields for the
// keys apps), and how many requests each run times per side.
var mcpApps = map[string]map[string]string{
	"slack": nil, "github": nil, "google_sheets": nil, "notion": nil, "hubspot": nil,
	"gmail": nil, "todoist": nil, "discord": nil,
	"openai": {"api_key": "sk-benchbench1234"},
	"stripe": {"api_key": "sk_test_benchbench1234"},
}

const (
	mcpListCalls = 200 // tools/list per run
	mcpCallTurn  = 40  // calls per side per turn
)

// BenchmarkMCP runs the MCP rows alone:
// go test -run '^$' -bench MCP -benchtime 1x ./server/internal/bench
func BenchmarkMCP(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tbl := &Table{Title: "MCP (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback, median of runs)"}
	benchMCP(b, ctx, tbl, root)
	tbl.Print(os.Stdout)
}

// benchMCP runs its own bin/server (its agent key unlimited) and adds
// tools/list p50 for a user with 10 connected apps, over streamable HTTP
// with the official Go SDK's client, and a tool call's overhead: the p50
// of slack-list-messages through /api/mcp less the p50 of the same run
// straight to the sandbox with the Go client, the two sides taking turns.
func benchMCP(b *testing.B, ctx context.Context, tbl *Table, root string) {
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir(), "MCP_KEY_RATE_PER_MINUTE=100000000")
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()
	user, key, slackAccount, err := mcpUser(ctx, srv)
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: bearer{key, Client().Transport}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench", Version: "1"}, nil).
		Connect(ctx, &mcp.StreamableClientTransport{Endpoint: srv.URL + "/api/mcp", HTTPClient: hc, DisableStandaloneSSE: true}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()

	var listP50 Sample
	tools := 0
	for range runs {
		lat := make([]time.Duration, 0, mcpListCalls)
		for range mcpListCalls {
			t0 := time.Now()
			res, err := cs.ListTools(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			tools = len(res.Tools)
		}
		listP50 = append(listP50, Millis(Percentile(lat, 50)))
	}
	tbl.Add(Row{Metric: "MCP tools/list p50, user with 10 apps", Unit: "ms", Values: listP50, Note: fmt.Sprintf("%d tools", tools)})

	opts, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "configure_prop", Arguments: map[string]any{"action": "slack-list-messages", "prop": "channel"}})
	if err != nil || opts.IsError {
		b.Fatalf("configure_prop: %v %v", err, opts)
	}
	channel := opts.StructuredContent.(map[string]any)["options"].([]any)[0].(map[string]any)["value"]
	pd, err := pipedream.New(pipedream.Config{ClientID: sandbox.DefaultClientID, ClientSecret: sandbox.DefaultClientSecret,
		ProjectID: sandbox.DefaultProjectID, Environment: pipedream.Development, BaseURL: srv.SandboxURL, HTTPClient: Client()})
	if err != nil {
		b.Fatal(err)
	}
	straight := pipedream.RunActionRequest{ID: "slack-list-messages", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"channel": channel, "limit": 5}.SetApp("slack", slackAccount)}
	var viaP50, dirP50, overhead Sample
	for range runs {
		var via, dir []time.Duration
		for range turns {
			for range mcpCallTurn {
				t0 := time.Now()
				res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "slack-list-messages", Arguments: map[string]any{"channel": channel, "limit": 5}})
				if err != nil || res.IsError {
					b.Fatalf("call: %v %v", err, res)
				}
				via = append(via, time.Since(t0))
			}
			for range mcpCallTurn {
				t0 := time.Now()
				if _, err := pd.RunAction(ctx, straight); err != nil {
					b.Fatal(err)
				}
				dir = append(dir, time.Since(t0))
			}
		}
		v, d := Millis(Percentile(via, 50)), Millis(Percentile(dir, 50))
		viaP50, dirP50, overhead = append(viaP50, v), append(dirP50, d), append(overhead, v-d)
	}
	tbl.Add(Row{Metric: "MCP call slack-list-messages p50", Unit: "ms", Values: viaP50})
	tbl.Add(Row{Metric: "the same run straight to the sandbox p50", Unit: "ms", Values: dirP50})
	tbl.Add(Row{Metric: "MCP call overhead p50 (MCP - straight)", Unit: "ms", Values: overhead, Target: "<= 1"})
}

// bearer sends an agent key with every request.
type bearer struct {
	key  string
	next http.RoundTripper
}

func (t bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+t.key)
	return t.next.RoundTrip(r)
}

// mcpUser is a person of the app with the mcpApps connected through
// Connect Links and an agent key: their user id, key and Slack account.
func mcpUser(ctx context.Context, srv *Server) (user, key, slackAccount string, err error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: Client().Transport}
	get := func(method, path string, out any) error {
		req, _ := http.NewRequestWithContext(ctx, method, srv.URL+path, nil)
		res, err := c.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, body)
		}
		return json.Unmarshal(body, out)
	}
	var s struct {
		ExternalUserID string `json:"external_user_id"`
	}
	if err := get("GET", "/api/session", &s); err != nil {
		return "", "", "", err
	}
	for app, fields := range mcpApps {
		var tok struct {
			ConnectLinkURL string `json:"connect_link_url"`
		}
		if err := get("POST", "/api/connect/token", &tok); err != nil {
			return "", "", "", err
		}
		if err := testsupport.FollowConnectLink(ctx, c, tok.ConnectLinkURL+"&app="+app, fields); err != nil {
			return "", "", "", fmt.Errorf("connect %s: %w", app, err)
		}
	}
	var accts struct {
		Data []pipedream.Account `json:"data"`
	}
	if err := get("GET", "/api/connect/accounts", &accts); err != nil {
		return "", "", "", err
	}
	for _, a := range accts.Data {
		if a.App != nil && a.App.NameSlug == "slack" {
			slackAccount = a.ID
		}
	}
	if len(accts.Data) != len(mcpApps) || slackAccount == "" {
		return "", "", "", fmt.Errorf("%d accounts connected, want %d", len(accts.Data), len(mcpApps))
	}
	var k struct{ Key string }
	if err := get("POST", "/api/mcp/keys", &k); err != nil {
		return "", "", "", err
	}
	return s.ExternalUserID, k.Key, slackAccount, nil
}
