package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is bin/server running as a child process in sandbox mode.
type Server struct {
	cmd        *exec.Cmd
	URL        string // the app, http://127.0.0.1:PORT
	SandboxURL string // its built-in sandbox
	done       chan error
}

// StartServer runs bin at path from dir (any directory: the binary embeds
// everything) on two free loopback ports with no Pipedream credentials, so it
// starts its sandbox, and waits until both answer.
func StartServer(ctx context.Context, bin, dir string, extraEnv ...string) (*Server, error) {
	appPort, err := freePort()
	if err != nil {
		return nil, err
	}
	sbxPort, err := freePort()
	if err != nil {
		return nil, err
	}
	return StartServerOn(ctx, bin, dir, appPort, sbxPort, extraEnv...)
}

// StartServerOn is StartServer on the given loopback ports, for a restart
// that browsers and the hosted UI's address must not notice.
func StartServerOn(ctx context.Context, bin, dir, appPort, sbxPort string, extraEnv ...string) (*Server, error) {
	s := &Server{
		URL:        "http://127.0.0.1:" + appPort,
		SandboxURL: "http://127.0.0.1:" + sbxPort,
		done:       make(chan error, 1),
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PIPEDREAM_") && !strings.HasPrefix(kv, "SANDBOX_") &&
			!strings.HasPrefix(kv, "ADDR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "ADDR=127.0.0.1:"+appPort, "SANDBOX_ADDR=127.0.0.1:"+sbxPort)
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s.cmd = cmd
	go func() { s.done <- cmd.Wait() }()
	for _, u := range []string{s.URL + "/healthz", s.SandboxURL + "/v1/oauth/token"} {
		if err := s.waitUp(ctx, u); err != nil {
			s.Stop()
			return nil, err
		}
	}
	return s, nil
}

// waitUp polls u until it answers at all (any status) for up to 20 s.
func (s *Server) waitUp(ctx context.Context, u string) error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return fmt.Errorf("server exited before answering %s: %v", u, err)
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("server did not answer %s within 20 s", u)
}

// PeakRSS is the process's peak resident set (VmHWM), in bytes.
func (s *Server) PeakRSS() (int64, error) { return s.memory("VmHWM") }

// RSS is the process's current resident set (VmRSS), in bytes.
func (s *Server) RSS() (int64, error) { return s.memory("VmRSS") }

// CPU is the CPU time (user and system) the process has used so far.
func (s *Server) CPU() (time.Duration, error) { return processCPU(s.cmd.Process.Pid) }

// clockTicks is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTicks = 100

// processCPU reads the user and system CPU time of process pid from
// /proc/PID/stat, to 1/clockTicks of a second.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read CPU time: %w", err)
	}
	// The fields after the command name, which may hold spaces and
	// stands in parentheses.
	rest := string(b[strings.LastIndexByte(string(b), ')')+1:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("read CPU time: /proc/%d/stat is %q", pid, b)
	}
	var ticks int64
	for _, v := range f[11:13] { // utime, stime (fields 14 and 15)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("read CPU time: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// memory reads a kB field of the process's /proc status, in bytes.
func (s *Server) memory(field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", field, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse %s %q: %w", field, v, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("read %s: not in /proc status", field)
}

// Stop asks the server to shut down (SIGTERM) and waits up to 10 s before
// killing it.
func (s *Server) Stop() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		return errors.New("server did not stop within 10 s of SIGTERM")
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port, nil
}
