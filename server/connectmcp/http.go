package connectmcp

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
)

// DefaultSessionTimeout is how long an idle HTTP session lives by default.
const DefaultSessionTimeout = 30 * time.Minute

// HTTPOptions configure Handler.
type HTTPOptions struct {
	// User resolves the external user a request acts for (from its bearer
	// key, say). An error or "" is answered 401, before anything else.
	// Required.
	User func(r *http.Request) (externalUserID string, err error)
	// AllowedOrigins are the browser origins that may call the endpoint.
	// A request with any other Origin header is refused with 403 (the MCP
	// spec's defence against DNS rebinding); agents outside browsers send
	// none. Their hosts are also the names a server listening on loopback
	// answers besides loopback names (a TLS proxy on the same machine
	// forwards them); any other Host is refused there.
	AllowedOrigins []string
	// SessionTimeout closes sessions idle this long; zero means
	// DefaultSessionTimeout.
	SessionTimeout time.Duration
}

// maxRequestBytes bounds the body of a request to the Handler (a batch
// of messages included); a larger one is refused.
const maxRequestBytes = 1 << 20

// maxBatch bounds the messages of a batch.
const maxBatch = 10

// Handler serves MCP over streamable HTTP. Each session acts for the user
// of the request that opened it, with the tools of that user's apps and
// of the apps named in its query (?app=github&app=notion); a request for
// a session of another user is answered 404, as an unknown session.
func (s *Server) Handler(opts HTTPOptions) http.Handler {
	if opts.SessionTimeout == 0 {
		opts.SessionTimeout = DefaultSessionTimeout
	}
	key := make([]byte, 32)
	rand.Read(key)
	bind := sessionBinder{key: key}
	streams := mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		nr, ok := r.Context().Value(newRequestKey{}).(*newRequest)
		if !ok {
			// The handler asks for every request; an existing session
			// keeps its own server, so this one only answers which
			// protocol versions there are.
			return s.versions
		}
		// Asked twice for a new session's request: one server.
		nr.once.Do(func() {
			ts := s.newToolset(nr.user, nr.apps, func() string { return bind.newID(nr.user) })
			ts.preload(r.Context())
			nr.srv = ts.srv
		})
		return nr.srv
	}, &mcp.StreamableHTTPOptions{
		SessionTimeout: opts.SessionTimeout, Logger: s.opts.Logger,
		// hostAllowed below, which also lets a local proxy forward the
		// public name.
		DisableLocalhostProtection: true,
	})
	hosts := map[string]bool{}
	for _, o := range opts.AllowedOrigins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			hosts[strings.ToLower(u.Host)] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r, hosts) {
			jsonhttp.Error(w, http.StatusForbidden, "forbidden_host", "requests for the host "+r.Host+" are refused here")
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !slices.Contains(opts.AllowedOrigins, o) {
			jsonhttp.Error(w, http.StatusForbidden, "forbidden_origin", "requests from the origin "+o+" are refused")
			return
		}
		user, err := opts.User(r)
		if err != nil || user == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mcp"`)
			jsonhttp.Error(w, http.StatusUnauthorized, "unauthenticated", "send Authorization: Bearer <agent key>")
			return
		}
		if id := r.Header.Get("Mcp-Session-Id"); id != "" && !bind.owns(id, user) {
			jsonhttp.Error(w, http.StatusNotFound, "not_found", "session not found; initialize a new one")
			return
		}
		if r.Method == http.MethodGet {
			// A session's stream of notifications outlives the server's
			// write timeout.
			_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
		}
		if r.ContentLength > maxRequestBytes {
			jsonhttp.Error(w, http.StatusRequestEntityTooLarge, "too_large", "a request body may hold at most 1 MiB")
			return
		}
		if r.Body != nil {
			// The transport reads the whole body, a batch included.
			r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
		}
		if r.Method == http.MethodPost {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				jsonhttp.Error(w, http.StatusRequestEntityTooLarge, "too_large", "a request body may hold at most 1 MiB")
				return
			}
			var batch []json.RawMessage
			if json.Unmarshal(body, &batch) == nil && len(batch) > maxBatch {
				// Each message is one request of the key's rate.
				jsonhttp.Error(w, http.StatusBadRequest, "bad_request", "a batch may hold at most 10 messages")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if r.Header.Get("Mcp-Session-Id") == "" {
			r = r.WithContext(context.WithValue(r.Context(), newRequestKey{}, &newRequest{user: user, apps: r.URL.Query()["app"]}))
		}
		jw := &jsonErrors{ResponseWriter: w}
		streams.ServeHTTP(jw, r)
		jw.finish()
	})
}

