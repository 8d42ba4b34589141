package ratelimit

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddrTrustsOnlyALocalProxysLastHop(t *testing.T) {
	for _, c := range []struct{ remote, fwd, want string }{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "198.51.100.1", "203.0.113.7"}, // a public peer's header is ignored
		{"127.0.0.1:5000", "", "127.0.0.1"},
		{"127.0.0.1:5000", "1.1.1.1, 198.51.100.1", "198.51.100.1"}, // the proxy's own hop, not the forged one
		{"10.0.0.2:5000", "198.51.100.1", "198.51.100.1"},
		{"127.0.0.1:5000", "garbage", "127.0.0.1"},
		{"[::1]:5000", "2001:db8::1", "2001:db8::1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.fwd != "" {
			r.Header.Set("X-Forwarded-For", c.fwd)
		}
		if got := ClientAddr(r); got != c.want {
			t.Errorf("ClientAddr(%s, XFF %q) = %s, want %s", c.remote, c.fwd, got, c.want)
		}
	}
}
