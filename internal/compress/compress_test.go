package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestRoundTrip(t *testing.T) {
	src := []byte(strings.Repeat("Pipedream Connect in Go. ", 400))
	unBrotli := func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }
	unGzip := func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }
	for _, c := range []struct {
		name   string
		pack   func([]byte) ([]byte, error)
		unpack func(io.Reader) (io.Reader, error)
	}{
		{"brotli best", Best.Brotli, unBrotli},
		{"brotli fast", Fast.Brotli, unBrotli},
		{"gzip best", Best.Gzip, unGzip},
		{"gzip fast", Fast.Gzip, unGzip},
	} {
		packed, err := c.pack(src)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(packed) >= len(src)/10 {
			t.Errorf("%s: %d bytes from %d repetitive bytes", c.name, len(packed), len(src))
		}
		r, err := c.unpack(bytes.NewReader(packed))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s: round trip gave %d bytes, err %v", c.name, len(got), err)
		}
	}
}
