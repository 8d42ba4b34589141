package testsupport

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// ConnectOAuth connects an account of the OAuth app app for user through
// the sandbox's Connect Link, as a person would, and returns it.
func ConnectOAuth(tb testing.TB, pd *pipedream.Client, user, app string) pipedream.Account {
	tb.Helper()
	ctx := context.Background()
	tok, err := pd.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: user})
	if err != nil {
		tb.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	if err := FollowConnectLink(ctx, &http.Client{Jar: jar}, tok.ConnectLinkURL+"&app="+app); err != nil {
		tb.Fatalf("connect %s for %s: %v", app, user, err)
	}
	for a, err := range pd.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: user, App: app}) {
		if err != nil {
			tb.Fatal(err)
		}
		return a
	}
	tb.Fatal(fmt.Sprintf("no %s account for %s after its Connect Link", app, user))
	return pipedream.Account{}
}
