package connectsession

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

func newAnon(t *testing.T, key string) *Anonymous {
	t.Helper()
	a, err := New([]byte(strings.Repeat(key, KeySize)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// visit starts a's session for a request carrying cookie (nil for none)
// and returns the id and the cookie set, if any.
func visit(t *testing.T, a *Anonymous, cookie *http.Cookie, tls bool) (string, *http.Cookie) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "http://app.test/api/session", nil)
	if tls {
		r = httptest.NewRequest(http.MethodGet, "https://app.test/api/session", nil)
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	id, err := a.Start(w, r)
	if err != nil {
		t.Fatal(err)
	}
	if seen, err := a.User(w, r); err != nil || seen != id {
		t.Fatalf("after Start, User sees %q, %v; want %q", seen, err, id)
	}
	cs := w.Result().Cookies()
	if len(cs) == 0 {
		return id, nil
	}
	return id, cs[0]
}

func TestNewVisitorGetsASignedHttpOnlyCookie(t *testing.T) {
	a := newAnon(t, "k")
	id, c := visit(t, a, nil, false)
	if !strings.HasPrefix(id, "user-") || len(id) != len("user-")+20 {
		t.Errorf("id = %q", id)
	}
	if c == nil || c.Name != CookieName || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" || c.MaxAge <= 0 {
		t.Fatalf("cookie = %+v", c)
	}
	again, set := visit(t, a, c, false)
	if again != id || set != nil {
		t.Errorf("returning visitor: id %q (want %q), new cookie %v", again, id, set)
	}
	if _, c := visit(t, a, nil, true); c == nil || !c.Secure {
		t.Errorf("cookie over https is not Secure: %+v", c)
	}
	if other, _ := visit(t, a, nil, false); other == id {
		t.Error("two visitors share an id")
	}
}

func TestForgedCookiesAreReplaced(t *testing.T) {
	a := newAnon(t, "k")
	id, c := visit(t, a, nil, false)
	victim := strings.Split(c.Value, ".")[0]
	for _, v := range []string{
		"user-admin",     // unsigned
		victim + ".AAAA", // wrong signature
		"user-someone-else." + strings.SplitN(c.Value, ".", 2)[1],                                                       // signature of another id
		victim + "." + strconv.FormatInt(time.Now().Add(10*Lifetime).Unix(), 10) + "." + strings.Split(c.Value, ".")[2], // a later expiry
		newAnon(t, "x").sign("user-chosen", time.Now().Add(time.Hour)),                                                  // another key
		victim + "." + strings.Split(c.Value, ".")[2],                                                                   // the year-long v1 form
		"", ".", "..", "%%%",
	} {
		got, set := visit(t, a, &http.Cookie{Name: CookieName, Value: v}, false)
		if got == id || got == "user-admin" || got == "user-chosen" || got == "user-someone-else" || set == nil {
			t.Errorf("cookie %q: user %q, new cookie %v", v, got, set)
		}
	}
}

func TestUserNeverStartsASession(t *testing.T) {
	a := newAnon(t, "k")
	for _, c := range []*http.Cookie{nil, {Name: CookieName, Value: "user-admin"}, {Name: "other", Value: "x"}} {
		r := httptest.NewRequest(http.MethodPost, "http://app.test/api/connect/token", nil)
		if c != nil {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		if id, err := a.User(w, r); !errors.Is(err, connecthttp.ErrUnauthenticated) || id != "" || len(w.Result().Cookies()) != 0 {
			t.Errorf("cookie %v: User = %q, %v, cookies %v", c, id, err, w.Result().Cookies())
		}
	}
	// Start keeps the request's other cookies for the handlers after it.
	r := httptest.NewRequest(http.MethodGet, "http://app.test/api/session", nil)
	r.AddCookie(&http.Cookie{Name: "other", Value: "x"})
	r.AddCookie(&http.Cookie{Name: CookieName, Value: "user-admin"})
	if _, err := a.Start(httptest.NewRecorder(), r); err != nil {
		t.Fatal(err)
	}
	if c, err := r.Cookie("other"); err != nil || c.Value != "x" || len(r.Cookies()) != 2 {
		t.Errorf("cookies after Start: %v", r.Cookies())
	}
}

func TestNewRefusesShortKeys(t *testing.T) {
	if _, err := New(make([]byte, KeySize-1)); err == nil {
		t.Error("accepted a 31-byte key")
	}
}

func TestLoadKeyKeepsTheKeyAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "session.key")
	k1, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != KeySize || !bytes.Equal(k1, k2) {
		t.Errorf("keys %x and %x", k1, k2)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode: %v %v", fi.Mode(), err)
	}
	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("a truncated key file: %v", err)
	}
}

