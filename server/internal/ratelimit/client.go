package ratelimit

import (
	"net"
	"net/http"
	"strings"
)

// ClientAddr is the address a request came from, to limit per client: the
// peer's IP, or, when the peer is a proxy on loopback or a private network,
// the last address that proxy appended to X-Forwarded-For (the one it saw;
// earlier entries are the client's to forge).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer := net.ParseIP(host)
	if peer == nil || !(peer.IsLoopback() || peer.IsPrivate()) {
		return host
	}
	fwd := r.Header.Values("X-Forwarded-For")
	if len(fwd) == 0 {
		return host
	}
	hops := strings.Split(fwd[len(fwd)-1], ",")
	if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-1])); ip != nil {
		return ip.String()
	}
	return host
}
