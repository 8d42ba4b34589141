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
	r := Request{Method: method, URL: rawURL}
	if method == http.MethodPost {
		u, err := url.Parse(rawURL)
		if err != nil {
			return Response{}, err
		}
		r.Header = map[string]string{"Content-Type": "application/json", "Origin": u.Scheme + "://" + u.Host}
		r.Body = "{}"
	}
	return Send(ctx, r)
}

// Send does r with net/http.
func Send(ctx context.Context, r Request) (Response, error) {
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range r.Header {
		req.Header.Set(k, v)
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

// errorBody reads an error answer's code and message (see
// NewStatusError); "" for what is missing.
func errorBody(b []byte) (code, message string) {
	var body struct {
		Error any    `json:"error"`
		Code  string `json:"code"`
	}
	_ = json.Unmarshal(b, &body)
	switch e := body.Error.(type) {
	case string:
		message = e
	case map[string]any:
		code, _ = e["code"].(string)
		message, _ = e["message"].(string)
	}
	if body.Code != "" {
		code = body.Code
	}
	return code, message
}
