package connectmcp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// session connects a Go SDK client to srv's tools for user over
// streamable HTTP, with the user in a header a test can forge; changed
// receives each tools/list_changed.
func session(t *testing.T, h http.Handler, user string, query string) (*mcp.ClientSession, <-chan struct{}) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	changed := make(chan struct{}, 10)
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, &mcp.ClientOptions{
		ToolListChangedHandler: func(context.Context, *mcp.ToolListChangedRequest) { changed <- struct{}{} },
	})
	hc := &http.Client{Transport: userHeader{user}}
	cs, err := c.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: ts.URL + "/mcp" + query, HTTPClient: hc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs, changed
}

type userHeader struct{ user string }

func (u userHeader) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Test-User", u.user)
	return http.DefaultTransport.RoundTrip(r)
}

func newServer(t *testing.T, f *fakeConnect) http.Handler {
	t.Helper()
	s, err := connectmcp.New(connectmcp.Config{Connect: f, Watcher: f})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler(connectmcp.HTTPOptions{
		User:           func(r *http.Request) (string, error) { return r.Header.Get("X-Test-User"), nil },
		AllowedOrigins: []string{"https://app.example"},
	})
}

func tools(t *testing.T, cs *mcp.ClientSession) map[string]*mcp.Tool {
	t.Helper()
	out := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		out[tool.Name] = tool
	}
	return out
}

func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("call %s: a protocol error: %v", name, err)
	}
	return res
}

func TestToolsAreTheActionsOfTheUsersApps(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	f.connect("bob", "github", "apn_bob_github")
	cs, _ := session(t, newServer(t, f), "alice", "")
	got := tools(t, cs)
	if want := []string{"configure_prop", "slack-list-messages", "slack-send-message"}; !slices.Equal(testsupport.MCPToolNames(got), want) {
		t.Fatalf("alice's tools = %v, want %v", testsupport.MCPToolNames(got), want)
	}
	send := got["slack-send-message"]
	if send.Description != "Send a message to a channel." || send.Title != "Send Message" {
		t.Errorf("description %q, title %q", send.Description, send.Title)
	}
	if a := send.Annotations; a == nil || a.ReadOnlyHint || a.DestructiveHint == nil || *a.DestructiveHint || a.OpenWorldHint == nil || !*a.OpenWorldHint {
		t.Errorf("annotations = %+v", send.Annotations)
	}
	if a := got["slack-list-messages"].Annotations; !a.ReadOnlyHint || !a.IdempotentHint {
		t.Errorf("list annotations = %+v", a)
	}
	schema := schemaOf(t, send)
	props := schema["properties"].(map[string]any)
	if _, ok := props["slack"]; ok {
		t.Error("the app prop is an input")
	}
	if !slices.Equal(toStrings(schema["required"]), []string{"channel", "text"}) {
		t.Errorf("required = %v", schema["required"])
	}
	ch := props["channel"].(map[string]any)
	if d := ch["description"].(string); !strings.Contains(d, "configure_prop") || !strings.Contains(d, "query") {
		t.Errorf("channel's description does not say how to list channels: %q", d)
	}
	if asUser := props["as_user"].(map[string]any); asUser["type"] != "boolean" || asUser["default"] != false {
		t.Errorf("as_user = %v", asUser)
	}
	limit := schemaOf(t, got["slack-list-messages"])["properties"].(map[string]any)["limit"].(map[string]any)
	if limit["type"] != "integer" || limit["minimum"] != 1.0 || limit["maximum"] != 100.0 {
		t.Errorf("limit = %v", limit)
	}
	for _, tool := range got {
		resolveSchema(t, tool)
	}
}

func TestNamedAppsAddTheirTools(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, _ := session(t, newServer(t, f), "alice", "?app=github&app=Not+a+slug")
	got := tools(t, cs)
	issue, ok := got["github-create-issue"]
	if !ok {
		t.Fatalf("tools with ?app=github: %v", testsupport.MCPToolNames(got))
	}
	props := schemaOf(t, issue)["properties"].(map[string]any)
	if p := props["priority"].(map[string]any); !slices.Equal(toStrings(p["enum"]), []string{"low", "high"}) {
		t.Errorf("priority = %v", p)
	}
	if l := props["labels"].(map[string]any); l["type"] != "array" || l["items"].(map[string]any)["type"] != "string" {
		t.Errorf("labels = %v", l)
	}
	if m := props["meta"].(map[string]any); m["type"] != "object" {
		t.Errorf("meta = %v", m)
	}
	resolveSchema(t, issue)
}

