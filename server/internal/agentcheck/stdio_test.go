package agentcheck

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestGoSDKOverStdio runs bin/server -mcp-stdio for one person's user, as
// a local agent starts it, and drives it with the official Go SDK's
// client: only that user's apps' actions (and those of the app named with
// -mcp-apps) are tools, with valid JSON Schemas; a message sent with
// slack-send-message is read back with slack-list-messages; a call for
// GitHub, not connected yet, answers a Connect Link; once the person has
// followed it the tool list changes and the same call works; a run that
// fails is a tool error in words; once Slack is disconnected its tools go.
func TestGoSDKOverStdio(t *testing.T) {
	srv := startServer(t)
	ana := newPerson(t, srv.URL)
	ana.connect("slack", nil)
	bo := newPerson(t, srv.URL)
	bo.connect("openai", map[string]string{"api_key": "sk-agentcheck12345"})

	bin, _ := filepath.Abs("../../../bin/server")
	cmd := exec.Command(bin, "-mcp-stdio", ana.user, "-mcp-apps", "github")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PIPEDREAM_") && !strings.HasPrefix(kv, "SANDBOX_") && !strings.HasPrefix(kv, "REDIS_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "SANDBOX_ADDR="+strings.TrimPrefix(srv.SandboxURL, "http://"), "DATA_DIR="+t.TempDir())
	stderr := &testsupport.LogBuffer{}
	cmd.Stderr = stderr
	changed := make(chan struct{}, 16)
	client := mcp.NewClient(&mcp.Implementation{Name: "agentcheck", Version: "1"}, &mcp.ClientOptions{
		ToolListChangedHandler: func(context.Context, *mcp.ToolListChangedRequest) { changed <- struct{}{} },
	})
	ctx := t.Context()
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connect over stdio: %v\n%s", err, stderr)
	}
	defer cs.Close()
	s := &session{t: t, cs: cs}

	tools := s.tools()
	for _, want := range []string{"slack-send-message", "slack-list-messages", "github-create-issue", "configure_prop"} {
		if tools[want] == nil {
			t.Fatalf("no tool %s among %v", want, testsupport.MCPToolNames(tools))
		}
	}
	for name, tool := range tools {
		if strings.HasPrefix(name, "openai-") || strings.HasPrefix(name, "gmail-") {
			t.Errorf("a tool of an app ana has not connected: %s", name)
		}
		b, _ := json.Marshal(tool.InputSchema)
		var sch jsonschema.Schema
		if err := json.Unmarshal(b, &sch); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := sch.Resolve(nil); err != nil {
			t.Errorf("%s: its input schema is not valid JSON Schema: %v", name, err)
		}
	}

	channel := s.firstOption("slack-send-message", "channel")
	text := "hello over stdio " + time.Now().Format(time.RFC3339Nano)
	res := s.call("slack-send-message", map[string]any{"channel": channel, "text": text})
	if res.IsError {
		t.Fatalf("send: %s", testsupport.MCPText(res))
	}
	res = s.call("slack-list-messages", map[string]any{"channel": channel, "limit": 5})
	if b, _ := json.Marshal(res.StructuredContent); res.IsError || !strings.Contains(string(b), text) {
		t.Fatalf("the message is not read back: %s", b)
	}
	res = s.call("slack-send-message", map[string]any{"channel": "C_NO_SUCH_CHANNEL", "text": "x"})
	if got := testsupport.MCPText(res); !res.IsError || !strings.Contains(got, "failed") || strings.Contains(got, "    at ") {
		t.Errorf("a failed run answered %v %q", res.IsError, got)
	}
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "openai-chat", Arguments: map[string]any{"prompt": "hi"}}); err == nil {
		t.Error("bo's app's tool ran for ana")
	}

	// GitHub: a Connect Link, then, once connected, the call works.
	res = s.call("github-create-issue", map[string]any{"repo": "x", "title": "From an agent"})
	link, _ := res.StructuredContent.(map[string]any)["connect_link_url"].(string)
	if !res.IsError || !strings.Contains(link, "app=github") || !strings.Contains(testsupport.MCPText(res), "again") {
		t.Fatalf("github before connecting: %v %q", res.StructuredContent, testsupport.MCPText(res))
	}
	drain(changed)
	if err := follow(ctx, link); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("no notifications/tools/list_changed within 30 s of the connection")
	}
	repo := s.firstOption("github-create-issue", "repo")
	res = s.call("github-create-issue", map[string]any{"repo": repo, "title": "From an agent", "labels": []string{"agent"}})
	if res.IsError {
		t.Fatalf("github after connecting: %s", testsupport.MCPText(res))
	}

	// Slack disconnected in the app: its tools go.
	drain(changed)
	ana.disconnect("slack")
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("no notifications/tools/list_changed within 30 s of the disconnection")
	}
	if tools := s.tools(); tools["slack-send-message"] != nil || tools["github-create-issue"] == nil {
		t.Errorf("tools after Slack was disconnected: %v", testsupport.MCPToolNames(tools))
	}
	if strings.Contains(stderr.String(), "ctok_") {
		t.Error("the server's log holds a Connect token")
	}
}

// session is an MCP client session with the test's helpers.
type session struct {
	t  *testing.T
	cs *mcp.ClientSession
}

func (s *session) tools() map[string]*mcp.Tool {
	s.t.Helper()
	out := map[string]*mcp.Tool{}
	for tool, err := range s.cs.Tools(s.t.Context(), nil) {
		if err != nil {
			s.t.Fatal(err)
		}
		out[tool.Name] = tool
	}
	return out
}

func (s *session) call(name string, args map[string]any) *mcp.CallToolResult {
	s.t.Helper()
	res, err := s.cs.CallTool(s.t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		s.t.Fatalf("%s: a protocol error: %v", name, err)
	}
	return res
}

// firstOption is the value of the first option configure_prop lists.
func (s *session) firstOption(action, prop string) any {
	s.t.Helper()
	res := s.call("configure_prop", map[string]any{"action": action, "prop": prop})
	opts, _ := res.StructuredContent.(map[string]any)["options"].([]any)
	if res.IsError || len(opts) == 0 {
		s.t.Fatalf("configure_prop %s %s: %q", action, prop, testsupport.MCPText(res))
	}
	return opts[0].(map[string]any)["value"]
}

func drain(c chan struct{}) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
