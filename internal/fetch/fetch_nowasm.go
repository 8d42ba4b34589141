//go:build !(js && wasm)

package fetch

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Do does one request to the absolute url with net/http. A POST sends {}
// and, as browsers do, an Origin: the server refuses cross-origin state
// changes.
func Do(ctx context.Context, method, rawURL string) (Response, error) {
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		u, _ := url.Parse(rawURL) // NewRequest parsed it already
		req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return Response{}, &NetworkError{err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return Response{}, &NetworkError{err}
	}
	return Response{Status: res.StatusCode, RetryAfter: res.Header.Get("Retry-After"), Body: b}, nil
}

// errorBody reads {"error":{"code","message"}}; "" for what is missing.
func errorBody(b []byte) (code, message string) {
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal(b, &body)
	return body.Error.Code, body.Error.Message
}