func TestCallSendsAndReadsBack(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, _ := session(t, newServer(t, f), "alice", "")
	res := call(t, cs, "slack-send-message", map[string]any{"channel": "general", "text": "hello from an agent"})
	if res.IsError {
		t.Fatalf("send: %s", testsupport.MCPText(res))
	}
	if sc, _ := res.StructuredContent.(map[string]any); sc["ts"] != "1.0" || !strings.Contains(testsupport.MCPText(res), "Sent a message to #general") {
		t.Errorf("send answered %v / %q", res.StructuredContent, testsupport.MCPText(res))
	}
	res = call(t, cs, "slack-list-messages", map[string]any{"channel": "general"})
	ret, _ := res.StructuredContent.(map[string]any)["$return_value"].(map[string]any)
	msgs, _ := ret["messages"].([]any)
	if res.IsError || len(msgs) != 1 || msgs[0] != "hello from an agent" || !strings.Contains(testsupport.MCPText(res), `Returned: {"messages":["hello from an agent"]}`) {
		t.Fatalf("list answered %v / %q", res.StructuredContent, testsupport.MCPText(res))
	}
}

func TestCallMistakesAreToolErrors(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, _ := session(t, newServer(t, f), "alice", "")
	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"channel": "general"}, "text is required"},
		{map[string]any{"channel": "general", "text": 5}, "text must be a string"},
		{map[string]any{"channel": "general", "text": "x", "colour": "red"}, "colour is not an input"},
		{map[string]any{"channel": "nowhere", "text": "x"}, "The action ran and failed: channel_not_found"},
	} {
		res := call(t, cs, "slack-send-message", c.args)
		if !res.IsError || !strings.Contains(testsupport.MCPText(res), c.want) {
			t.Errorf("%v: answered %v %q, want a tool error with %q", c.args, res.IsError, testsupport.MCPText(res), c.want)
		}
		if strings.Contains(testsupport.MCPText(res), "secret.js") {
			t.Errorf("%v: the answer has the stack: %q", c.args, testsupport.MCPText(res))
		}
	}
	res := call(t, cs, "slack-list-messages", map[string]any{"channel": "general", "limit": 1000})
	if !res.IsError || !strings.Contains(testsupport.MCPText(res), "at most 100") {
		t.Errorf("limit 1000: %q", testsupport.MCPText(res))
	}
	if _, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "github-create-issue", Arguments: map[string]any{}}); err == nil {
		t.Error("a tool alice does not have ran")
	}
}

func TestConfigurePropListsOptions(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, _ := session(t, newServer(t, f), "alice", "")
	res := call(t, cs, "configure_prop", map[string]any{"action": "slack-send-message", "prop": "channel", "page": 1, "query": "4"})
	opts, _ := res.StructuredContent.(map[string]any)["options"].([]any)
	if res.IsError || len(opts) != 1 || opts[0].(map[string]any)["value"] != "general-4" {
		t.Fatalf("configure_prop answered %v %q", res.StructuredContent, testsupport.MCPText(res))
	}
	res = call(t, cs, "configure_prop", map[string]any{"action": "slack-send-message", "prop": "text"})
	if !res.IsError {
		t.Errorf("options of a prop without remote options: %q", testsupport.MCPText(res))
	}
}

func TestUnconnectedAppAnswersAConnectLinkThenWorks(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, changed := session(t, newServer(t, f), "alice", "?app=github")
	tools(t, cs)
	res := call(t, cs, "github-create-issue", map[string]any{"repo": "octo/hello", "title": "Bug"})
	link, _ := res.StructuredContent.(map[string]any)["connect_link_url"].(string)
	if !res.IsError || !strings.Contains(link, "app=github") || !strings.Contains(link, "token=ctok_x") ||
		!strings.Contains(testsupport.MCPText(res), link) || !strings.Contains(testsupport.MCPText(res), "call github-create-issue again") {
		t.Fatalf("unconnected github answered %v %q", res.StructuredContent, testsupport.MCPText(res))
	}
	f.connect("alice", "github", "apn_alice_github")
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("no tools/list_changed after a connection")
	}
	res = call(t, cs, "github-create-issue", map[string]any{"repo": "octo/hello", "title": "Bug"})
	if res.IsError || !strings.Contains(testsupport.MCPText(res), "Created issue #1") {
		t.Fatalf("after connecting: %q", testsupport.MCPText(res))
	}
}

