package e2e

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// exampleRun is an example started with its one command.
type exampleRun struct {
	URL        string // the example's origin
	SandboxURL string // its sandbox's
	PD         *pipedream.Client
}

var (
	sandboxLine = regexp.MustCompile(`run\.sh: the sandbox is at (\S+)`)
	servingLine = regexp.MustCompile(`serving url=(\S+)`)
)

// startExample runs `make example-NAME` in the repository's root, the
// command the README gives, with free loopback ports and a data directory
// of the test's own, and returns where the example and its sandbox serve.
// All it started stops when the test ends.
func startExample(t *testing.T, name string) *exampleRun {
	t.Helper()
	cmd := exec.Command("make", "example-"+name)
	cmd.Dir = "../../.."
	for _, kv := range os.Environ() { // not the make of `make test`'s jobserver
		if k, _, _ := strings.Cut(kv, "="); k != "MAKEFLAGS" && k != "MFLAGS" && k != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "EXAMPLE_ADDR=127.0.0.1:0", "DATA_DIR="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	logged := make(chan struct{})
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			t.Errorf("make example-%s still runs 30 s after SIGTERM", name)
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		<-logged // the pipe ends once all the group's processes are gone
	})

	var sandboxURL string
	urls := make(chan [2]string, 1)
	go func() {
		defer close(logged)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			t.Log(name+":", line)
			if m := sandboxLine.FindStringSubmatch(line); m != nil {
				sandboxURL = m[1]
			}
			if m := servingLine.FindStringSubmatch(line); m != nil && sandboxURL != "" {
				urls <- [2]string{m[1], sandboxURL}
			}
		}
	}()
	select {
	case u := <-urls:
		return &exampleRun{URL: u[0], SandboxURL: u[1], PD: testsupport.Client(t, u[1], nil)}
	case <-exited:
		t.Fatalf("make example-%s stopped before it served", name)
	case <-time.After(5 * time.Minute):
		t.Fatalf("make example-%s did not serve within 5 minutes", name)
	}
	return nil
}

// accounts counts the user's accounts in the example's sandbox.
func (e *exampleRun) accounts(t *testing.T, user string) (n int) {
	t.Helper()
	for _, err := range e.PD.Accounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: user}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// appName is the app's name in the example's sandbox's catalog.
func (e *exampleRun) appName(t *testing.T, slug string) string {
	t.Helper()
	app, err := e.PD.GetApp(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return app.Name
}
