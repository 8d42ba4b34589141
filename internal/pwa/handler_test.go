//go:build !(js && wasm)

// The handler prerenders the PWA on the server; in a browser the page's
// components mount and fetch, so the prerendered markup differs.

package pwa

import (
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func init() { Routes() }

// static maps a /web/ URL of the handler to its file under web/static.
func static(t *testing.T, u string) string {
	t.Helper()
	rel, ok := strings.CutPrefix(u, "/web/")
	if !ok {
		t.Fatalf("%q is not under /web/", u)
	}
	return filepath.Join("..", "..", "web", "static", filepath.FromSlash(rel))
}

func TestHandlerAssetsExist(t *testing.T) {
	h := Handler()
	for u, size := range map[string]int{h.Icon.Default: 192, h.Icon.Large: 512, h.Icon.Maskable: 512} {
		f, err := os.Open(static(t, u))
		if err != nil {
			t.Errorf("icon %s: %v", u, err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size || cfg.Height != size {
			t.Errorf("icon %s: %dx%d (%v), want %dx%d", u, cfg.Width, cfg.Height, err, size, size)
		}
	}
	svg, err := os.ReadFile(static(t, h.Icon.SVG))
	if err != nil || !strings.Contains(string(svg), "<svg") {
		t.Errorf("svg icon %s: %v", h.Icon.SVG, err)
	}
	for _, s := range h.Styles {
		if s == ConnectUIStyles {
			continue // served from connectui.Stylesheet (server/internal/frontend)
		}
		if _, err := os.Stat(static(t, s)); err != nil {
			t.Errorf("style %s: %v", s, err)
		}
	}
	if h.LoadingLabel == "" || strings.Contains(h.LoadingLabel, "{progress}") {
		t.Errorf("loading label %q: want words without go-app's per-chunk {progress}", h.LoadingLabel)
	}
}

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestHandlerServesThePrerenderedPWA(t *testing.T) {
	h := Handler()
	res, page := get(t, h, "/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	for _, want := range []string{
		"<h1>Pipedream Connect</h1>",
		"Loading your session…",
		`id="connect-button"`,
		`id="app-search"`,
		`href="/web/pwa/app.css"`,
		`rel="manifest"`,
		`<html lang="en"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	res, body := get(t, h, "/manifest.webmanifest")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /manifest.webmanifest = %d", res.StatusCode)
	}
	var m struct {
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		ThemeColor      string `json:"theme_color"`
		BackgroundColor string `json:"background_color"`
		Display         string `json:"display"`
		Icons           []struct{ Src, Sizes, Purpose string }
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, body)
	}
	if m.Name != "Pipedream Connect" || m.ThemeColor != "#4338ca" || m.Display != "standalone" || m.ShortName != "Connect" || m.BackgroundColor == "" {
		t.Errorf("manifest = %+v", m)
	}
	var sizes []string
	for _, i := range m.Icons {
		sizes = append(sizes, i.Sizes+" "+i.Purpose)
	}
	for _, want := range []string{"192x192 ", "512x512 ", "512x512 maskable", "any "} {
		found := false
		for _, s := range sizes {
			found = found || s == want
		}
		if !found {
			t.Errorf("manifest icons %q lack %q", sizes, want)
		}
	}
}