func TestConnectionChangesTheToolList(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	cs, changed := session(t, newServer(t, f), "alice", "")
	if _, ok := tools(t, cs)["github-create-issue"]; ok {
		t.Fatal("github tools before github is connected")
	}
	if len(changed) > 0 {
		t.Error("a tools/list_changed before any change")
	}
	f.connect("alice", "github", "apn_alice_github")
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("no tools/list_changed after a connection")
	}
	if _, ok := tools(t, cs)["github-create-issue"]; !ok {
		t.Fatal("no github tools after github was connected")
	}
	// A second Slack account: the Slack tools ask which.
	f.connect("alice", "slack", "apn_alice_slack2")
	var acc map[string]any
	for deadline := time.Now().Add(10 * time.Second); acc == nil; {
		select {
		case <-changed:
		case <-time.After(time.Until(deadline)):
			t.Fatal("no account input within 10 s of a second Slack account")
		}
		acc, _ = schemaOf(t, tools(t, cs)["slack-send-message"])["properties"].(map[string]any)["account"].(map[string]any)
	}
	if !slices.Equal(toStrings(acc["enum"]), []string{"apn_alice_slack2", "apn_alice_slack"}) && !slices.Equal(toStrings(acc["enum"]), []string{"apn_alice_slack", "apn_alice_slack2"}) {
		t.Fatalf("account input = %v", acc)
	}
	res := call(t, cs, "slack-send-message", map[string]any{"channel": "general", "text": "which?"})
	if !res.IsError || !strings.Contains(testsupport.MCPText(res), "pass account") {
		t.Errorf("no account chosen: %q", testsupport.MCPText(res))
	}
	res = call(t, cs, "slack-send-message", map[string]any{"channel": "general", "text": "this one", "account": "apn_alice_slack2"})
	if res.IsError {
		t.Fatalf("with account: %q", testsupport.MCPText(res))
	}
	res = call(t, cs, "slack-send-message", map[string]any{"channel": "general", "text": "x", "account": "apn_bob_github"})
	if !res.IsError {
		t.Error("another account was used")
	}
}

