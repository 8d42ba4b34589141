package testsupport

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Redis is a real redis-server (Debian's package) on a loopback port,
// without persistence, for one test. Stop and Start kill and restart it
// on the same port, as an outage would.
type Redis struct {
	tb   testing.TB
	Port string
	URL  string // redis://127.0.0.1:port/0

	mu  sync.Mutex
	cmd *exec.Cmd
}

// StartRedis starts a redis-server for the test, installing Debian's
// redis-server first when it is missing and the test runs as root (as
// build.sh does for Chromium); it stops with the test.
func StartRedis(tb testing.TB) *Redis {
	tb.Helper()
	needRedis(tb)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	r := &Redis{tb: tb, Port: port, URL: "redis://127.0.0.1:" + port + "/0"}
	r.Start()
	tb.Cleanup(r.Stop)
	return r
}

// Start starts the server (again) and waits until it accepts commands.
func (r *Redis) Start() {
	r.tb.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	cmd := exec.Command("redis-server", "--bind", "127.0.0.1", "--port", r.Port, "--save", "", "--appendonly", "no")
	cmd.Dir = r.tb.TempDir()
	out, err := cmd.StdoutPipe()
	if err != nil {
		r.tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		r.tb.Fatalf("start redis-server: %v", err)
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var log []string
		for sc.Scan() {
			log = append(log, sc.Text())
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- nil
				for sc.Scan() { // keep the pipe drained
				}
				return
			}
		}
		ready <- fmt.Errorf("redis-server exited:\n%s", strings.Join(log, "\n"))
	}()
	select {
	case err := <-ready:
		if err != nil {
			r.tb.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		r.tb.Fatal("redis-server did not start within 20 s")
	}
	r.cmd = cmd
}

// Stop kills the server, as a crash would, and waits for it to exit.
func (r *Redis) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	r.cmd = nil
}

var installRedis sync.Once

// needRedis makes sure redis-server is on PATH.
func needRedis(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err == nil {
		return
	}
	installRedis.Do(func() {
		if _, err := exec.LookPath("apt-get"); err != nil || os.Getuid() != 0 {
			return
		}
		tb.Log("installing Debian's redis-server for the Redis tests")
		install := exec.Command("sh", "-c", "apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null")
		if out, err := install.CombinedOutput(); err != nil {
			tb.Logf("apt-get install redis-server: %v\n%s", err, out)
		}
	})
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Fatal("the Redis tests need redis-server: run 'sudo apt-get install redis-server'")
	}
}
