// Package connectsession gives every visitor an anonymous identity, as the
// official quickstart's demo does, for an app with no login of its own: a
// random external user id kept in a signed, HttpOnly, SameSite=Lax cookie;
// over https a Secure one named with the __Host- prefix, which a sibling
// subdomain cannot plant.
//
// [Anonymous.User] is a connecthttp.UserFunc that never starts a session;
// [Anonymous.Start] starts one. Start sessions only where a visitor
// arrives (a page load, GET /api/session) and limit how many one client
// address may start, so that a flood of API calls cannot mint identities:
//
//	sessions, err := connectsession.New(key) // 32 random bytes, kept: see LoadKey
//	api, err := connecthttp.New(connecthttp.Config{Connect: pd, User: sessions.User})
//	mux.Handle("/api/", http.StripPrefix("/api", api))
//	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
//		sessions.Start(w, r) // the page's API calls then carry the cookie
//		servePage(w, r)
//	})
package connectsession

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// Names of the session cookie: over http, and over https, where browsers
// accept a __Host- cookie only from this very host (Secure, Path=/, no
// Domain).
const (
	CookieName       = "pdconnect_session"
	SecureCookieName = "__Host-" + CookieName
)

// maxAge is how long a browser keeps its anonymous identity.
const maxAge = 365 * 24 * time.Hour

// KeySize is the size of a signing key, in bytes.
const KeySize = 32

// Anonymous issues and checks anonymous session cookies.
type Anonymous struct {
	key []byte
	// HTTPS says the app is served over https even when requests reach it
	// without TLS (behind a proxy: a PUBLIC_URL with https), so every
	// cookie is a Secure __Host- one. A request over TLS gets one anyway.
	HTTPS bool
}

// New returns sessions signed with key, which must be at least KeySize bytes.
func New(key []byte) (*Anonymous, error) {
	if len(key) < KeySize {
		return nil, fmt.Errorf("connectsession: key of %d bytes, want at least %d", len(key), KeySize)
	}
	return &Anonymous{key: key}, nil
}

// User returns the request's external user id, from its cookie; with no
// valid cookie it is connecthttp.ErrUnauthenticated: only Start makes
// sessions. Of several cookies of the name the first valid one counts;
// over https only the __Host- cookie is read.
func (a *Anonymous) User(_ http.ResponseWriter, r *http.Request) (string, error) {
	for _, c := range r.CookiesNamed(a.cookieName(r)) {
		if id, ok := a.verify(c.Value); ok {
			return id, nil
		}
	}
	return "", connecthttp.ErrUnauthenticated
}

// secure reports whether r reached the app over https.
func (a *Anonymous) secure(r *http.Request) bool { return a.HTTPS || r.TLS != nil }

// cookieName is the session cookie's name for r.
func (a *Anonymous) cookieName(r *http.Request) string {
	if a.secure(r) {
		return SecureCookieName
	}
	return CookieName
}

// Start returns the request's user, like User, or starts a new session: a
// fresh id, set as a cookie on w and added to r, so that handlers after
// Start see it. A cookie with a bad signature is replaced, never trusted.
func (a *Anonymous) Start(w http.ResponseWriter, r *http.Request) (string, error) {
	if id, err := a.User(w, r); err == nil {
		return id, nil
	}
	id, err := newUserID()
	if err != nil {
		return "", err
	}
	c := &http.Cookie{
		Name:     a.cookieName(r),
		Value:    a.sign(id),
		Path:     "/",
		MaxAge:   int(maxAge / time.Second),
		HttpOnly: true,
		Secure:   a.secure(r),
		SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, c)
	others := r.Cookies()
	r.Header.Del("Cookie")
	for _, o := range others {
		if o.Name != c.Name { // a bad one, if any, is gone: the new one counts
			r.AddCookie(o)
		}
	}
	r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	return id, nil
}

// newUserID returns "user-" and 20 random characters.
func newUserID() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("connectsession: new user id: %w", err)
	}
	return "user-" + base64.RawURLEncoding.EncodeToString(b), nil
}

// sign returns id.MAC.
func (a *Anonymous) sign(id string) string {
	return id + "." + base64.RawURLEncoding.EncodeToString(a.mac(id))
}

// verify returns the id of a value sign made with this key.
func (a *Anonymous) verify(v string) (string, bool) {
	id, sig, ok := strings.Cut(v, ".")
	if !ok || !strings.HasPrefix(id, "user-") {
		return "", false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, a.mac(id)) {
		return "", false
	}
	return id, true
}

func (a *Anonymous) mac(id string) []byte {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte("pdconnect session v1\x00" + id))
	return m.Sum(nil)
}