func TestHTTPRefusals(t *testing.T) {
	f := newFake()
	f.connect("alice", "slack", "apn_alice_slack")
	h := newServer(t, f)
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(user, origin, session string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if user != "" {
			req.Header.Set("X-Test-User", user)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if session != "" {
			req.Header.Set("Mcp-Session-Id", session)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post("", "", ""); res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("no user: %d", res.StatusCode)
	}
	if res := post("alice", "https://evil.example", ""); res.StatusCode != 403 {
		t.Errorf("foreign origin: %d", res.StatusCode)
	}
	// Alice's session is not Bob's.
	cs, _ := session(t, h, "alice", "")
	_ = cs
	ts := httptest.NewServer(h)
	defer ts.Close()
	if res := post("bob", "", cs.ID()); res.StatusCode != 404 {
		t.Errorf("bob with alice's session: %d", res.StatusCode)
	}
	if res := post("alice", "https://app.example", cs.ID()); res.StatusCode != 200 {
		t.Errorf("alice with her session from the allowed origin: %d", res.StatusCode)
	}

	// On loopback, a foreign Host is refused (DNS rebinding); the allowed
	// origin's host, as a local TLS proxy forwards it, is not.
	hostReq := func(host string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("X-Test-User", "alice")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := hostReq("evil.example:80"); code != 403 {
		t.Errorf("Host evil.example on loopback: %d", code)
	}
	if code := hostReq("app.example"); code != 200 {
		t.Errorf("Host app.example (the allowed origin's) on loopback: %d", code)
	}
	if code := hostReq("localhost:1234"); code != 200 {
		t.Errorf("Host localhost: %d", code)
	}

	// The transport's own refusals are JSON errors too.
	req, _ := http.NewRequest("POST", srv.URL+"/mcp", strings.NewReader(`{not json`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("X-Test-User", "alice")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Error struct{ Code, Message string }
	}
	json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if res.StatusCode != 400 || body.Error.Code != "bad_request" || body.Error.Message == "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("a malformed message: %d %+v %s", res.StatusCode, body, res.Header.Get("Content-Type"))
	}
}

func TestHTTPRefusesAnOversizeBody(t *testing.T) {
	f := newFake()
	srv := httptest.NewServer(newServer(t, f))
	defer srv.Close()
	batch := "[" + strings.Repeat(`{"jsonrpc":"2.0","id":1,"method":"tools/list"},`, (1<<20)/40) + `{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(batch)
		if chunked {
			body = io.MultiReader(body) // no length: read until the cap
		}
		req, _ := http.NewRequest("POST", srv.URL+"/mcp", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("X-Test-User", "alice")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Error struct{ Code, Message string }
		}
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode < 400 || res.StatusCode >= 500 || out.Error.Code == "" {
			t.Errorf("a %d-byte batch (chunked %v): %d %+v", len(batch), chunked, res.StatusCode, out)
		}
	}
}

func TestHTTPRefusesALargeBatch(t *testing.T) {
	f := newFake()
	h := newServer(t, f)
	srv := httptest.NewServer(h)
	defer srv.Close()
	cs, _ := session(t, h, "alice", "")
	post := func(n int) int {
		msgs := make([]string, n)
		for i := range msgs {
			msgs[i] = fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/list"}`, i+1)
		}
		req, _ := http.NewRequest("POST", srv.URL+"/mcp", strings.NewReader("["+strings.Join(msgs, ",")+"]"))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("X-Test-User", "alice")
		req.Header.Set("Mcp-Session-Id", cs.ID())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(11); code != http.StatusBadRequest {
		t.Errorf("a batch of 11: %d, want 400", code)
	}
	if code := post(1); code != http.StatusOK {
		t.Errorf("a batch of 1: %d, want 200", code)
	}
}

func TestOpeningSessionsPastTheLimitEndsTheOldest(t *testing.T) {
	f := newFake()
	h := newServer(t, f)
	var sessions []*mcp.ClientSession
	for range connectmcp.MaxSessionsPerUser + 1 {
		cs, _ := session(t, h, "alice", "")
		tools(t, cs)
		sessions = append(sessions, cs)
	}
	_, err := sessions[0].ListTools(t.Context(), nil)
	if err == nil {
		t.Error("the oldest session still answers")
	}
	if _, err := sessions[1].ListTools(t.Context(), nil); err != nil {
		t.Errorf("the second oldest: %v", err)
	}
	cs, _ := session(t, h, "bob", "")
	if _, err := cs.ListTools(t.Context(), nil); err != nil {
		t.Errorf("bob's session: %v", err)
	}
}

func schemaOf(t *testing.T, tool *mcp.Tool) map[string]any {
	t.Helper()
	b, _ := json.Marshal(tool.InputSchema)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// resolveSchema checks the tool's input schema is valid JSON Schema.
func resolveSchema(t *testing.T, tool *mcp.Tool) {
	t.Helper()
	b, _ := json.Marshal(tool.InputSchema)
	var s jsonschema.Schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", tool.Name, err)
	}
	if _, err := s.Resolve(nil); err != nil {
		t.Errorf("%s: input schema does not resolve: %v", tool.Name, err)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestSessionsAreLoggedWithTheirClient(t *testing.T) {
	f := newFake()
	var log testsupport.LogBuffer
	s, err := connectmcp.New(connectmcp.Config{Connect: f, Watcher: f, Logger: log.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler(connectmcp.HTTPOptions{User: func(r *http.Request) (string, error) { return r.Header.Get("X-Test-User"), nil }})
	cs, _ := session(t, h, "alice", "")
	tools(t, cs)
	cs.Close()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(log.String(), "session ended"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("log:\n%s", log.String())
		}
	}
	if l := log.String(); !strings.Contains(l, `msg="connectmcp: session opened" external_user_id=alice client="test 1"`) {
		t.Errorf("log:\n%s", l)
	}
}
