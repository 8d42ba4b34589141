package pwa

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"
)

// TestQRCodeDrawsTheCode reads the SVG's rectangles back into modules and
// compares them with the code rsc.io/qr computes for the text.
func TestQRCodeDrawsTheCode(t *testing.T) {
	text := "http://localhost:3001/_static/connect.html?token=ctok_abcdef0123456789&connectLink=true&app=slack"
	u, err := qrDataURL(text)
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(u, "data:image/svg+xml;base64,")
	if !ok {
		t.Fatalf("not an SVG data URL: %.40s", u)
	}
	svg, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Size + 2*quietZone
	if !strings.Contains(string(svg), `viewBox="0 0 `+strconv.Itoa(n)+" "+strconv.Itoa(n)+`"`) {
		t.Errorf("viewBox is not %d modules wide: %.200s", n, svg)
	}
	dark := map[[2]int]bool{}
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		if m[3] != m[4] {
			t.Fatalf("malformed run %q", m[0])
		}
		for i := range w {
			dark[[2]int{x + i - quietZone, y - quietZone}] = true
		}
	}
	count := 0
	for y := -quietZone; y < code.Size+quietZone; y++ {
		for x := -quietZone; x < code.Size+quietZone; x++ {
			if dark[[2]int{x, y}] != code.Black(x, y) {
				t.Fatalf("module (%d,%d): drawn %v, code says %v", x, y, dark[[2]int{x, y}], code.Black(x, y))
			}
			if code.Black(x, y) {
				count++
			}
		}
	}
	if count == 0 || len(dark) != count {
		t.Errorf("%d dark modules drawn, code has %d", len(dark), count)
	}
}
