package connecthttp_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

func TestSessionIsStablePerBrowser(t *testing.T) {
	s := newStack(t, nil)
	ann, bob := s.browser(), s.browser()
	a1 := ann.do("GET", "/api/session", "")
	if a1.Status != http.StatusOK || a1.Header.Get("Cache-Control") != "no-store" || !strings.Contains(a1.Header.Get("Set-Cookie"), "HttpOnly") {
		t.Fatalf("first visit: got %d %v, want 200, no-store and an HttpOnly cookie", a1.Status, a1.Header)
	}
	if u := ann.user(); u == "" || u != ann.user() {
		t.Errorf("ann's id: got %q, then another; want one id, always the same", u)
	}
	if ann.user() == bob.user() {
		t.Error("two browsers share a user")
	}
}

func TestUnknownRoutesAndMethodsAnswerInJSON(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	if r := b.do("GET", "/api/nothing", ""); r.Status != http.StatusNotFound || r.errorCode() != "not_found" {
		t.Errorf("unknown route: got %d %s, want 404 not_found", r.Status, r.Body)
	}
	r := b.do("PUT", "/api/session", "")
	if r.Status != http.StatusMethodNotAllowed || r.errorCode() != "method_not_allowed" || r.Header.Get("Allow") != "GET" {
		t.Errorf("wrong method: got %d %v %s, want 405 method_not_allowed with Allow: GET", r.Status, r.Header, r.Body)
	}
	if r := b.do("GET", "/api/connect/token", ""); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET token: got %d %s, want 405", r.Status, r.Body)
	}
}

// TestCustomUserFunc: a companion backend's own resolver decides the user,
// and a request without one is 401.
func TestCustomUserFunc(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) {
		o.User = func(w http.ResponseWriter, r *http.Request) (string, error) {
			if u := r.Header.Get("X-Test-User"); u != "" {
				return u, nil
			}
			return "", connecthttp.ErrUnauthenticated
		}
	})
	b := s.browser()
	if r := b.do("GET", "/api/session", "", "X-Test-User", "customer-42"); string(r.Body) != `{"external_user_id":"customer-42"}`+"\n" {
		t.Errorf("session: got %d %s, want {\"external_user_id\":\"customer-42\"}", r.Status, r.Body)
	}
	for _, path := range []string{"/api/session", "/api/connect/accounts", "/api/connect/apps"} {
		if r := b.do("GET", path, ""); r.Status != http.StatusUnauthorized || r.errorCode() != "unauthenticated" {
			t.Errorf("%s without a user: got %d %s, want 401 unauthenticated", path, r.Status, r.Body)
		}
	}
	if r := b.do("POST", "/api/connect/token", ""); r.Status != http.StatusUnauthorized {
		t.Errorf("token without a user: got %d %s, want 401", r.Status, r.Body)
	}
}

func TestFailingUserFuncIs500WithoutDetails(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) {
		o.User = func(http.ResponseWriter, *http.Request) (string, error) {
			return "", errors.New("directory at 10.0.0.7 is down")
		}
	})
	r := s.browser().do("GET", "/api/session", "")
	if r.Status != http.StatusInternalServerError || strings.Contains(string(r.Body), "10.0.0.7") {
		t.Errorf("got %d %s, want 500 without the cause", r.Status, r.Body)
	}
	if !strings.Contains(s.Log.String(), "10.0.0.7") {
		t.Error("the cause is not logged")
	}
}

// TestNewRequiresConnectAndUser: New refuses a config without either, and
// says which are required; with both it builds.
func TestNewRequiresConnectAndUser(t *testing.T) {
	user := func(http.ResponseWriter, *http.Request) (string, error) { return "u", nil }
	for name, cfg := range map[string]connecthttp.Config{
		"nothing":       {},
		"no User":       {Connect: fakeConnect{}},
		"no Connect":    {User: user},
		"a nil Connect": {Connect: nil, User: user},
	} {
		h, err := connecthttp.New(cfg)
		if err == nil || h != nil {
			t.Errorf("%s: got %v, %v; want no handler and an error", name, h, err)
			continue
		}
		if want := "connecthttp: Config.Connect and Config.User are required"; err.Error() != want {
			t.Errorf("%s: got %q, want %q", name, err, want)
		}
	}
	if _, err := connecthttp.New(connecthttp.Config{Connect: fakeConnect{}, User: user}); err != nil {
		t.Errorf("with Connect and User: got %v, want a handler", err)
	}
}
