package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Client is an HTTP client for loopback load: many idle connections, no
// proxy, a bound per request.
func Client() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        512,
			MaxIdleConnsPerHost: 512,
			IdleConnTimeout:     30 * time.Second,
		},
	}
}

// MintDirect asks the sandbox itself for a Connect token, as the app server
// does, and returns the status (and the token when it is 200).
func MintDirect(ctx context.Context, c *http.Client, sandboxURL, accessToken, user, origin string) (int, string, error) {
	return MintDirectFor(ctx, c, sandboxURL, accessToken, user, origin, 0)
}

// MintDirectFor is MintDirect for a token living expiresIn seconds (0: the
// service's default).
func MintDirectFor(ctx context.Context, c *http.Client, sandboxURL, accessToken, user, origin string, expiresIn int) (int, string, error) {
	req, err := directRequest(ctx, sandboxURL, accessToken, tokenFields(user, origin, expiresIn))
	if err != nil {
		return 0, "", err
	}
	return mint(c, req)
}

// AppTokenBody is the body of the token request the app server itself
// sends the Connect API: for user, allowing origin, with a webhook_uri.
func AppTokenBody(user, origin, webhookURI string) []byte {
	fields := tokenFields(user, origin, 0)
	fields["webhook_uri"] = webhookURI
	body, _ := json.Marshal(fields)
	return body
}

// MintDirectBody is MintDirect with the request's body as it is.
func MintDirectBody(ctx context.Context, c *http.Client, sandboxURL, accessToken string, body []byte) (int, string, error) {
	req, err := directBodyRequest(ctx, sandboxURL, accessToken, body)
	if err != nil {
		return 0, "", err
	}
	return mint(c, req)
}

// mintBody is MintDirect that returns the token response's body as it came.
func mintBody(ctx context.Context, c *http.Client, sandboxURL, accessToken, user, origin string) (int, []byte, error) {
	req, err := directRequest(ctx, sandboxURL, accessToken, tokenFields(user, origin, 0))
	if err != nil {
		return 0, nil, err
	}
	return do(c, req)
}

// tokenFields are a token request's fields for user, allowing origin, for a
// token living expiresIn seconds (0: the service's default).
func tokenFields(user, origin string, expiresIn int) map[string]any {
	fields := map[string]any{"external_user_id": user, "allowed_origins": []string{origin}}
	if expiresIn > 0 {
		fields["expires_in"] = expiresIn
	}
	return fields
}

// directRequest is the sandbox's token request with fields.
func directRequest(ctx context.Context, sandboxURL, accessToken string, fields map[string]any) (*http.Request, error) {
	body, _ := json.Marshal(fields)
	return directBodyRequest(ctx, sandboxURL, accessToken, body)
}

// directBodyRequest is the sandbox's token request with body.
func directBodyRequest(ctx context.Context, sandboxURL, accessToken string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		sandboxURL+"/v1/connect/"+sandbox.DefaultProjectID+"/tokens", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set(sandbox.EnvironmentHeader, string(pipedream.Development))
	return req, nil
}

// Session is one browser-like user of the app: its cookie jar.
type Session struct {
	client *http.Client
	app    string
}

// NewSession opens a session on the app (GET /api/session sets the cookie).
func NewSession(ctx context.Context, transport http.RoundTripper, appURL string) (*Session, error) {
	jar, _ := cookiejar.New(nil)
	s := &Session{client: &http.Client{Transport: transport, Jar: jar, Timeout: 10 * time.Second}, app: appURL}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, appURL+"/api/session", nil)
	if err != nil {
		return nil, err
	}
	var out struct {
		ExternalUserID string `json:"external_user_id"`
	}
	if err := doJSON(s.client, req, &out); err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	u, _ := url.Parse(appURL)
	if len(jar.Cookies(u)) == 0 || out.ExternalUserID == "" {
		return nil, fmt.Errorf("open session: no cookie or user id from %s/api/session", appURL)
	}
	return s, nil
}

// Mint asks the app for a Connect token as this session's user.
func (s *Session) Mint(ctx context.Context) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.app+"/api/connect/token", bytes.NewReader([]byte("{}")))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.app)
	return mint(s.client, req)
}

// MintWithCookie asks the app at appURL for a Connect token as the
// session whose Cookie header is cookie, sent as it is: no cookie jar
// works for each request, as none does for a straight request, so that
// the load generator's work is the same both ways.
func MintWithCookie(ctx context.Context, c *http.Client, appURL, cookie string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, appURL+"/api/connect/token", bytes.NewReader([]byte("{}")))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", appURL)
	req.Header.Set("Cookie", cookie)
	return mint(c, req)
}

// do sends req and reads the whole answer.
func do(c *http.Client, req *http.Request) (int, []byte, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func mint(c *http.Client, req *http.Request) (int, string, error) {
	st, b, err := do(c, req)
	if err != nil || st != http.StatusOK {
		return st, "", err
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
		return st, "", fmt.Errorf("token response %q: %v", b, err)
	}
	return st, out.Token, nil
}

func doJSON(c *http.Client, req *http.Request, out any) error {
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL, res.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decode %q: %w", req.Method, req.URL, b, err)
	}
	return nil
}

// Cookie is the session's Cookie header.
func (s *Session) Cookie() string {
	u, _ := url.Parse(s.app)
	var parts []string
	for _, c := range s.client.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// ListAccounts lists this session's accounts through the app and returns
// the status.
func (s *Session) ListAccounts(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.app+"/api/connect/accounts", nil)
	if err != nil {
		return 0, err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}
