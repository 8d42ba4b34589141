package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

var projectID = regexp.MustCompile(`^proj_[A-Za-z0-9]+$`)

// check validates c; its errors are one line each, naming the setting.
func (c Config) check() error {
	if err := checkAddr("ADDR", c.Addr); err != nil {
		return err
	}
	if c.UsesSandbox() {
		if c.ClientSecret != "" {
			return errors.New("PIPEDREAM_CLIENT_SECRET is set but PIPEDREAM_CLIENT_ID is not: set both, or neither to use the sandbox")
		}
		if c.ProjectID != "" {
			return errors.New("PIPEDREAM_PROJECT_ID is set but PIPEDREAM_CLIENT_ID is not: set both, or neither to use the sandbox")
		}
		if err := checkAddr("SANDBOX_ADDR", c.Sandbox.Addr); err != nil {
			return err
		}
		if _, port, _ := net.SplitHostPort(c.Addr); c.Sandbox.Addr == c.Addr && port != "0" {
			return fmt.Errorf("SANDBOX_ADDR %q is the app's own address: give the sandbox another port", c.Sandbox.Addr)
		}
		if !projectID.MatchString(c.Sandbox.ProjectID) {
			return fmt.Errorf("SANDBOX_PROJECT_ID %q must be proj_ followed by letters and digits", c.Sandbox.ProjectID)
		}
		if c.Sandbox.ProxyURL != "" {
			if err := checkURL("SANDBOX_PROXY_URL", c.Sandbox.ProxyURL); err != nil {
				return err
			}
		}
	} else {
		if c.ClientSecret == "" {
			return errors.New("PIPEDREAM_CLIENT_ID is set but PIPEDREAM_CLIENT_SECRET is not")
		}
		if c.ProjectID == "" {
			return errors.New("PIPEDREAM_CLIENT_ID is set but PIPEDREAM_PROJECT_ID is not")
		}
		if !projectID.MatchString(c.ProjectID) {
			return fmt.Errorf("PIPEDREAM_PROJECT_ID %q must be proj_ followed by letters and digits", c.ProjectID)
		}
	}
	if c.Environment != pipedream.Development && c.Environment != pipedream.Production {
		return fmt.Errorf("PIPEDREAM_PROJECT_ENVIRONMENT %q must be development or production", c.Environment)
	}
	if err := checkURL("PIPEDREAM_API_URL", c.APIURL); err != nil {
		return err
	}
	if err := checkURL("PIPEDREAM_FRONTEND_URL", c.FrontendURL); err != nil {
		return err
	}
	if c.PublicURL != "" {
		if err := checkURL("PUBLIC_URL", c.PublicURL); err != nil {
			return err
		}
		if u, _ := url.Parse(c.PublicURL); u.Path != "" && u.Path != "/" {
			return fmt.Errorf("PUBLIC_URL %q must be an origin, without a path", c.PublicURL)
		}
	}
	if c.SessionSecret != "" && len(c.SessionSecret) < 32 {
		return errors.New("SESSION_SECRET must be at least 32 characters")
	}
	for _, m := range c.TestRequestMethods {
		switch m {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			return fmt.Errorf("TEST_REQUEST_METHODS: %q is not one of GET, POST, PUT, PATCH, DELETE", m)
		}
	}
	if c.WebhookSecret != "" && len(c.WebhookSecret) < 32 {
		return errors.New("WEBHOOK_SECRET must be at least 32 characters")
	}
	if c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			return errors.New("REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379/0")
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("LOG_LEVEL %q must be debug, info, warn or error", c.LogLevel)
	}
	return nil
}

// checkAddr accepts host:port with a port from 0 to 65535.
func checkAddr(name, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s %q must be host:port, such as localhost:3000", name, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%s %q has no valid port", name, addr)
	}
	return nil
}

// checkURL accepts an absolute http(s) URL with no query or fragment.
func checkURL(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%s %q must be an http(s) URL such as https://example.com", name, raw)
	}
	return nil
}

// Level is LogLevel parsed.
func (c Config) Level() slog.Level {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	return lvl
}
