package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

func TestWrongSettingStopsWithOneLine(t *testing.T) {
	env := map[string]string{"PIPEDREAM_CLIENT_SECRET": "shh"}
	err := run(context.Background(), []string{"-data", t.TempDir()}, func(k string) string { return env[k] }, io.Discard)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "PIPEDREAM_CLIENT_ID") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "shh") {
		t.Errorf("the error shows the secret: %v", err)
	}
}

func TestBusyAddressStopsWithOneLine(t *testing.T) {
	busy := httptest.NewServer(http.NotFoundHandler())
	defer busy.Close()
	addr := strings.TrimPrefix(busy.URL, "http://")
	err := run(context.Background(), []string{"-addr", addr, "-data", t.TempDir()}, func(string) string { return "" }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen on ADDR "+addr) {
		t.Fatalf("err = %v", err)
	}
}

// started is a server run in-process, its log, and how to stop it.
type started struct {
	URL  string
	log  *testsupport.LogBuffer
	stop func() error
}

// start runs the server with env (and args after the test's own, which
// they override) until the test ends, and waits for the line that says
// where the app is served.
func start(t *testing.T, env map[string]string, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-sandbox-addr", "127.0.0.1:0", "-data", t.TempDir(), "-log-level", "debug"}, args...),
			func(k string) string { return env[k] }, pw)
		pw.Close()
	}()
	s := &started{log: &testsupport.LogBuffer{}}
	urls := make(chan string, 1)
	logged := make(chan struct{}) // closed once every line of the log is in s.log
	go func() {
		defer close(logged)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.log.Write([]byte(sc.Text() + "\n"))
			if m := regexp.MustCompile(`msg="serving the app" url=(\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	stopped := false
	s.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			<-logged
			return err
		case <-time.After(20 * time.Second):
			return context.DeadlineExceeded
		}
	}
	t.Cleanup(func() { s.stop() })
	select {
	case s.URL = <-urls:
	case err := <-done:
		t.Fatalf("the server stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not start within 20 s")
	}
	return s
}

func (s *started) logText() string { return s.log.String() }

func TestSandboxModeServesAndShutsDown(t *testing.T) {
	s := start(t, nil)
	res, err := http.Get(s.URL + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", res, err)
	}
	if res.Header.Get("Content-Security-Policy") == "" {
		t.Error("no CSP on /healthz")
	}
	v := newVisitor(t, s.URL)
	status, body := v.mint(s.URL)
	if status != http.StatusOK || !strings.Contains(body, `"token":"ctok_`) {
		t.Fatalf("token: %d %s", status, body)
	}
	// An open event stream does not hold the shutdown up: it is ended.
	page := testsupport.OpenEvents(t, v.c, s.URL+"/api/connect/events", "")
	page.Next()
	began := time.Now()
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(began); d > 5*time.Second || !page.Ended() {
		t.Errorf("shutdown with an open event stream took %v", d)
	}
	log := s.logText()
	if !strings.Contains(log, "built-in sandbox") || !strings.Contains(log, "msg=stopped") {
		t.Errorf("log:\n%s", log)
	}
	if tok := regexp.MustCompile(`ctok_[0-9a-f]+`).FindString(body); strings.Contains(log, tok) || strings.Contains(log, sandbox.DefaultClientSecret) {
		t.Errorf("the log holds a secret:\n%s", log)
	}
}

// TestSandboxDeliversWebhooksToTheApp: in sandbox mode the tokens name the
// app's own webhook route, so a finished flow's CONNECTION_SUCCESS reaches
// the app.
func TestSandboxDeliversWebhooksToTheApp(t *testing.T) {
	s := start(t, nil)
	status, body := newVisitor(t, s.URL).mint(s.URL)
	tok := regexp.MustCompile(`ctok_[0-9a-f]+`).FindString(body)
	if status != http.StatusOK || tok == "" {
		t.Fatalf("token: %d %s", status, body)
	}
	sbxURL := regexp.MustCompile(`built-in sandbox" url=(\S+)`).FindStringSubmatch(s.logText())[1]
	if _, err := testsupport.ConnectKeys(context.Background(), http.DefaultClient, sbxURL, tok, "openai", "",
		map[string]string{"api_key": "sk-abcdefgh12345"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.logText(), `msg="connecthttp: webhook" component=api event=CONNECTION_SUCCESS`) {
		if time.Now().After(deadline) {
			t.Fatalf("the app got no webhook:\n%s", s.logText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestShutdownLetsInFlightRequestsFinish stops the server while a token
// request waits on a slow upstream: the request still gets its token.
func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	up := httptest.NewUnstartedServer(nil)
	sbx, err := sandbox.New(sandbox.Options{BaseURL: "http://" + up.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	defer sbx.Close()
	arrived := make(chan struct{}, 1)
	up.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/tokens") {
			arrived <- struct{}{}
			time.Sleep(time.Second)
		}
		sbx.Handler().ServeHTTP(w, r)
	})
	up.Start()
	defer up.Close()
	s := start(t, map[string]string{
		"PIPEDREAM_CLIENT_ID": sandbox.DefaultClientID, "PIPEDREAM_CLIENT_SECRET": sandbox.DefaultClientSecret,
		"PIPEDREAM_PROJECT_ID": sandbox.DefaultProjectID, "PIPEDREAM_API_URL": up.URL, "PIPEDREAM_FRONTEND_URL": up.URL,
	})
	type result struct {
		status int
		body   string
	}
	got := make(chan result, 1)
	go func() {
		status, body := newVisitor(t, s.URL).mint(s.URL)
		got <- result{status, body}
	}()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the token request did not reach the upstream")
	}
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	r := <-got
	if r.status != http.StatusOK || !strings.Contains(r.body, "ctok_") {
		t.Errorf("the in-flight request got %d %s", r.status, r.body)
	}
	if _, err := http.Get(s.URL + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestCredentialsUseTheConfiguredService runs the production path: client
// credentials and an API URL, here a sandbox standing in for Pipedream.
func TestCredentialsUseTheConfiguredService(t *testing.T) {
	up := httptest.NewUnstartedServer(nil)
	sbx, err := sandbox.New(sandbox.Options{BaseURL: "http://" + up.Listener.Addr().String(), ClientSecret: "a-real-looking-secret-123"})
	if err != nil {
		t.Fatal(err)
	}
	defer sbx.Close()
	up.Config.Handler = sbx.Handler()
	up.Start()
	defer up.Close()

	s := start(t, map[string]string{
		"PIPEDREAM_CLIENT_ID": sandbox.DefaultClientID, "PIPEDREAM_CLIENT_SECRET": "a-real-looking-secret-123",
		"PIPEDREAM_PROJECT_ID": sandbox.DefaultProjectID, "PIPEDREAM_PROJECT_ENVIRONMENT": "development",
		"PIPEDREAM_API_URL": up.URL, "PIPEDREAM_FRONTEND_URL": up.URL,
	})
	status, body := newVisitor(t, s.URL).mint(s.URL)
	if status != http.StatusOK || !strings.Contains(body, up.URL+"/_static/connect.html") {
		t.Fatalf("token: %d %s", status, body)
	}
	s.stop()
	log := s.logText()
	if strings.Contains(log, "built-in sandbox") {
		t.Error("started the sandbox although credentials are configured")
	}
	if strings.Contains(log, "a-real-looking-secret-123") {
		t.Errorf("the log holds the client secret:\n%s", log)
	}
}