// visitWith is visit with any number of cookies, over https when tls.
func visitWith(t *testing.T, a *Anonymous, tls bool, cookies ...*http.Cookie) (string, *http.Cookie) {
	t.Helper()
	if len(cookies) == 0 {
		return visit(t, a, nil, tls)
	}
	r := httptest.NewRequest(http.MethodGet, "http://app.test/api/session", nil)
	if tls {
		r = httptest.NewRequest(http.MethodGet, "https://app.test/api/session", nil)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	id, err := a.Start(w, r)
	if err != nil {
		t.Fatal(err)
	}
	if cs := w.Result().Cookies(); len(cs) > 0 {
		return id, cs[0]
	}
	return id, nil
}

// TestHostPrefixOverHTTPS: over https (TLS, or HTTPS set for an app behind
// a proxy) the cookie is a __Host- one, and a cookie without the prefix,
// which a sibling subdomain could have planted, is not read.
func TestHostPrefixOverHTTPS(t *testing.T) {
	a := newAnon(t, "k")
	proxied := newAnon(t, "k")
	proxied.HTTPS = true
	for name, v := range map[string]func() (string, *http.Cookie){
		"tls":     func() (string, *http.Cookie) { return visitWith(t, a, true) },
		"proxied": func() (string, *http.Cookie) { return visitWith(t, proxied, false) },
	} {
		id, c := v()
		if c == nil || c.Name != SecureCookieName || !c.Secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
			t.Fatalf("%s: cookie %+v", name, c)
		}
		if again, set := visitWith(t, proxied, false, c); again != id || set != nil {
			t.Errorf("%s: returning visitor got %q (want %q), new cookie %v", name, again, id, set)
		}
	}

	// The attacker's own valid session, planted without the prefix.
	attacker, planted := visitWith(t, a, false)
	if got, set := visitWith(t, a, true, planted); got == attacker || set == nil || set.Name != SecureCookieName {
		t.Errorf("over https a planted %s cookie was used: user %q, new cookie %v", planted.Name, got, set)
	}
}

// TestDuplicateCookiesAValidOneWins: with several cookies of the name, an
// invalid one placed first does not push the visitor into a new session.
func TestDuplicateCookiesAValidOneWins(t *testing.T) {
	a := newAnon(t, "k")
	for _, tls := range []bool{false, true} {
		id, c := visitWith(t, a, tls)
		junk := &http.Cookie{Name: c.Name, Value: "user-planted.AAAA"}
		if got, set := visitWith(t, a, tls, junk, c); got != id || set != nil {
			t.Errorf("tls %v: invalid then valid cookie: user %q (want %q), new cookie %v", tls, got, id, set)
		}
	}
}

// TestSessionsExpireUnusedAndAreRenewedWhileUsed: a cookie carries its
// signed expiry, Lifetime after it was set; used more than a day after, it
// is set again for another Lifetime; unused past its expiry it is refused,
// so a stolen cookie dies with it, not only when SESSION_SECRET changes.
func TestSessionsExpireUnusedAndAreRenewedWhileUsed(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	a := newAnon(t, "k")
	a.Now = func() time.Time { return now }
	id, c := visit(t, a, nil, false)
	if c.MaxAge != int(Lifetime/time.Second) {
		t.Errorf("Max-Age %d, want %v", c.MaxAge, Lifetime)
	}
	user := func(c *http.Cookie) (string, *http.Cookie) {
		r := httptest.NewRequest(http.MethodGet, "http://app.test/api/connect/accounts", nil)
		r.AddCookie(c)
		w := httptest.NewRecorder()
		got, _ := a.User(w, r)
		if cs := w.Result().Cookies(); len(cs) > 0 {
			return got, cs[0]
		}
		return got, nil
	}
	now = now.Add(time.Hour)
	if got, set := user(c); got != id || set != nil {
		t.Fatalf("an hour later: %q, renewed %v; want %q, not renewed", got, set, id)
	}
	now = now.Add(2 * 24 * time.Hour)
	got, renewed := user(c)
	if got != id || renewed == nil || renewed.Value == c.Value {
		t.Fatalf("two days later: %q, renewed %v; want %q, renewed", got, renewed, id)
	}
	now = now.Add(Lifetime - time.Hour) // past the first cookie's expiry, within the renewed one's
	if got, _ := user(c); got != "" {
		t.Errorf("a cookie past its expiry still names %q", got)
	}
	if got, _ := user(renewed); got != id {
		t.Errorf("the renewed cookie: %q, want %q", got, id)
	}
}

// A cookie signed before a restart, or by another replica, verifies: its
// MAC is HMAC-SHA256 under the key of "pdconnect session v2", the id and
// the expiry, NUL-separated, however the server computes it.
func TestCookieFormatIsStable(t *testing.T) {
	key := bytes.Repeat([]byte("s"), KeySize)
	a, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(time.Hour).Unix()
	m := hmac.New(sha256.New, key)
	m.Write([]byte("pdconnect session v2\x00user-abc\x00" + strconv.FormatInt(exp, 10)))
	value := "user-abc." + strconv.FormatInt(exp, 10) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: CookieName, Value: value})
	if id, err := a.User(httptest.NewRecorder(), r); err != nil || id != "user-abc" {
		t.Fatalf("User = %q, %v for a cookie of the documented format", id, err)
	}
	if got := a.sign("user-abc", time.Unix(exp, 0)); got != value {
		t.Errorf("sign = %q, want %q", got, value)
	}
}
