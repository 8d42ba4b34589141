// Package compress makes the compressed copies the app serves: brotli at
// level 11 and gzip at level 9, the best each offers, since every copy is
// made once (at build time, or at start-up) and sent many times.
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
)

// Brotli is b compressed with brotli at its best compression.
func Brotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	return finish(&buf, brotli.NewWriterLevel(&buf, brotli.BestCompression), b, "brotli")
}

// Gzip is b compressed with gzip at its best compression.
func Gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return finish(&buf, w, b, "gzip")
}

func finish(buf *bytes.Buffer, w io.WriteCloser, b []byte, name string) ([]byte, error) {
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf.Bytes(), nil
}
