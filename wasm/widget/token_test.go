//go:build js && wasm

package main

import (
	"testing"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

func eval(t *testing.T, code string) safejs.Value {
	t.Helper()
	v, err := safejs.Global().Call("eval", code)
	if err != nil {
		t.Fatalf("eval %s: %v", code, err)
	}
	return v
}

// TestTokenFromJS: the official SDK's token callback's shapes, with a Date
// or a string, and what is not a token.
func TestTokenFromJS(t *testing.T) {
	want := connect.Token{Token: "ctok_1", ExpiresAt: time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC), ConnectLinkURL: "https://h/l"}
	for _, good := range []string{
		`({token: "ctok_1", expiresAt: new Date(Date.UTC(2026, 10, 23, 2, 30)), connectLinkUrl: "https://h/l"})`,
		`({token: "ctok_1", expires_at: "2026-11-23T02:30:00Z", connect_link_url: "https://h/l"})`,
	} {
		got, err := tokenFromJS(eval(t, good))
		if err != nil || got.Token != want.Token || !got.ExpiresAt.Equal(want.ExpiresAt) || got.ConnectLinkURL != want.ConnectLinkURL {
			t.Errorf("tokenFromJS(%s) = %+v, %v; want %+v", good, got, err, want)
		}
	}
	for _, bad := range []string{"null", "42", `"ctok_1"`, "({})", "({token: 42})", `({token: "t", expires_at: {}})`} {
		if _, err := tokenFromJS(eval(t, bad)); err == nil {
			t.Errorf("tokenFromJS(%s) took it", bad)
		}
	}
}
