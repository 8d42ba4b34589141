//go:build !(js && wasm)

package connect

import (
	"context"
	"net/url"
	"strings"
)

// The browser's parts of a Client, which its fields name on every
// platform: none off the browser.
type (
	//lint:ignore U1000 a Client field's type
	flow struct{}
	//lint:ignore U1000 a Client field's type
	preload struct{}
	//lint:ignore U1000 a Client field's type
	frame struct{}
)

// errUnsupported is what a flow or a preload fails with off the browser.
func errUnsupported() error {
	return newError(CodeUnsupported, "the Connect flow runs only in a browser (GOOS=js GOARCH=wasm)", nil)
}

func (c *Client) connectAccount(context.Context, Options) error { return errUnsupported() }

func (c *Client) preloadPage(context.Context, Options) error { return errUnsupported() }

func (c *Client) closeFlows() {}

func (c *Client) prepareSoon() {}

// urlOrigin returns the origin of an absolute http(s) URL, as the browser
// spells it.
func urlOrigin(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", newError(CodeInvalidOptions, "not an http(s) URL", nil)
	}
	host := strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return strings.ToLower(u.Scheme) + "://" + host, nil
}
