package hosted

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

// hostChars is what a host (name, IPv4, [IPv6]) and port may hold in a CSP
// source expression.
var hostChars = regexp.MustCompile(`^[A-Za-z0-9.\-\[\]:]+$`)

// origin returns the scheme://host[:port] of an http(s) URL or origin, or
// false when it has none fit for a Content-Security-Policy.
func origin(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !hostChars.MatchString(u.Host) {
		return "", false
	}
	return u.Scheme + "://" + u.Host, true
}

// allowedOrigins are the token's allowed_origins fit for a policy: the
// pages that may embed the flow and receive its messages.
func allowedOrigins(tok store.Token) []string {
	var out []string
	for _, o := range tok.AllowedOrigins {
		if s, ok := origin(o); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// setPageHeaders sets the security headers of every page: only the
// token's allowed origins may frame it ('none' when the token is unknown or
// allows none), scripts and styles come from the sandbox only, and forms
// post to the sandbox or, for a Connect Link, to its redirect targets.
func setPageHeaders(w http.ResponseWriter, tok store.Token, p params) {
	ancestors := "'none'"
	if o := allowedOrigins(tok); len(o) > 0 {
		ancestors = strings.Join(o, " ")
	}
	forms := []string{"'self'"}
	if p.ConnectLink {
		for _, u := range []string{tok.SuccessRedirectURI, tok.ErrorRedirectURI} {
			if o, ok := origin(u); ok && u != "" && !slices.Contains(forms, o) {
				forms = append(forms, o)
			}
		}
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"form-action "+strings.Join(forms, " ")+"; base-uri 'none'; frame-ancestors "+ancestors)
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
}

// sameOrigin refuses a form post another site made: a browser says so in
// Sec-Fetch-Site, or else in Origin. Clients sending neither (not
// browsers) pass: the token in the form is the credential.
func (h *Handler) sameOrigin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ok := true
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
			ok = site == "same-origin"
		} else if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			ok = err == nil && u.Host == r.Host
		}
		if !ok {
			h.problem(w, r, params{}, store.Token{}, http.StatusForbidden,
				"Request refused", "This form was sent from another site.")
			return
		}
		next(w, r)
	}
}
