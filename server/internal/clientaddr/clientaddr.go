// Package clientaddr tells which client a request comes from, to limit per
// client: the connection's peer, unless the peer is one of the reverse
// proxies the server was told to trust (TRUSTED_PROXIES), whose
// X-Forwarded-For is then read from the right past every trusted hop. No
// proxy is trusted by default, so no client chooses its own address.
package clientaddr

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the trusted reverse proxies, as addresses or CIDR prefixes.
// The zero value trusts none.
type Proxies []netip.Prefix

// Parse reads a comma-separated list of IP addresses and CIDR prefixes
// ("10.0.0.0/8, 127.0.0.1"); an empty list trusts no proxy.
func Parse(list string) (Proxies, error) {
	var ps Proxies
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an IP address or CIDR prefix (such as 10.0.0.0/8)", f)
			}
			ps = append(ps, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR prefix (such as 10.0.0.0/8)", f)
		}
		a = a.Unmap()
		ps = append(ps, netip.PrefixFrom(a, a.BitLen()))
	}
	return ps, nil
}

// trusts reports whether a is one of the proxies.
func (ps Proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of is the client r comes from: the peer's address, or, when the peer is
// a trusted proxy, the last X-Forwarded-For hop that is not a trusted proxy
// itself (what the outermost trusted proxy saw; the hops before it are the
// client's to forge). An IPv6 client is its /64, which one host usually
// holds whole, so that it cannot pass for many clients.
func (ps Proxies) Of(r *http.Request) string {
	peer, ok := parseHost(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	client := peer
	if ps.trusts(peer) {
		fwd := r.Header.Values("X-Forwarded-For")
	hops:
		for i := len(fwd) - 1; i >= 0; i-- {
			list := strings.Split(fwd[i], ",")
			for j := len(list) - 1; j >= 0; j-- {
				a, err := netip.ParseAddr(strings.TrimSpace(list[j]))
				if err != nil {
					break hops // a hop no proxy of ours wrote: stop at the last good one
				}
				client = a.Unmap()
				if !ps.trusts(client) {
					break hops
				}
			}
		}
	}
	return key(client)
}

// Peer is Of with no trusted proxy: the connection's peer.
func Peer(r *http.Request) string { return Proxies(nil).Of(r) }

// key renders a client address: an IPv4 address as it is, an IPv6 one as
// its /64.
func key(a netip.Addr) string {
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// parseHost parses the IP of a host:port (or a bare IP).
func parseHost(hostport string) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
