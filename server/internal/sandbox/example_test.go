package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Example starts a sandbox, gets an access token with the standard OAuth 2
// client credentials grant, and mints a Connect token for an end user.
func Example() {
	srv := httptest.NewUnstartedServer(nil)
	sb, err := sandbox.New(sandbox.Options{BaseURL: "http://" + srv.Listener.Addr().String()})
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	srv.Config.Handler = sb.Handler()
	srv.Start()
	defer srv.Close()

	creds := clientcredentials.Config{
		ClientID:     sandbox.DefaultClientID,
		ClientSecret: sandbox.DefaultClientSecret,
		TokenURL:     srv.URL + "/v1/oauth/token",
	}
	client := creds.Client(context.Background())
	body, _ := json.Marshal(pipedream.TokenRequest{ExternalUserID: "user-1"})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/connect/"+sandbox.DefaultProjectID+"/tokens", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-pd-environment", "development")
	res, err := client.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	var tok pipedream.Token
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, strings.HasPrefix(tok.Token, "ctok_"))
	fmt.Println(strings.HasPrefix(tok.ConnectLinkURL, srv.URL+"/_static/connect.html?"))
	// Output:
	// 200 true
	// true
}