// newRequest is a request that opens a session (it has no session id):
// its user and the apps it names, and the session's server, made once.
type newRequest struct {
	user string
	apps []string
	once sync.Once
	srv  *mcp.Server
}

type newRequestKey struct{}

// hostAllowed is the MCP spec's DNS-rebinding check: a server that a
// connection reached on loopback answers loopback names and the allowed
// origins' hosts only.
func hostAllowed(r *http.Request, hosts map[string]bool) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok || local == nil || !loopback(local.String()) {
		return true
	}
	return loopback(r.Host) || hosts[strings.ToLower(r.Host)]
}

// loopback reports whether hostport names this machine.
func loopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sessionBinder ties session ids to users: an id is a random part and a
// MAC of it with the user, so a request can only reach the sessions of
// its own user, with nothing to remember.
type sessionBinder struct{ key []byte }

func (b sessionBinder) newID(user string) string {
	n := make([]byte, 16)
	rand.Read(n)
	r := hex.EncodeToString(n)
	return r + "." + b.mac(r, user)
}

func (b sessionBinder) owns(id, user string) bool {
	r, m, ok := strings.Cut(id, ".")
	return ok && hmac.Equal([]byte(m), []byte(b.mac(r, user)))
}

func (b sessionBinder) mac(r, user string) string {
	h := hmac.New(sha256.New, b.key)
	h.Write([]byte(r + "\x00" + user))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// jsonErrors answers the transport's plain-text refusals (a malformed
// message, an unknown session, a wrong Accept) as {"error":{"code",
// "message"}}, as the rest of the API does; every other answer, event
// streams included, passes through.
type jsonErrors struct {
	http.ResponseWriter
	status int           // 0 until the header is written
	text   *bytes.Buffer // an error's text, while it is being rewritten
}

func (j *jsonErrors) WriteHeader(code int) {
	if j.status != 0 {
		return
	}
	j.status = code
	if code >= 400 && strings.HasPrefix(j.Header().Get("Content-Type"), "text/plain") {
		j.text = &bytes.Buffer{}
		return
	}
	j.ResponseWriter.WriteHeader(code)
}

func (j *jsonErrors) Write(b []byte) (int, error) {
	if j.status == 0 {
		j.WriteHeader(http.StatusOK)
	}
	if j.text != nil {
		if j.text.Len() < 1024 {
			j.text.Write(b)
		}
		return len(b), nil
	}
	return j.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController flush the event streams.
func (j *jsonErrors) Unwrap() http.ResponseWriter { return j.ResponseWriter }

// finish sends a rewritten error.
func (j *jsonErrors) finish() {
	if j.text == nil {
		return
	}
	code := map[int]string{
		http.StatusBadRequest: "bad_request", http.StatusForbidden: "forbidden", http.StatusNotFound: "not_found",
		http.StatusMethodNotAllowed: "method_not_allowed", http.StatusNotAcceptable: "not_acceptable",
		http.StatusRequestEntityTooLarge: "too_large", http.StatusUnsupportedMediaType: "unsupported_media_type",
	}[j.status]
	if code == "" {
		code = "error"
	}
	jsonhttp.Error(j.ResponseWriter, j.status, code, strings.TrimSpace(j.text.String()))
}
