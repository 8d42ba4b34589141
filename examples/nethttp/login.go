package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// logins is the app's toy login: a name, kept in a cookie signed with a key
// made at start (so a restart signs everyone out). A real app has its own
// accounts; all connecthttp needs from it is User.
type logins struct{ key []byte }

const cookieName = "nethttp_user"

// validName is what a user name may be: it becomes the external_user_id.
var validName = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

func newLogins() (*logins, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return &logins{key: key}, nil
}

func (l *logins) sign(name string) string {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(name))
	return name + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// User is the connecthttp.UserFunc: the signed-in name, or
// connecthttp.ErrUnauthenticated.
func (l *logins) User(w http.ResponseWriter, r *http.Request) (string, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return "", connecthttp.ErrUnauthenticated
	}
	name, _, _ := strings.Cut(c.Value, ".")
	if !hmac.Equal([]byte(c.Value), []byte(l.sign(name))) {
		return "", connecthttp.ErrUnauthenticated
	}
	return name, nil
}

func (l *logins) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		name := strings.ToLower(strings.TrimSpace(r.PostFormValue("name")))
		if !validName.MatchString(name) {
			http.Error(w, "a name is 1 to 32 of a-z, 0-9 and -", http.StatusBadRequest)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: l.sign(name), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: cookieName, Path: "/", MaxAge: -1})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
}
