package pipedream_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The README's "Use a connected account from your Go backend": the proxy
// as an *http.Client, its refusals, and the credentials where the proxy
// does not fit. (Compiled, not run: it needs a project.)
func Example_readme() {
	ctx := context.Background()
	id, secret := os.Getenv(pipedream.EnvClientID), os.Getenv(pipedream.EnvClientSecret)
	pd, _ := pipedream.New(pipedream.Config{ClientID: id, ClientSecret: secret,
		ProjectID: "proj_...", Environment: pipedream.Production})
	hc := pd.ProxyClient("user-42", "apn_...") // that user's account, nobody else's

	res, err := hc.Get("https://slack.com/api/users.list?limit=10") // plain net/http
	if err == nil {
		res.Body.Close()
	}
	var pe *pipedream.ProxyError
	if errors.As(err, &pe) && pe.Kind == pipedream.ProxyRateLimited {
		time.Sleep(pe.RetryAfter)
	}

	acct, err := pd.GetAccount(ctx, "apn_...", pipedream.AccountOptions{IncludeCredentials: true})
	token := acct.Credentials["oauth_access_token"] // keys apps: the fields they asked for, e.g. "api_key"
	fmt.Println(token != nil, err)
}

// The README's "Actions": run one as the user. (Compiled, not run: it
// needs a project; see Client.RunAction's example for one that runs.)
func Example_readmeActions() {
	ctx := context.Background()
	pd, _ := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	props := pipedream.ConfiguredProps{"channel": "C0GENERAL", "text": "The deploy finished"}.SetApp("slack", "apn_...")
	res, err := pd.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "user-42", ConfiguredProps: props})
	fmt.Println(res.Summary()) // Sent a message to #general
	fmt.Println(err)
}
