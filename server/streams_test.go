package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
)

// cookie is the visitor's Cookie header for base.
func (v *visitor) cookie(base string) string {
	u, _ := url.Parse(base)
	var parts []string
	for _, c := range v.c.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// TestStreamsPastTheCapAreRefusedAndTheServerAnswers is the attack of
// sessions opening event streams without end, scaled down: past the cap
// per user, then per address, a stream is a 429, and /healthz and the API
// still answer at once.
func TestStreamsPastTheCapAreRefusedAndTheServerAnswers(t *testing.T) {
	s := start(t, nil)
	events := s.URL + "/api/connect/events"
	var visitors []*visitor
	opened := 0
	for u := 0; opened < connecthttp.DefaultStreamsPerAddress; u++ {
		v := newVisitor(t, s.URL)
		visitors = append(visitors, v)
		for range connecthttp.DefaultStreamsPerUser {
			if opened == connecthttp.DefaultStreamsPerAddress {
				break
			}
			if st := testsupport.OpenStalled(t, events, v.cookie(s.URL)); st.Status != http.StatusOK {
				t.Fatalf("stream %d (user %d): %d", opened, u, st.Status)
			}
			opened++
		}
	}
	if st := testsupport.OpenStalled(t, events, visitors[0].cookie(s.URL)); st.Status != http.StatusTooManyRequests || st.Header.Get("Retry-After") == "" {
		t.Errorf("a user's stream past %d: %d %v", connecthttp.DefaultStreamsPerUser, st.Status, st.Header)
	}
	if st := testsupport.OpenStalled(t, events, newVisitor(t, s.URL).cookie(s.URL)); st.Status != http.StatusTooManyRequests {
		t.Errorf("an address's stream past %d: %d", connecthttp.DefaultStreamsPerAddress, st.Status)
	}
	c := &http.Client{Timeout: time.Second}
	for _, path := range []string{"/healthz", "/api/session"} {
		res, err := c.Get(s.URL + path)
		if err != nil {
			t.Fatalf("%s with every stream taken: %v", path, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s with every stream taken: %d", path, res.StatusCode)
		}
	}
}

// TestShutdownWithStuckStreamsIsQuick: five streams whose clients stopped
// reading, their sockets full, do not hold SIGTERM up: the server is done
// in well under 2 s, cleanly.
func TestShutdownWithStuckStreamsIsQuick(t *testing.T) {
	secret := strings.Repeat("s", webhookuri.KeySize)
	s := start(t, map[string]string{"WEBHOOK_SECRET": secret})
	v := newVisitor(t, s.URL)
	var user struct {
		ID string `json:"external_user_id"`
	}
	res, err := v.c.Get(s.URL + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&user)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if st := testsupport.OpenStalled(t, s.URL+"/api/connect/events", v.cookie(s.URL)); st.Status != http.StatusOK {
			t.Fatalf("stream: %d", st.Status)
		}
	}
	hooks, err := webhookuri.New(s.URL+"/api/connect/webhook", []byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	// 60 webhooks (a user's minute) of 60 KB: 3.6 MB to each stream, more
	// than a socket holds.
	name := strings.Repeat("n", 60<<10)
	for i := range 60 {
		body := fmt.Sprintf(`{"event":"CONNECTION_SUCCESS","connect_token":"ctok_x","environment":"development","connect_session_id":%d,
			"account":{"id":"apn_%d","name":%q,"external_id":%q,"healthy":true,"dead":false,"created_at":"2026-12-04T10:00:00Z","updated_at":"2026-12-04T10:00:00Z"}}`,
			i+1, i, name, user.ID)
		res, err := http.Post(hooks.URI(user.ID, time.Now()), "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("webhook %d: %d", i, res.StatusCode)
		}
	}
	began := time.Now()
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Errorf("shutdown with 5 stuck streams took %v, want under 2 s", d)
	} else {
		t.Logf("shutdown with 5 stuck streams took %v", d)
	}
}
