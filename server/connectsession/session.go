// Package connectsession gives every visitor an anonymous identity, as the
// official quickstart's demo does, for an app with no login of its own: a
// random external user id kept in a signed, HttpOnly, SameSite=Lax cookie
// that expires after [Lifetime] unused and is renewed daily while used;
// over https a Secure one named with the __Host- prefix, which a sibling
// subdomain cannot plant.
//
// [Anonymous.User] is a connecthttp.UserFunc that never starts a session;
// [Anonymous.Start] starts one. Start sessions only where a visitor
// arrives, in front of the handler that answers: a page load, and the
// API's GET /session, whose answer (connectapi.Session) then names the new
// user, because Start adds the cookie to the request it passes on. Limit
// how many sessions one client address may start, so that a flood of
// requests cannot mint identities; every other route acts only for a
// session the request already has:
//
//	sessions, err := connectsession.New(key) // 32 random bytes, kept: see LoadKey
//	api, err := connecthttp.New(connecthttp.Config{Connect: pd, User: sessions.User})
//	start := func(next http.Handler) http.Handler {
//		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
//			// (refuse here a client address that started too many)
//			if _, err := sessions.Start(w, r); err != nil {
//				log.Printf("start session: %v", err) // next answers as for no user
//			}
//			next.ServeHTTP(w, r)
//		})
//	}
//	mux.Handle("/api/", http.StripPrefix("/api", api))
//	mux.Handle("GET /api/session", start(http.StripPrefix("/api", api)))
//	mux.Handle("GET /{$}", start(page)) // the page's API calls carry the cookie
package connectsession

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/macs"
)

// Names of the session cookie: over http, and over https, where browsers
// accept a __Host- cookie only from this very host (Secure, Path=/, no
// Domain).
const (
	CookieName       = "pdconnect_session"
	SecureCookieName = "__Host-" + CookieName
)

// Lifetime is how long an anonymous identity lasts unused: its cookie
// carries its expiry, signed, so a stolen one dies with it, and each day
// it is used it is renewed for another Lifetime.
const Lifetime = 30 * 24 * time.Hour

// renewEvery is how often a session in use gets a new expiry.
const renewEvery = 24 * time.Hour

// KeySize is the size of a signing key, in bytes.
const KeySize = 32

// Anonymous issues and checks anonymous session cookies.
type Anonymous struct {
	key *macs.Key
	// HTTPS says the app is served over https even when requests reach it
	// without TLS (behind a proxy: a PUBLIC_URL with https), so every
	// cookie is a Secure __Host- one. A request over TLS gets one anyway.
	HTTPS bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// New returns sessions signed with key, which must be at least KeySize bytes.
func New(key []byte) (*Anonymous, error) {
	if len(key) < KeySize {
		return nil, fmt.Errorf("connectsession: key of %d bytes, want at least %d", len(key), KeySize)
	}
	return &Anonymous{key: macs.New(key)}, nil
}

// User returns the request's external user id, from its cookie; with no
// valid cookie (or an expired one) it is connecthttp.ErrUnauthenticated:
// only Start makes sessions. Of several cookies of the name the first
// valid one counts; over https only the __Host- cookie is read. A cookie
// set more than a day ago is set again on w with a new expiry.
func (a *Anonymous) User(w http.ResponseWriter, r *http.Request) (string, error) {
	now := a.now()
	for _, c := range r.CookiesNamed(a.cookieName(r)) {
		if id, exp, ok := a.verify(c.Value, now); ok {
			if exp.Sub(now) < Lifetime-renewEvery {
				a.set(w, r, id, now)
			}
			return id, nil
		}
	}
	return "", connecthttp.ErrUnauthenticated
}

func (a *Anonymous) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
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
	a.set(w, r, id, a.now())
	return id, nil
}

// set sets id's cookie, valid for Lifetime from now, on w, and in r in
// place of the cookies of its name, so that handlers after see it.
func (a *Anonymous) set(w http.ResponseWriter, r *http.Request, id string, now time.Time) {
	c := &http.Cookie{
		Name:     a.cookieName(r),
		Value:    a.sign(id, now.Add(Lifetime)),
		Path:     "/",
		MaxAge:   int(Lifetime / time.Second),
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
}

// newUserID returns "user-" and 20 random characters.
func newUserID() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("connectsession: new user id: %w", err)
	}
	return "user-" + base64.RawURLEncoding.EncodeToString(b), nil
}

// sign returns id.expiry.MAC, the expiry in Unix seconds.
func (a *Anonymous) sign(id string, exp time.Time) string {
	e := strconv.FormatInt(exp.Unix(), 10)
	mac := a.mac(id, e)
	return id + "." + e + "." + base64.RawURLEncoding.EncodeToString(mac[:])
}

// verify returns the id and expiry of a value sign made with this key,
// unless it has expired at now.
func (a *Anonymous) verify(v string, now time.Time) (string, time.Time, bool) {
	id, rest, ok1 := strings.Cut(v, ".")
	e, sig, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || !strings.HasPrefix(id, "user-") {
		return "", time.Time{}, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if want := a.mac(id, e); err != nil || !hmac.Equal(got, want[:]) {
		return "", time.Time{}, false
	}
	secs, err := strconv.ParseInt(e, 10, 64)
	if exp := time.Unix(secs, 0); err == nil && now.Before(exp) {
		return id, exp, true
	}
	return "", time.Time{}, false
}

// mac signs an id and its expiry. (v1 cookies, without an expiry, were
// good for a year and are no longer accepted.)
func (a *Anonymous) mac(id, exp string) [macs.Size]byte {
	return a.key.Sum("pdconnect session v2\x00", id, "\x00", exp)
}
