package frontend

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ogImage is the picture a link to the PWA shows where it is shared.
const ogImage = "/web/pwa/icon-512.png"

// configureOG gives the PWA's Open Graph tags (og:url, og:image) the
// public origin, which go-app writes as https://DOMAIN/path. It reports
// whether it could: without an https public URL there is no right value.
func configureOG(h *app.Handler, publicURL string) bool {
	u, err := url.Parse(publicURL)
	if publicURL == "" || err != nil || u.Scheme != "https" || u.Host == "" {
		return false
	}
	h.Domain = u.Host
	if h.Image == "" {
		h.Image = ogImage
	}
	return true
}

// emptyOG matches the tags go-app writes for og:url and og:image without
// a domain, "https://", which names nothing; their attributes come in any
// order.
var emptyOG = regexp.MustCompile(`<meta (?:property="og:(?:url|image)" content="https://"|content="https://" property="og:(?:url|image)")>`)

// withoutEmptyOG serves next's page without emptyOG's tags.
func withoutEmptyOG(next http.Handler, w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	body := emptyOG.ReplaceAll(rec.Body.Bytes(), nil)
	h := w.Header()
	for k, v := range rec.Header() {
		h[k] = v
	}
	if h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}
