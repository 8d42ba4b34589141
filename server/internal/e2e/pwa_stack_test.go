package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"pdconnect/server/frontend"
	"pdconnect/server/pipedream"
	"pdconnect/server/sandbox"
	"pdconnect/wasm/ui"
)

var routesOnce sync.Once

// pwaStack is the app as a browser sees it: the PWA served by
// server/frontend, the same-origin app API for the user of each browser
// profile (a session cookie), and the sandbox behind it.
type pwaStack struct {
	URL        string // the app's origin
	SandboxURL string
	PD         *pipedream.Client
	front      *swapHandler
}

// startPWAStack starts the sandbox and the app on loopback ports.
func startPWAStack(t *testing.T) *pwaStack {
	t.Helper()
	routesOnce.Do(ui.Routes)
	sbxSrv := httptest.NewUnstartedServer(nil)
	sbxURL := "http://" + sbxSrv.Listener.Addr().String()
	sbx, err := sandbox.New(sandbox.Options{BaseURL: sbxURL})
	if err != nil {
		t.Fatal(err)
	}
	sbxSrv.Config.Handler = sbx.Handler()
	sbxSrv.Start()
	t.Cleanup(func() { sbxSrv.Close(); sbx.Close() })

	pd, err := pipedream.New(pipedream.Config{
		ClientID: sandbox.DefaultClientID, ClientSecret: sandbox.DefaultClientSecret,
		ProjectID: sandbox.DefaultProjectID, Environment: pipedream.EnvDevelopment, BaseURL: sbxURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &pwaStack{SandboxURL: sbxURL, PD: pd, front: &swapHandler{}}
	s.front.set(newFrontend(t, sbxURL))
	appSrv := httptest.NewUnstartedServer(nil)
	s.URL = "http://" + appSrv.Listener.Addr().String()
	mux := http.NewServeMux()
	s.routes(mux)
	mux.Handle("/", s.front)
	appSrv.Config.Handler = mux
	appSrv.Start()
	t.Cleanup(appSrv.Close)
	return s
}

// newFrontend serves the embedded PWA with the hosted UI at frontendURL.
func newFrontend(t *testing.T, frontendURL string) *frontend.Handler {
	t.Helper()
	h, err := frontend.New(frontend.Options{FrontendURL: frontendURL, PWA: ui.Handler()})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// swapHandler serves the current frontend; tests swap it to deploy a new
// version or restart an unchanged one.
type swapHandler struct {
	mu sync.Mutex
	h  http.Handler
}

func (s *swapHandler) set(h http.Handler) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

const sessionCookie = "e2e_user"

// routes is the app API the PWA calls, for the user in the session cookie.
func (s *pwaStack) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/session", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"external_user_id": s.user(w, r)})
	})
	mux.HandleFunc("POST /api/connect/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != s.URL {
			apiError(w, http.StatusForbidden, "cross-origin request")
			return
		}
		tok, err := s.PD.CreateToken(r.Context(), pipedream.TokenRequest{ExternalUserID: s.user(w, r), AllowedOrigins: []string{s.URL}})
		if err != nil {
			upstream(w, err)
			return
		}
		writeJSON(w, tok)
	})
	mux.HandleFunc("GET /api/connect/accounts", func(w http.ResponseWriter, r *http.Request) {
		l, err := s.PD.ListAccounts(r.Context(), pipedream.AccountsQuery{ExternalUserID: s.user(w, r)})
		if err != nil {
			upstream(w, err)
			return
		}
		writeJSON(w, map[string]any{"data": l.Data})
	})
	mux.HandleFunc("DELETE /api/connect/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		a, err := s.PD.GetAccount(r.Context(), r.PathValue("id"), false)
		if err == nil && a.ExternalID != s.user(w, r) {
			apiError(w, http.StatusNotFound, "no such account")
			return
		}
		if err == nil {
			err = s.PD.DeleteAccount(r.Context(), a.ID)
		}
		if err != nil {
			upstream(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /api/connect/apps", func(w http.ResponseWriter, r *http.Request) {
		l, err := s.PD.ListApps(r.Context(), pipedream.AppsQuery{Q: r.URL.Query().Get("q"), Limit: 20})
		if err != nil {
			upstream(w, err)
			return
		}
		writeJSON(w, l)
	})
}

// user returns the session's user, starting a session when there is none.
func (s *pwaStack) user(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		return c.Value
	}
	b := make([]byte, 6)
	rand.Read(b)
	id := "e2e-" + hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: id})
	return id
}

// connectKeys connects an account of a keys app for user straight through
// the sandbox API, as the hosted page does.
func (s *pwaStack) connectKeys(t *testing.T, user, app, name string, fields map[string]string) pipedream.Account {
	t.Helper()
	ctx := context.Background()
	tok, err := s.PD.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: user})
	if err != nil {
		t.Fatal(err)
	}
	cfmap, _ := json.Marshal(fields)
	body, _ := json.Marshal(map[string]string{"app_slug": app, "cfmap_json": string(cfmap), "connect_token": tok.Token, "name": name})
	req, _ := http.NewRequest(http.MethodPost, s.SandboxURL+"/v1/connect/"+sandbox.DefaultProjectID+"/accounts", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-pd-environment", pipedream.EnvDevelopment)
	req.Header.Set("Authorization", "Bearer "+accessToken(t, s.SandboxURL))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a pipedream.Account
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("connect %s for %s: %d %v", app, user, res.StatusCode, err)
	}
	return a
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": http.StatusText(status), "message": msg}})
}

// upstream answers with the sandbox's error status and message.
func upstream(w http.ResponseWriter, err error) {
	var ae *pipedream.APIError
	if errors.As(err, &ae) {
		apiError(w, ae.StatusCode, ae.Message)
		return
	}
	apiError(w, http.StatusBadGateway, err.Error())
}

// accessToken gets a sandbox access token with the client credentials.
func accessToken(t *testing.T, sandboxURL string) string {
	t.Helper()
	res, err := http.PostForm(sandboxURL+"/v1/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {sandbox.DefaultClientID}, "client_secret": {sandbox.DefaultClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("sandbox access token: %d %v", res.StatusCode, err)
	}
	return tok.AccessToken
}
