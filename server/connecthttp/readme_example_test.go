package connecthttp_test

import (
	"log"
	"net/http"
	"os"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// myauth stands in for the app's own login in the README's snippet.
var myauth = struct {
	User func(*http.Request) (struct{ ID string }, bool)
}{User: func(*http.Request) (struct{ ID string }, bool) { return struct{ ID string }{"42"}, true }}

// The README's "Mount connecthttp": the routes for the users of the app's
// own login, under /api/ of its mux, on the Connect API named by the
// quickstart's PIPEDREAM_* variables. (Compiled, not run: it needs them.)
func Example_mount() {
	mux := http.NewServeMux()
	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv)) // the quickstart's PIPEDREAM_* variables
	if err != nil {
		log.Fatal(err)
	}
	h, err := connecthttp.New(connecthttp.Config{Connect: pd,
		User: func(w http.ResponseWriter, r *http.Request) (string, error) {
			if u, ok := myauth.User(r); ok { // your login: its user id is the external_user_id
				return u.ID, nil
			}
			return "", connecthttp.ErrUnauthenticated // 401
		}})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/api/", http.StripPrefix("/api", h)) // its routes are relative: /connect/token, ...
}
