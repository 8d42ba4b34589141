package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// bareProxyEnv, set to a URL, makes the test binary a bare reverse proxy
// to it instead of running tests (see StartBareProxy).
const bareProxyEnv = "PDCONNECT_BENCH_BARE_PROXY_TO"

func TestMain(m *testing.M) {
	if target := os.Getenv(bareProxyEnv); target != "" {
		if err := serveBareProxy(target); err != nil {
			fmt.Fprintln(os.Stderr, "bare proxy:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveBareProxy forwards every request to target with httputil's reverse
// proxy and a transport that keeps as many idle connections as the app's
// Connect client (pipedream's default), prints its address and serves
// until its stdin closes.
func serveBareProxy(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p := httputil.NewSingleHostReverseProxy(u)
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 128, 128
	p.Transport = t
	fmt.Println(ln.Addr().String())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		ln.Close()
	}()
	if err := http.Serve(ln, p); err != nil && !strings.Contains(err.Error(), "use of closed") {
		return err
	}
	return nil
}

// BareProxy is a reverse proxy and nothing else, in a process of its own:
// the floor of what one more HTTP hop on this machine costs, against which
// the app server's own overhead is read.
type BareProxy struct {
	URL string
	cmd *exec.Cmd
	in  io.WriteCloser
}

// StartBareProxy runs this test binary again as a bare reverse proxy to
// target.
func StartBareProxy(target string) (*BareProxy, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), bareProxyEnv+"="+target)
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
		return nil, fmt.Errorf("start bare proxy: %w", err)
	}
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		in.Close()
		cmd.Wait()
		return nil, fmt.Errorf("bare proxy's address: %w", err)
	}
	return &BareProxy{URL: "http://" + strings.TrimSpace(addr), cmd: cmd, in: in}, nil
}

// CPU is the CPU time the proxy process has used so far.
func (p *BareProxy) CPU() (time.Duration, error) { return processCPU(p.cmd.Process.Pid) }

// Stop ends the proxy (it exits when its stdin closes).
func (p *BareProxy) Stop() error {
	p.in.Close()
	return p.cmd.Wait()
}
