package connecthttp_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// A companion backend that already knows its users resolves them itself:
// here from a header its own auth middleware sets. Tokens are then minted
// and accounts listed for that user.
func ExampleUserFunc() {
	sbx, _ := sandbox.New(sandbox.Options{BaseURL: "http://sandbox.test"})
	defer sbx.Close()
	upstream := httptest.NewServer(sbx.Handler())
	defer upstream.Close()
	pd, err := pipedream.New(pipedream.Config{
		ClientID: sandbox.DefaultClientID, ClientSecret: sandbox.DefaultClientSecret,
		ProjectID: sandbox.DefaultProjectID, Environment: pipedream.EnvDevelopment, BaseURL: upstream.URL,
	})
	if err != nil {
		log.Fatal(err)
	}

	signedInUser := func(w http.ResponseWriter, r *http.Request) (string, error) {
		if id := r.Header.Get("X-Authenticated-User"); id != "" {
			return "customer-" + id, nil
		}
		return "", connecthttp.ErrUnauthenticated
	}
	a, err := connecthttp.New(connecthttp.Options{Connect: pd, User: signedInUser})
	if err != nil {
		log.Fatal(err)
	}

	for _, user := range []string{"42", ""} {
		req := httptest.NewRequest(http.MethodGet, "/api/session", nil)
		req.Header.Set("X-Authenticated-User", user)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// 200 {"external_user_id":"customer-42"}
	// 401 {"error":{"code":"unauthenticated","message":"sign in first"}}
}
