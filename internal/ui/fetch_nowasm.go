//go:build !(js && wasm)

package ui

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// httpFetcher is the server build's fetcher, over net/http. The server never
// calls the API (OnMount runs only in the browser); tests do.
type httpFetcher struct {
	origin string
	client *http.Client
}

// newFetcher returns a fetcher for the API at page's origin.
func newFetcher(page *url.URL) fetcher {
	return httpFetcher{origin: page.Scheme + "://" + page.Host, client: http.DefaultClient}
}

func (f httpFetcher) fetch(ctx context.Context, method, path string) (response, error) {
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequestWithContext(ctx, method, f.origin+path, body)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		// Browsers send Origin on a POST; the server refuses cross-origin
		// state changes.
		req.Header.Set("Origin", f.origin)
	}
	res, err := f.client.Do(req)
	if err != nil {
		return response{}, &networkError{err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, &networkError{err}
	}
	return response{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), body: b}, nil
}
