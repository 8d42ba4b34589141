package agentcheck

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// tsResult is what testdata/tsclient/check.mjs saw.
type tsResult struct {
	ServerName               string
	ProtocolToolsListChanged bool
	Tools, InvalidSchemas    []string
	SendTool                 struct {
		Title, Description string
		Annotations        map[string]any
		InputSchema        struct {
			Properties map[string]map[string]any
			Required   []string
		}
	}
	ChannelPages            []int
	PagesDiffer             bool
	SearchLabels            []string
	SentText                string
	Send, List, Failed      callResult
	OutOfRange, LinkAnswer  callResult
	AfterConnect            callResult
	GithubTools, ToolsAfter []string
	ChangesBefore           int
	ChangedNamed            bool
	ChangedPlain            bool
	NoKey, WrongKey         int
	RevokedKey              int
	OtherTools              []string
}

type callResult struct {
	IsError    bool
	Text       string
	Structured map[string]any
}

// TestTypeScriptSDKOverHTTP drives /api/mcp with the official MCP
// TypeScript SDK (@modelcontextprotocol/sdk 1.32.2 from npm) over
// streamable HTTP, with a key a person minted: the tools are that
// person's apps' actions with schemas Ajv compiles; channels list, search
// and page through configure_prop; a message sent is read back; a failed
// run and a value out of range are tool errors in words; GitHub, named in
// the URL, answers a Connect Link, and once the person follows it the tool
// lists change on both sessions and the call works; no key, a wrong key
// and a revoked key are refused with 401, and another person's key
// reaches only that person's apps.
func TestTypeScriptSDKOverHTTP(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "tsclient"))
	if err != nil {
		t.Fatal(err)
	}
	node := npmInstall(t, dir)
	srv := startServer(t)
	ana := newPerson(t, srv.URL)
	ana.connect("slack", nil)
	_, key, url := ana.key()
	revokedID, revoked, _ := ana.key()
	ana.call("DELETE", "/api/mcp/keys/"+revokedID, 204, nil)
	bo := newPerson(t, srv.URL)
	bo.connect("openai", map[string]string{"api_key": "sk-agentcheck12345"})
	_, boKey, _ := bo.key()

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "check.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MCP_URL="+url, "MCP_KEY="+key, "REVOKED_KEY="+revoked, "OTHER_KEY="+boKey)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	var r tsResult
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var line struct {
			Step   string
			URL    string
			Result json.RawMessage
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("check.mjs printed %q: %v", sc.Text(), err)
		}
		switch line.Step {
		case "link":
			if err := follow(ctx, line.URL); err != nil {
				t.Fatalf("the Connect Link the agent got: %v", err)
			}
			io.WriteString(stdin, "connected\n")
		case "done":
			if err := json.Unmarshal(line.Result, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := cmd.Wait(); err != nil || r.ServerName == "" {
		t.Fatalf("node check.mjs: %v\n%s", err, stderr.String())
	}

	defer func() {
		if t.Failed() {
			b, _ := json.MarshalIndent(r, "", " ")
			t.Logf("what the TypeScript SDK saw: %s", b)
		}
	}()
	if !r.ProtocolToolsListChanged || r.ServerName != "pdconnect" {
		t.Errorf("server %q, tools.listChanged %v", r.ServerName, r.ProtocolToolsListChanged)
	}
	for _, want := range []string{"slack-send-message", "slack-list-messages", "configure_prop"} {
		if !slices.Contains(r.Tools, want) {
			t.Errorf("no %s among ana's tools %v", want, r.Tools)
		}
	}
	for _, name := range r.Tools {
		if !strings.HasPrefix(name, "slack-") && name != "configure_prop" && name != "reload_props" {
			t.Errorf("ana has a tool of an app she has not connected: %s", name)
		}
	}
	if len(r.InvalidSchemas) > 0 {
		t.Errorf("schemas Ajv refuses: %v", r.InvalidSchemas)
	}
	st := r.SendTool
	if st.Title != "Send Message" || !strings.Contains(st.Description, "Send a message") || st.Annotations["readOnlyHint"] != false {
		t.Errorf("slack-send-message: %+v", st)
	}
	if _, ok := st.InputSchema.Properties["slack"]; ok || !slices.Contains(st.InputSchema.Required, "channel") ||
		!slices.Contains(st.InputSchema.Required, "text") || slices.Contains(st.InputSchema.Required, "as_user") ||
		st.InputSchema.Properties["as_user"]["type"] != "boolean" || !strings.Contains(st.InputSchema.Properties["channel"]["description"].(string), "configure_prop") {
		t.Errorf("slack-send-message's schema: %+v", st.InputSchema)
	}
	if len(r.ChannelPages) != 2 || r.ChannelPages[0] == 0 || r.ChannelPages[1] == 0 || !r.PagesDiffer {
		t.Errorf("channel pages %v (differ: %v)", r.ChannelPages, r.PagesDiffer)
	}
	if len(r.SearchLabels) == 0 || !strings.Contains(r.SearchLabels[0], "general") {
		t.Errorf("a search for general: %v", r.SearchLabels)
	}
	if r.Send.IsError || !strings.Contains(r.Send.Text, "Sent a message to #") {
		t.Errorf("send: %+v", r.Send)
	}
	if b, _ := json.Marshal(r.List.Structured); r.List.IsError || !strings.Contains(string(b), r.SentText) {
		t.Errorf("the message is not read back: %s", b)
	}
	if !r.Failed.IsError || !strings.Contains(r.Failed.Text, "failed") || strings.Contains(r.Failed.Text, "    at ") {
		t.Errorf("a failed run: %+v", r.Failed)
	}
	if !r.OutOfRange.IsError || !strings.Contains(r.OutOfRange.Text, "limit must be at most 200") {
		t.Errorf("limit 5000: %+v", r.OutOfRange)
	}
	if !slices.Contains(r.GithubTools, "github-create-issue") {
		t.Errorf("?app=github lists %v", r.GithubTools)
	}
	if link, _ := r.LinkAnswer.Structured["connect_link_url"].(string); !r.LinkAnswer.IsError || !strings.Contains(link, "app=github") ||
		!strings.Contains(r.LinkAnswer.Text, link) || !strings.Contains(r.LinkAnswer.Text, "call github-create-issue again") {
		t.Errorf("github before connecting: %+v", r.LinkAnswer)
	}
	if r.ChangesBefore != 0 {
		t.Errorf("%d tools/list_changed before any change", r.ChangesBefore)
	}
	if !r.ChangedNamed || !r.ChangedPlain || !slices.Contains(r.ToolsAfter, "github-create-issue") {
		t.Errorf("after connecting: list_changed %v/%v, plain session's github tools %v", r.ChangedNamed, r.ChangedPlain, r.ToolsAfter)
	}
	if r.AfterConnect.IsError || !strings.Contains(r.AfterConnect.Text, "#") {
		t.Errorf("github after connecting: %+v", r.AfterConnect)
	}
	if r.NoKey != 401 || r.WrongKey != 401 || r.RevokedKey != 401 {
		t.Errorf("refusals: no key %d, wrong key %d, revoked key %d; want 401", r.NoKey, r.WrongKey, r.RevokedKey)
	}
	for _, name := range r.OtherTools {
		if strings.HasPrefix(name, "slack-") || strings.HasPrefix(name, "github-") {
			t.Errorf("bo's key reaches ana's app: %s", name)
		}
	}
	if !slices.Contains(r.OtherTools, "openai-chat") {
		t.Errorf("bo's tools: %v", r.OtherTools)
	}
}

// npmInstall installs dir's pinned packages (npm ci) unless they are, and
// returns node's path.
func npmInstall(t *testing.T, dir string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: the TypeScript SDK check needs Node.js 18+ and npm")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is not installed: the TypeScript SDK check needs Node.js 18+ and npm")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@modelcontextprotocol", "sdk", "package.json")); err != nil {
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	return node
}
