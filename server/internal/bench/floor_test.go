package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

// floorEnv, set to a directory, makes the test binary the floor's process
// (see StartFloor) instead of running tests.
const floorEnv = "PDCONNECT_BENCH_FLOOR_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(floorEnv); dir != "" {
		if err := serveFloor(dir); err != nil {
			fmt.Fprintln(os.Stderr, "bench floor:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveFloor serves, in this one process as bin/server does, a sandbox
// with its database in dir and a bare reverse proxy to it (httputil's,
// keeping as many idle connections as the app's Connect client), prints
// both addresses and serves until stdin closes.
func serveFloor(dir string) error {
	sbxLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	proxyLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	st, err := store.OpenBolt(filepath.Join(dir, "sandbox.db"))
	if err != nil {
		return err
	}
	sbxURL := "http://" + sbxLn.Addr().String()
	sbx, err := sandbox.New(sandbox.Options{BaseURL: sbxURL, Store: st, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer sbx.Close()
	u, _ := url.Parse(sbxURL)
	p := httputil.NewSingleHostReverseProxy(u)
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 128, 128
	p.Transport = t
	p.ErrorLog = log.New(io.Discard, "", 0) // requests the load's deadline cuts off
	errs := make(chan error, 2)
	for _, s := range []struct {
		ln net.Listener
		h  http.Handler
	}{{sbxLn, sbx.Handler()}, {proxyLn, p}} {
		// The timeouts of bin/server's servers.
		srv := &http.Server{Handler: s.h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
		go func() { errs <- srv.Serve(s.ln) }()
	}
	fmt.Println(sbxURL, "http://"+proxyLn.Addr().String())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		sbxLn.Close()
		proxyLn.Close()
	}()
	if err := <-errs; !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// Floor is a sandbox and a bare reverse proxy to it in one process of
// their own, as the app and its sandbox share bin/server's: minting
// through the proxy rather than straight costs what one more HTTP hop
// inside such a process costs on this machine, the floor under the app
// server's overhead.
type Floor struct {
	SandboxURL, ProxyURL string

	cmd *exec.Cmd
	in  io.WriteCloser
}

// StartFloor runs this test binary again as the floor, with its database
// in dir.
func StartFloor(dir string) (*Floor, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), floorEnv+"="+dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the floor: %w", err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	urls := strings.Fields(line)
	if err != nil || len(urls) != 2 {
		in.Close()
		cmd.Wait()
		return nil, fmt.Errorf("the floor's addresses: %q, %v", line, err)
	}
	return &Floor{SandboxURL: urls[0], ProxyURL: urls[1], cmd: cmd, in: in}, nil
}

// CPU is the CPU time the floor's process has used so far.
func (f *Floor) CPU() (time.Duration, error) { return processCPU(f.cmd.Process.Pid) }

// Stop ends the floor's process (it exits when its stdin closes).
func (f *Floor) Stop() error {
	f.in.Close()
	return f.cmd.Wait()
}
