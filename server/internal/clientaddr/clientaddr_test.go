package clientaddr

import (
	"net/http/httptest"
	"testing"
)

func TestOfBelievesForwardedForOnlyFromTrustedProxies(t *testing.T) {
	none, _ := Parse("")
	local, err := Parse("127.0.0.1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	v6, _ := Parse("::1")
	for _, c := range []struct {
		name        string
		proxies     Proxies
		remote, fwd string
		want        string
	}{
		{"no proxy trusted: loopback peer's header ignored", none, "127.0.0.1:5000", "198.51.100.1", "127.0.0.1"},
		{"no proxy trusted: private peer's header ignored", none, "10.0.0.2:5000", "198.51.100.1", "10.0.0.2"},
		{"public peer's header ignored", local, "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"trusted proxy, no header", local, "127.0.0.1:5000", "", "127.0.0.1"},
		{"trusted proxy's own hop, not the forged one", local, "127.0.0.1:5000", "1.1.1.1, 198.51.100.1", "198.51.100.1"},
		{"two trusted proxies in a row", local, "127.0.0.1:5000", "1.1.1.1, 198.51.100.1, 10.1.2.3", "198.51.100.1"},
		{"a garbage hop stops the walk", local, "127.0.0.1:5000", "198.51.100.1, garbage", "127.0.0.1"},
		{"untrusted private peer", local, "192.168.1.9:5000", "198.51.100.1", "192.168.1.9"},
		{"IPv6 clients are their /64", v6, "[::1]:5000", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"an IPv6 peer is its /64", none, "[2001:db8::7]:5000", "", "2001:db8::/64"},
		{"a mapped IPv4 peer is IPv4", local, "[::ffff:127.0.0.1]:5000", "198.51.100.2", "198.51.100.2"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.fwd != "" {
			r.Header.Set("X-Forwarded-For", c.fwd)
		}
		if got := c.proxies.Of(r); got != c.want {
			t.Errorf("%s: Of(%s, XFF %q) = %s, want %s", c.name, c.remote, c.fwd, got, c.want)
		}
	}
}

func TestParseRefusesWhatIsNotAnAddress(t *testing.T) {
	for _, s := range []string{"localhost", "10.0.0.0/33", "1.2.3", "10.0.0.1,bad"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted it", s)
		}
	}
	ps, err := Parse(" 10.0.0.1 , fd00::/8 ,")
	if err != nil || len(ps) != 2 {
		t.Fatalf("Parse = %v, %v", ps, err)
	}
}
