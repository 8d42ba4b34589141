package connectmcp_test

import (
	"context"
	"fmt"
	"iter"
	"log"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/connectmcp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// echoConnect is another backend for the server: one user, one app, one
// action that says hello. *pipedream.Client is the real one.
type echoConnect struct{}

func (echoConnect) Accounts(context.Context, pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error] {
	return func(yield func(pipedream.Account, error) bool) {
		yield(pipedream.Account{ID: "apn_1", Healthy: true, App: &pipedream.App{NameSlug: "echo"}}, nil)
	}
}

func (echoConnect) Components(context.Context, pipedream.ComponentsQuery) iter.Seq2[pipedream.Component, error] {
	return func(yield func(pipedream.Component, error) bool) {
		yield(pipedream.Component{Key: "echo-say-hello", Name: "Say Hello", Description: "Greets someone.",
			ConfigurableProps: []pipedream.ConfigurableProp{
				{Name: "echo", Type: pipedream.PropApp, App: "echo"},
				{Name: "name", Type: pipedream.PropString, Label: "Name"},
			}}, nil)
	}
}

func (echoConnect) RunAction(_ context.Context, req pipedream.RunActionRequest) (pipedream.RunResult, error) {
	name, _ := req.ConfiguredProps.Value("name")
	return pipedream.RunResult{Exports: map[string]any{"$summary": fmt.Sprintf("Said hello to %s", name)}}, nil
}

func (echoConnect) ConfigureProp(context.Context, pipedream.ConfigurePropRequest) (pipedream.ConfigurePropResult, error) {
	return pipedream.ConfigurePropResult{}, nil
}

func (echoConnect) ReloadProps(context.Context, pipedream.ReloadPropsRequest) (pipedream.ReloadPropsResult, error) {
	return pipedream.ReloadPropsResult{}, nil
}

func (echoConnect) CreateToken(context.Context, pipedream.TokenRequest) (pipedream.Token, error) {
	return pipedream.Token{Token: "ctok_1", ExpiresAt: time.Now().Add(time.Hour), ConnectLinkURL: "https://pipedream.com/_static/connect.html?token=ctok_1&connectLink=true"}, nil
}

func Example() {
	ctx := context.Background()
	srv, err := connectmcp.New(connectmcp.Config{Connect: echoConnect{}})
	if err != nil {
		log.Fatal(err)
	}
	// The server side of an in-memory connection; serve Server.Handler
	// over HTTP, or Run on an &mcp.StdioTransport{}, the same way.
	serverEnd, clientEnd := mcp.NewInMemoryTransports()
	go srv.Run(ctx, "user-123", serverEnd)

	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil)
	session, err := client.Connect(ctx, clientEnd, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer session.Close()
	for tool, err := range session.Tools(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("tool:", tool.Name, "-", tool.Description)
	}
	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "echo-say-hello", Arguments: map[string]any{"name": "Ada"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("structured:", res.StructuredContent)
	// Output:
	// tool: echo-say-hello - Greets someone.
	// structured: map[$summary:Said hello to Ada]
}
