package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// viewport is a window size people use.
type viewport struct {
	name string
	w, h int64
}

var (
	phone   = viewport{"phone", 390, 844}
	desktop = viewport{"desktop", 1280, 860}
)

// looker looks at every state a test reaches as a person would: at a
// phone's and a desktop's width, in light and dark mode, it checks the
// layout (layoutJS) and accessibility (axe-core, contrast included), and
// saves a screenshot of the whole page to bin/screenshots for people to
// look at. The test drives the page at its own viewport between looks.
type looker struct {
	t      *testing.T
	ctx    context.Context
	prefix string   // names the test's screenshots
	drive  viewport // the size the test uses the page at
	notice bool     // an update notice may show

	states, axeRuns, shots int
}

// newLooker sets the tab ctx to the drive viewport and returns a looker
// for it; prefix names its screenshots.
func newLooker(t *testing.T, ctx context.Context, prefix string, drive viewport) *looker {
	t.Helper()
	l := &looker{t: t, ctx: ctx, prefix: prefix, drive: drive}
	l.set(drive, false)
	t.Cleanup(func() {
		t.Logf("looked at %d states: %d axe runs, %d screenshots", l.states, l.axeRuns, l.shots)
	})
	return l
}

// set sizes the tab's viewport and picks its colour scheme.
func (l *looker) set(v viewport, dark bool) {
	l.t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	run(l.t, l.ctx,
		page.BringToFront(), // a hidden tab draws no frames
		chromedp.EmulateViewport(v.w, v.h),
		emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
	)
}

// look checks the tab's page in the state named state.
func (l *looker) look(state string) { l.lookWith(state, nil) }

// lookHosted is look for a state in which the PWA shows the hosted page
// h in its iframe: the hosted page is checked too.
func (l *looker) lookHosted(state string, h *hostedPage) { l.lookWith(state, h) }

func (l *looker) lookWith(state string, h *hostedPage) {
	l.t.Helper()
	l.states++
	page := pageEval(l.ctx)
	if !l.notice {
		if got := text(l.t, l.ctx, "#update-notice"); got != "" {
			l.t.Errorf("%s: an update notice shows: %q", state, got)
		}
	}
	for _, v := range []viewport{phone, desktop} {
		for _, dark := range []bool{false, true} {
			what := fmt.Sprintf("%s at %s width", state, v.name)
			if dark {
				what += " in dark mode"
			}
			l.set(v, dark)
			l.settle(page, what)
			if !dark { // the layout is the scheme's
				layoutCheck(l.t, page, what, v == phone)
			} else {
				darkCheck(l.t, page, what)
			}
			axeCheck(l.t, page, what)
			l.axeRuns++
			if h != nil {
				l.settle(h.eval, what+", the hosted page")
				if !dark {
					layoutCheck(l.t, h.eval, what+", the hosted page", v == phone)
					l.closeCovers(h, what)
				}
				axeCheck(l.t, h.eval, what+", the hosted page")
				l.axeRuns++
			}
			l.shoot(state, v, dark, h == nil)
		}
	}
	l.set(l.drive, false)
	l.settle(page, state)
}

// closeCovers fails the test when the client's own Close button, over
// the iframe, hides some of the hosted page (the iframe fills the
// viewport, so both share coordinates).
func (l *looker) closeCovers(h *hostedPage, what string) {
	l.t.Helper()
	var box *rect
	run(l.t, l.ctx, chromedp.Evaluate(`(() => {
		const b = [...document.querySelectorAll("body > button[aria-label=Close]")].find((b) => getComputedStyle(b).position === "fixed");
		if (!b) return null;
		const r = b.getBoundingClientRect();
		return {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom} })()`, &box))
	if box == nil {
		l.t.Fatalf("%s: the flow shows no Close button of its own", what)
	}
	if w, h := box.Right-box.Left, box.Bottom-box.Top; w != h {
		l.t.Errorf("%s: the flow's Close button is %.0f×%.0f px, not round", what, w, h)
	}
	// Nothing of the hosted page comes closer to it than closeRoom.
	room := rect{box.Left - closeRoom, box.Top - closeRoom, box.Right + closeRoom, box.Bottom + closeRoom}
	coverCheck(l.t, h.eval, room, what+", the hosted page")
}

// closeRoom is the room, in CSS pixels, the hosted page leaves around the
// flow's own Close button.
const closeRoom = 24

// settle waits for the layout a person sees (settleJS).
func (l *looker) settle(eval axeEval, what string) {
	l.t.Helper()
	var ok bool
	if err := eval(settleJS, &ok); err != nil {
		l.t.Fatalf("%s: settle: %v", what, err)
	}
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// shoot saves a screenshot of the whole page when full, else of the
// viewport (what a person sees of a page under an overlay such as the
// Connect iframe).
func (l *looker) shoot(state string, v viewport, dark, full bool) {
	l.t.Helper()
	var png []byte
	shot := chromedp.CaptureScreenshot(&png)
	if full {
		shot = chromedp.FullScreenshot(&png, 100)
	}
	run(l.t, l.ctx, shot)
	name := l.prefix + "-" + state + "-" + v.name
	if dark {
		name += "-dark"
	}
	path := filepath.Join(screenshotDir(l.t), unsafeName.ReplaceAllString(strings.ToLower(name), "-")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		l.t.Fatal(err)
	}
	l.shots++
}

// darkJS lists what is light on a page in dark mode: its background, and
// the tiles behind app logos (which show until a logo loads).
const darkJS = `(() => {
	const light = (c) => {
		const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
		if (!m || (m[4] !== undefined && +m[4] === 0)) return false;
		return 0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3] > 160;
	};
	const found = [];
	let bg = getComputedStyle(document.body).backgroundColor;
	if (/rgba\(.*,\s*0\)$/.test(bg) || bg === "transparent") bg = getComputedStyle(document.documentElement).backgroundColor;
	if (/rgba\(.*,\s*0\)$/.test(bg) || bg === "transparent") bg = "rgb(255, 255, 255)";
	if (light(bg)) found.push("the page's background " + bg);
	for (const el of document.querySelectorAll(".logo")) {
		const c = getComputedStyle(el).backgroundColor;
		if (light(c)) { found.push("a logo's tile " + c); break; }
	}
	return found;
})()`

// darkCheck fails the test for each light thing darkJS finds on a page
// in dark mode.
func darkCheck(t *testing.T, eval axeEval, what string) {
	t.Helper()
	var found []string
	if err := eval(darkJS, &found); err != nil {
		t.Fatalf("%s: dark check: %v", what, err)
	}
	for _, f := range found {
		t.Errorf("%s: light in dark mode: %s", what, f)
	}
}
