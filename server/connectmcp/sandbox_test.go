package connectmcp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestDynamicPropsAgainstTheSandbox serves the sandbox's actions with the
// real client: a spreadsheet chosen through configure_prop, its columns
// learnt through reload_props, a row added with them and read back.
func TestDynamicPropsAgainstTheSandbox(t *testing.T) {
	sbx := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, sbx.URL, nil)
	tok, err := pd.CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := testsupport.FollowConnectLink(t.Context(), http.DefaultClient, tok.ConnectLinkURL+"&app=google_sheets", nil); err != nil {
		t.Fatal(err)
	}
	srv, err := connectmcp.New(connectmcp.Config{Connect: pd})
	if err != nil {
		t.Fatal(err)
	}
	serverEnd, clientEnd := mcp.NewInMemoryTransports()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go srv.Run(ctx, "ana", serverEnd)
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, clientEnd, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()

	got := tools(t, cs)
	add := got["google_sheets-add-single-row"]
	if add == nil || got["reload_props"] == nil {
		t.Fatalf("tools: %v", testsupport.MCPToolNames(got))
	}
	sheet := schemaOf(t, add)["properties"].(map[string]any)["sheetId"].(map[string]any)
	if d := sheet["description"].(string); !strings.Contains(d, "reload_props") || !strings.Contains(d, "configure_prop") {
		t.Errorf("sheetId's description: %q", d)
	}
	res := call(t, cs, "configure_prop", map[string]any{"action": "google_sheets-add-single-row", "prop": "sheetId"})
	opts, _ := res.StructuredContent.(map[string]any)["options"].([]any)
	if res.IsError || len(opts) == 0 {
		t.Fatalf("configure_prop: %q", testsupport.MCPText(res))
	}
	sheetID := opts[0].(map[string]any)["value"]
	res = call(t, cs, "reload_props", map[string]any{"action": "google_sheets-add-single-row", "configured_props": map[string]any{"sheetId": sheetID}})
	sc, _ := res.StructuredContent.(map[string]any)
	id, _ := sc["dynamic_props_id"].(string)
	schema, _ := sc["input_schema"].(map[string]any)
	columns, _ := schema["properties"].(map[string]any)
	if res.IsError || id == "" || len(columns) == 0 {
		t.Fatalf("reload_props: %v %q", sc, testsupport.MCPText(res))
	}
	args := map[string]any{"sheetId": sheetID, "dynamic_props_id": id}
	var first string
	for col := range columns {
		if col != "sheetId" {
			args[col] = "agent-" + col
			first = col
		}
	}
	res = call(t, cs, "google_sheets-add-single-row", args)
	if res.IsError || !strings.Contains(testsupport.MCPText(res), "Added row") {
		t.Fatalf("add a row: %q", testsupport.MCPText(res))
	}
	res = call(t, cs, "google_sheets-get-values", map[string]any{"sheetId": sheetID})
	if b, _ := json.Marshal(res.StructuredContent); res.IsError || !strings.Contains(string(b), "agent-"+first) {
		t.Fatalf("the row is not read back: %s", b)
	}
}
