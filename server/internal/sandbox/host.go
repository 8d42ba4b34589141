package sandbox

import (
	"net"
	"net/http"
	"strings"
)

// knownHost answers 421 to a request whose Host is neither the sandbox's
// configured host name nor a loopback name (localhost, *.localhost, a
// loopback IP). A DNS-rebinding page, whose requests carry its own host
// name, so cannot reach the sandbox's default credentials or the keys
// typed into it.
func (s *Sandbox) knownHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.isKnownHost(r.Host) {
			s.log.WarnContext(r.Context(), "sandbox: refused a request for an unknown host name",
				"host", truncate(r.Host, 100), "remote", r.RemoteAddr)
			writeError(w, http.StatusMisdirectedRequest, "this sandbox answers only its own host name and loopback names")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isKnownHost reports whether hostport names the sandbox.
func (s *Sandbox) isKnownHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if host == s.host || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
