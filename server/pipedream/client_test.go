package pipedream_test

import (
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestNewValidatesConfig(t *testing.T) {
	good := pipedream.Config{ClientID: "id", ClientSecret: "s", ProjectID: "proj_a1B2", Environment: "production"}
	if _, err := pipedream.New(good); err != nil {
		t.Fatalf("New(good): %v", err)
	}
	tests := []struct {
		name string
		edit func(*pipedream.Config)
		want string
	}{
		{"no client id", func(c *pipedream.Config) { c.ClientID = "" }, "client id"},
		{"no secret", func(c *pipedream.Config) { c.ClientSecret = "" }, "client secret"},
		{"project prefix", func(c *pipedream.Config) { c.ProjectID = "abc123" }, "project id"},
		{"project chars", func(c *pipedream.Config) { c.ProjectID = "proj_a/b" }, "project id"},
		{"project empty suffix", func(c *pipedream.Config) { c.ProjectID = "proj_" }, "project id"},
		{"environment", func(c *pipedream.Config) { c.Environment = "staging" }, "environment"},
		{"no environment", func(c *pipedream.Config) { c.Environment = "" }, "environment"},
		{"relative base", func(c *pipedream.Config) { c.BaseURL = "/api" }, "base url"},
		{"ftp base", func(c *pipedream.Config) { c.BaseURL = "ftp://example.com" }, "base url"},
		{"base with query", func(c *pipedream.Config) { c.BaseURL = "https://example.com/?x=1" }, "base url"},
		{"negative timeout", func(c *pipedream.Config) { c.Timeout = -1 }, "durations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			_, err := pipedream.New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: err = %v, want mention of %q", err, tt.want)
			}
		})
	}
}

func TestNewNeverEchoesSecret(t *testing.T) {
	_, err := pipedream.New(pipedream.Config{ClientSecret: testSecret, ProjectID: "bad"})
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v", err)
	}
}

func TestBaseURLPathPrefix(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /prefix/v1/connect/apps", 200, map[string]any{"data": []any{}, "page_info": map[string]any{}})
	c := f.client(func(c *pipedream.Config) { c.BaseURL = f.srv.URL + "/prefix/" })
	if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
}
