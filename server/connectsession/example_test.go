package connectsession_test

import (
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
)

// A visitor's first page load starts a session; the page's API calls then
// act for that visitor, and a request without the cookie for nobody.
func Example() {
	sessions, err := connectsession.New([]byte(strings.Repeat("k", connectsession.KeySize)))
	if err != nil {
		log.Fatal(err)
	}
	page := httptest.NewRecorder()
	id, _ := sessions.Start(page, httptest.NewRequest("GET", "/", nil))
	cookie := page.Result().Cookies()[0]

	call := httptest.NewRequest("GET", "/api/connect/accounts", nil)
	call.AddCookie(cookie)
	same, err := sessions.User(nil, call)
	fmt.Println(cookie.Name, cookie.HttpOnly, same == id, err)

	_, err = sessions.User(nil, httptest.NewRequest("GET", "/api/connect/accounts", nil))
	fmt.Println(errors.Is(err, connecthttp.ErrUnauthenticated))
	// Output:
	// pdconnect_session true true <nil>
	// true
}
