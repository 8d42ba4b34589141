package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// BenchmarkWidget prints the widget rows alone (widget ready, click to
// iframe for the Go widget and the official client, taking turns):
// go test -run '^$' -bench Widget -benchtime 1x ./server/internal/bench
// (after make build).
func BenchmarkWidget(b *testing.B) {
	benchBesideOfficial(b, "widget", benchWidget)
}

// benchBesideOfficial prints, under title, the rows run measures of
// bin/server beside the official client (built first), in one Chromium.
func benchBesideOfficial(b *testing.B, title string, run func(b *testing.B, tbl *Table, root string, srv *Server, browser context.Context)) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := BuildOfficial(ctx, filepath.Join(root, "server", "internal", "bench", "testdata", "official")); err != nil {
		b.Fatal(err)
	}
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir())
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()
	tbl := &Table{Title: title + " (" + time.Now().UTC().Format(time.DateTime) + " UTC)"}
	browser := browsertest.NewWith(b, 4*time.Minute, chromedp.Flag("ignore-certificate-errors", true))
	run(b, tbl, root, srv, browser)
	tbl.Print(os.Stdout)
}
