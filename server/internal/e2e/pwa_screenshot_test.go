package e2e

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where the screenshots go, for people to look at:
// $PWA_SCREENSHOTS, else bin/screenshots in the repository.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("PWA_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "bin", "screenshots")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPWARendersAtPhoneAndDesktopWidths captures the ready page at a
// phone's and a desktop's size and checks each shot shows a page, not a
// blank or single-colour screen.
func TestPWARendersAtPhoneAndDesktopWidths(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	dir := screenshotDir(t)
	// The picker's first logos come from the sandbox, through the service
	// worker and the page's CSP: a broken image would pass as "not blank".
	waitJS(t, ctx, `(() => { const l = [...document.querySelectorAll("#app-listbox img.logo")].slice(0, 5);
		return l.length === 5 && l.every(i => i.complete && i.naturalWidth > 0) })()`, "the first app logos to load")
	for _, v := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		var shot []byte
		run(t, ctx,
			chromedp.EmulateViewport(v.w, v.h),
			chromedp.Evaluate(settleJS, nil, awaitPromise), // the layout after the resize
			chromedp.CaptureScreenshot(&shot),
		)
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatalf("%s screenshot: %v", v.name, err)
		}
		if b := img.Bounds(); b.Dx() != int(v.w) || b.Dy() != int(v.h) {
			t.Errorf("%s screenshot is %dx%d, want %dx%d", v.name, b.Dx(), b.Dy(), v.w, v.h)
		}
		colours, top := palette(img)
		t.Logf("%s: %d colours, the commonest covers %.1f%%", v.name, colours, top*100)
		if colours < 32 || top > 0.95 {
			t.Errorf("%s screenshot looks blank: %d colours, the commonest covers %.1f%%", v.name, colours, top*100)
		}
		path := filepath.Join(dir, "pwa-"+v.name+".png")
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s", path)
	}
}

// palette counts an image's distinct colours and the share of its commonest.
func palette(img image.Image) (distinct int, top float64) {
	counts := map[[4]uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			counts[[4]uint32{r, g, bl, a}]++
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	return len(counts), float64(most) / float64(b.Dx()*b.Dy())
}
