package connectmcp_test

import (
	"context"
	"net/http"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The README's "Agents": one user's actions as MCP tools, over streamable
// HTTP for the user of a bearer key, or over stdio. (Compiled, not run: it
// needs a project.)
func Example_readme() {
	ctx := context.Background()
	mux := http.NewServeMux()
	pd, _ := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	userOfBearerKey := func(r *http.Request) (string, error) { return "user-123", nil }
	tools, _ := connectmcp.New(connectmcp.Config{Connect: pd}) // pd: *pipedream.Client
	mux.Handle("/mcp", tools.Handler(connectmcp.HTTPOptions{User: userOfBearerKey}))
	// or, for one user over stdio:
	tools.Run(ctx, "user-123", &mcp.StdioTransport{})
}
