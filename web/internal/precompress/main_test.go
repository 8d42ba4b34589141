package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestRunCompressesAndSkipsUnchanged(t *testing.T) {
	dir := t.TempDir()
	dist, static := filepath.Join(dir, "dist"), filepath.Join(dir, "static")
	js := strings.Repeat("console.log('compress me');\n", 100)
	write(t, filepath.Join(dist, "app.wasm"), strings.Repeat("\x00asm", 1000))
	write(t, filepath.Join(static, "widget.js"), js)
	write(t, filepath.Join(static, "tiny.css"), "a{}")
	write(t, filepath.Join(static, "icon.png"), strings.Repeat("png", 100))

	if err := run(dist, static); err != nil {
		t.Fatal(err)
	}
	if got := unbrotli(t, filepath.Join(dist, "static", "widget.js.br")); got != js {
		t.Errorf("widget.js.br decodes to %d bytes, want the source", len(got))
	}
	if got := ungzip(t, filepath.Join(dist, "static", "widget.js.gz")); got != js {
		t.Errorf("widget.js.gz decodes to %d bytes, want the source", len(got))
	}
	for _, p := range []string{"app.wasm.br", "app.wasm.gz"} {
		if _, err := os.Stat(filepath.Join(dist, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	for _, p := range []string{"static/tiny.css.br", "static/icon.png.br", "static/icon.png.gz"} {
		if _, err := os.Stat(filepath.Join(dist, p)); err == nil {
			t.Errorf("%s written: copies must be smaller than their source and of compressible types", p)
		}
	}
	sums, err := os.ReadFile(filepath.Join(dist, sumFile))
	if err != nil || !strings.Contains(string(sums), "  static/widget.js\n") || !strings.Contains(string(sums), "  app.wasm\n") {
		t.Fatalf("sum file: %v\n%s", err, sums)
	}

	// Unchanged sources: no copy is rewritten.
	br := filepath.Join(dist, "static", "widget.js.br")
	old := time.Now().Add(-time.Hour)
	os.Chtimes(br, old, old)
	if err := run(dist, static); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(br); !info.ModTime().Equal(old) {
		t.Errorf("an unchanged source was recompressed")
	}

	// Changed bytes: the copy follows.
	js2 := js + "// edited\n"
	write(t, filepath.Join(static, "widget.js"), js2)
	if err := run(dist, static); err != nil {
		t.Fatal(err)
	}
	if got := unbrotli(t, br); got != js2 {
		t.Errorf("the copy of an edited source was not remade")
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func unbrotli(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func ungzip(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
