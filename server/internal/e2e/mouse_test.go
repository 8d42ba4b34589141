package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// point is a position in the viewport, in CSS pixels.
type point struct{ X, Y float64 }

// targetJS is a JavaScript function that takes an element, scrolls it into
// view and returns the centre of its box once it is a target a person can
// click: enabled, and as shownJS finds it. It returns null until then.
const targetJS = `async (el) => !el || el.disabled || el.getAttribute("aria-disabled") === "true" ? null : (` + shownJS + `)(el)`

// shownJS is targetJS, enabled or not: the element is shown, still for two
// frames (no layout shift under the pointer) and the topmost element at its
// centre.
const shownJS = `async (el) => {
	if (!el) return null;
	el.scrollIntoView({block: "nearest", inline: "nearest"});
	const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
	const a = el.getBoundingClientRect();
	await frame(); await frame();
	const b = el.getBoundingClientRect();
	if (b.width === 0 || b.height === 0 || a.x !== b.x || a.y !== b.y || a.width !== b.width) return null;
	const x = b.x + b.width / 2, y = b.y + b.height / 2;
	if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
	const hit = document.elementFromPoint(x, y);
	return hit && (hit === el || el.contains(hit)) ? {X: x, Y: y} : null;
}`

// mouseClick waits until the element the JavaScript expression el finds is
// a target a person can click (see targetJS), then clicks its centre with
// the mouse: the browser hit-tests the point, as for a person's click, so
// whatever lies there gets the click.
func mouseClick(t *testing.T, ctx context.Context, el, what string) {
	t.Helper()
	p := waitTarget(t, ctx, el, what)
	run(t, ctx, chromedp.MouseClickXY(p.X, p.Y))
}

// waitTarget waits until el is a target a person can click, and returns
// where.
func waitTarget(t *testing.T, ctx context.Context, el, what string) point {
	t.Helper()
	return waitPoint(t, ctx, targetJS, el, what+" to be clickable")
}

// waitShown waits until el is shown (shownJS), enabled or not, and returns
// where.
func waitShown(t *testing.T, ctx context.Context, el, what string) point {
	t.Helper()
	return waitPoint(t, ctx, shownJS, el, what+" to show")
}

// waitPoint waits until the JavaScript function fn finds the element el
// at a point, and returns it.
func waitPoint(t *testing.T, ctx context.Context, fn, el, what string) point {
	t.Helper()
	run(t, ctx, page.BringToFront()) // a person clicks in the tab they see
	var p *point
	poll(t, what, func() (bool, error) {
		p = nil
		err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`(%s)(%s)`, fn, el), &p, awaitPromise))
		return p != nil, err
	}, func() string {
		var body string
		chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &body))
		return body
	})
	return *p
}

// byID is a JavaScript expression finding the element of that id.
func byID(id string) string { return fmt.Sprintf(`document.getElementById(%q)`, id) }

// typeText clicks the field of that id with the mouse and types s over
// what it holds (Ctrl+A first), key by key.
func typeText(t *testing.T, ctx context.Context, id, s string) {
	t.Helper()
	mouseClick(t, ctx, byID(id), "the field #"+id)
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === `+jsString(id), "focus on #"+id)
	run(t, ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl)), chromedp.KeyEvent(s))
	waitJS(t, ctx, byID(id)+`.value === `+jsString(s), "#"+id+" to hold what was typed")
}

// hostedControlJS finds, in the hosted page, the enabled button or link
// whose accessible name begins with its argument.
const hostedControlJS = `((name) => [...document.querySelectorAll("button, a[href], input[type=submit]")].find((b) =>
	!b.disabled && (b.getAttribute("aria-label") || b.innerText || b.value || "").trim().startsWith(name)))`

// mousePress clicks, with the mouse, the hosted page's button whose
// accessible name begins with name.
func (h *hostedPage) mousePress(name string) {
	h.t.Helper()
	p := h.target(fmt.Sprintf(`(%s)(%s)`, hostedControlJS, jsString(name)), fmt.Sprintf("a button %q…", name))
	run(h.t, h.ctx, chromedp.MouseClickXY(p.X, p.Y))
}

// target waits until the element the JavaScript expression el finds in
// the hosted page is a target a person can click (targetJS), wherever the
// tab shows the page: as its top document or in an iframe, uncovered. It
// returns the point to click in the tab.
func (h *hostedPage) target(el, what string) point {
	h.t.Helper()
	run(h.t, h.ctx, page.BringToFront())
	var at point
	h.poll(what+" to be clickable", func() (bool, error) {
		var p *point
		if err := h.eval(fmt.Sprintf(`(%s)(%s)`, targetJS, el), &p); err != nil || p == nil {
			return false, err
		}
		var off *point
		err := chromedp.Run(h.ctx, chromedp.Evaluate(fmt.Sprintf(`(() => {
			const f = [...document.querySelectorAll("iframe")].find((f) => f.src.startsWith(%s));
			if (!f) return location.origin === %s ? {X: 0, Y: 0} : null;
			const r = f.getBoundingClientRect(), x = r.left + f.clientLeft, y = r.top + f.clientTop;
			return document.elementFromPoint(x + %f, y + %f) === f ? {X: x, Y: y} : null })()`,
			jsString(h.origin+"/"), jsString(h.origin), p.X, p.Y), &off))
		if err != nil || off == nil {
			return false, err
		}
		at = point{off.X + p.X, off.Y + p.Y}
		return true, nil
	})
	return at
}

// mouseFill clicks the hosted page's field labelled label with the mouse,
// and types value over what it holds.
func (h *hostedPage) mouseFill(label, value string) {
	h.t.Helper()
	field := fmt.Sprintf(`(() => { const l = [...document.querySelectorAll("label")].find((l) => l.innerText.trim().startsWith(%s));
		return l && document.getElementById(l.htmlFor) })()`, jsString(label))
	p := h.target(field, "the field "+label)
	run(h.t, h.ctx, chromedp.MouseClickXY(p.X, p.Y))
	h.wait(field+` === document.activeElement`, "focus on the field "+label)
	run(h.t, h.ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl)))
	if value == "" {
		run(h.t, h.ctx, chromedp.KeyEvent(kb.Backspace))
	} else {
		run(h.t, h.ctx, chromedp.KeyEvent(value))
	}
	h.wait(field+`.value === `+jsString(value), "the field "+label+" to hold what was typed")
}
