package connectsession_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// A visitor's first request to GET /api/session starts a session, and the
// API answers with the new user; the page's API calls then act for that
// visitor, and a request without the cookie for nobody.
func Example() {
	sessions, err := connectsession.New([]byte(strings.Repeat("k", connectsession.KeySize)))
	if err != nil {
		log.Fatal(err)
	}
	pd, err := pipedream.New(pipedream.Config{ClientID: "id", ClientSecret: "secret", ProjectID: "proj_1", Environment: pipedream.Development})
	if err != nil {
		log.Fatal(err)
	}
	h, err := connecthttp.New(connecthttp.Config{Connect: pd, User: sessions.User})
	if err != nil {
		log.Fatal(err)
	}
	api := http.StripPrefix("/api", h)
	start := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := sessions.Start(w, r); err != nil {
				log.Printf("start session: %v", err) // next answers as for no user
			}
			next.ServeHTTP(w, r)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	mux.Handle("GET /api/session", start(api))

	first := httptest.NewRecorder()
	mux.ServeHTTP(first, httptest.NewRequest("GET", "/api/session", nil))
	cookie := first.Result().Cookies()[0]
	fmt.Println(first.Code, strings.HasPrefix(first.Body.String(), `{"external_user_id":"user-`), cookie.Name, cookie.HttpOnly)

	call := httptest.NewRequest("GET", "/api/connect/accounts", nil)
	call.AddCookie(cookie)
	id, err := sessions.User(nil, call)
	fmt.Println(strings.Contains(first.Body.String(), id), err)

	_, err = sessions.User(nil, httptest.NewRequest("GET", "/api/connect/accounts", nil))
	fmt.Println(errors.Is(err, connecthttp.ErrUnauthenticated))
	// Output:
	// 200 true pdconnect_session true
	// true <nil>
	// true
}
