// Package headers sets the security headers every response of the app
// carries: a Content-Security-Policy whose frame-src allows exactly the
// hosted Connect UI (on data, such as the API's JSON, one that allows
// nothing), X-Content-Type-Options and Referrer-Policy.
package headers

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Policy names the origins the app's pages may reach besides their own.
type Policy struct {
	// FrontendURL is the hosted Connect UI, the only origin pages may frame.
	FrontendURL string
	// ImageOrigins may serve images too (app logos), e.g. the Connect API's
	// origin; pages load images from no other (and the PWA's service
	// worker fetches them under connect-src, which allows the same).
	ImageOrigins []string
	// InlineScripts are the inline scripts the pages carry, allowed by
	// their SHA-256 hashes; no other inline script runs.
	InlineScripts []string
	// InlineStyles are the inline style sheets the pages carry, allowed by
	// their hashes; no other inline style applies (the widget and the PWA
	// set styles through the CSSOM, which a policy does not govern).
	InlineStyles []string
	// DataPaths are path prefixes (such as "/api/") whose responses are
	// data (JSON, event streams), never documents: they get the strictest
	// policy, DataCSP, instead of the pages' (and its many bytes).
	DataPaths []string
}

// DataCSP is the Content-Security-Policy of data responses: nothing may
// load or frame them, as OWASP advises for APIs.
const DataCSP = "default-src 'none'; frame-ancestors 'none'"

// CSP renders the policy as a Content-Security-Policy value. It refuses a
// FrontendURL that is not an http(s) URL.
func (p Policy) CSP() (string, error) {
	frame, err := origin(p.FrontendURL)
	if err != nil {
		return "", fmt.Errorf("headers: frontend URL: %w", err)
	}
	img := []string{"'self'", "data:", frame}
	for _, o := range p.ImageOrigins {
		o, err := origin(o)
		if err != nil {
			return "", fmt.Errorf("headers: image origin: %w", err)
		}
		img = append(img, o)
	}
	img = dedupe(img)
	// Go's WebAssembly needs wasm-unsafe-eval; no eval'd script, and no
	// inline script but those named.
	script := append([]string{"'self'", "'wasm-unsafe-eval'"}, hashes(p.InlineScripts)...)
	style := append([]string{"'self'"}, hashes(p.InlineStyles)...)
	return strings.Join([]string{
		"default-src 'self'",
		"script-src " + strings.Join(script, " "),
		"style-src " + strings.Join(style, " "),
		"img-src " + strings.Join(img, " "),
		// The PWA's service worker fetches the page's images itself, under
		// its own connect-src: it must reach wherever images may come from.
		"connect-src " + strings.Join(slices.DeleteFunc(slices.Clone(img), func(s string) bool { return s == "data:" }), " "),
		"frame-src " + frame,
		"worker-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'self'",
	}, "; "), nil
}

// hashes are the CSP hash sources of inline scripts or styles.
func hashes(inline []string) []string {
	var out []string
	for _, s := range inline {
		sum := sha256.Sum256([]byte(s))
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return out
}

// Wrap returns h with the policy's headers on every response: the CSP of
// pages, or DataCSP under p.DataPaths.
func Wrap(h http.Handler, p Policy) (http.Handler, error) {
	csp, err := p.CSP()
	if err != nil {
		return nil, err
	}
	// The values are built once and shared by every response (a handler
	// may replace one, as Set does, but never modifies it in place).
	pageCSP, dataCSP := []string{csp}, []string{DataCSP}
	nosniff, referrer := []string{"nosniff"}, []string{"strict-origin-when-cross-origin"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Content-Security-Policy"] = pageCSP
		for _, prefix := range p.DataPaths {
			if strings.HasPrefix(r.URL.Path, prefix) {
				hd["Content-Security-Policy"] = dataCSP
				break
			}
		}
		hd["X-Content-Type-Options"] = nosniff
		hd["Referrer-Policy"] = referrer
		h.ServeHTTP(w, r)
	}), nil
}

// origin returns the scheme://host[:port] of an http(s) URL.
func origin(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) URL", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
