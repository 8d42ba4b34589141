//go:build js && wasm

package connect_test

import (
	"context"
	"errors"
	"log"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// A page's client gets its tokens from the app's token endpoint, fetches one
// ahead of the click, and runs a flow to its end.
func Example() {
	tokens := connect.NewTokens(connect.FetchTokens("/api/connect/token"))
	client, err := connect.NewClient(connect.Config{
		FrontendURL: "http://localhost:3001", // the sandbox; empty for Pipedream
		Tokens:      tokens,
	})
	if err != nil {
		log.Fatal(err)
	}
	client.Prefetch()
	go func() {
		acct, err := client.Connect(context.Background(), connect.Options{App: "slack"})
		var cerr *connect.Error
		switch {
		case err == nil:
			log.Println("connected", acct.ID)
		case errors.As(err, &cerr) && cerr.Code == connect.CodeClosed:
			log.Println("closed without connecting")
		default:
			log.Println(err)
		}
	}()
}

// ConnectAccount is the official client's shape: it returns once the iframe
// is on the page and reports through callbacks.
func ExampleClient_ConnectAccount() {
	client, err := connect.NewClient(connect.Config{Token: "ctok_from_your_backend"})
	if err != nil {
		log.Fatal(err)
	}
	err = client.ConnectAccount(context.Background(), connect.Options{
		App:       "github",
		OnSuccess: func(s connect.Success) { log.Println("connected", s.ID) },
		OnError:   func(err error) { log.Println(err) },
		OnClose: func(st connect.CloseStatus) {
			if !st.Successful {
				log.Println("closed without connecting")
			}
		},
	})
	if err != nil {
		log.Println(err)
	}
}

// Preload loads the hosted page out of sight before the click; the click's
// ConnectAccount with the same options then only shows it.
func ExampleClient_Preload() {
	client, err := connect.NewClient(connect.Config{Tokens: connect.NewTokens(connect.FetchTokens("/api/connect/token"))})
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := client.Preload(context.Background(), connect.Options{App: "slack"}); err != nil {
			log.Println("no preload:", err) // the click then opens the page as usual
		}
	}()
	// Later, in the click's handler:
	onClick := func() {
		err := client.ConnectAccount(context.Background(), connect.Options{
			App:       "slack",
			OnSuccess: func(s connect.Success) { log.Println("connected", s.ID) },
		})
		if err != nil {
			log.Println(err)
		}
	}
	_ = onClick
}
