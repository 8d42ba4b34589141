package e2e

import (
	"fmt"
	"testing"
)

// settleJS resolves once the document's fonts and visible images are in
// and two frames have been drawn since: the layout a person sees.
const settleJS = `(async () => {
	await document.fonts.ready;
	const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
	for (let i = 0; i < 100; i++) {
		const pending = [...document.images].filter((img) => !img.complete && img.getClientRects().length > 0);
		if (pending.length === 0) break;
		await Promise.race([Promise.all(pending.map((img) => img.decode().catch(() => {}))), new Promise((r) => setTimeout(r, 100))]);
	}
	await frame(); await frame();
	return true;
})()`

// layoutJS lists what a person would find cramped in the document's
// current layout:
//   - visible text laid out much narrower than it needs: 12+ characters
//     over 3+ lines in less than 120 px, or fewer than 6 characters a line;
//   - a button's short label (up to 24 characters) on two lines or more;
//   - when phone is true, anything wider than the viewport: the page
//     scrolls sideways, or an element sticks out of it unclipped.
const layoutJS = `((phone) => {
	const problems = [];
	const vw = document.documentElement.clientWidth;
	const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
	const shown = (el) => {
		if (!el.getClientRects().length) return false;
		const s = getComputedStyle(el);
		return s.visibility !== "hidden" && s.opacity !== "0";
	};
	// The lines a text node takes: line boxes whose tops differ by more
	// than a few pixels.
	const lines = (rects) => {
		const tops = rects.map((r) => r.top).sort((a, b) => a - b);
		let n = 0, last = -1e9;
		for (const top of tops) if (top - last > 4) { n++; last = top; }
		return n;
	};
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let node; (node = walk.nextNode()); ) {
		const text = node.textContent.replace(/\s+/g, " ").trim();
		const el = node.parentElement;
		if (!text || !el || !shown(el) || el.closest("script, style, template, noscript")) continue;
		const range = document.createRange();
		range.selectNodeContents(node);
		const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
		if (!rects.length) continue;
		const n = lines(rects);
		const width = Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.left));
		const what = name(el) + " " + JSON.stringify(text.slice(0, 40));
		if (text.length >= 12 && n >= 3 && (width < 120 || text.length / n < 6)) {
			problems.push(what + ": " + text.length + " characters on " + n + " lines " + Math.round(width) + " px wide");
		}
		const button = el.closest("button, [role=button], a.button");
		if (button && text.length <= 24 && n >= 2) {
			problems.push("button " + what + " on " + n + " lines");
		}
	}
	if (phone) {
		if (document.documentElement.scrollWidth > vw + 1) {
			problems.push("the page is " + document.documentElement.scrollWidth + " px wide in a " + vw + " px viewport");
		}
		const clipped = (el) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const s = getComputedStyle(p);
				if (s.overflowX !== "visible") return p.getBoundingClientRect().right <= vw + 1;
			}
			return false;
		};
		for (const el of document.body.querySelectorAll("*")) {
			if (!shown(el)) continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1)) continue;
			if (getComputedStyle(el).position === "fixed" && r.left >= vw) continue; // parked off screen
			if (clipped(el)) continue;
			const parent = el.parentElement.getBoundingClientRect();
			if (parent.right > vw + 1 || parent.left < -1) continue; // its parent is reported
			problems.push(name(el) + " sticks out of the viewport: " + Math.round(r.left) + " to " + Math.round(r.right) + " px of " + vw);
		}
	}
	return problems;
})`

// layoutCheck fails the test for each problem layoutJS finds; what names
// the state.
func layoutCheck(t *testing.T, eval axeEval, what string, phone bool) {
	t.Helper()
	var problems []string
	if err := eval(layoutJS+"("+jsBool(phone)+")", &problems); err != nil {
		t.Fatalf("%s: layout check: %v", what, err)
	}
	for _, p := range problems {
		t.Errorf("%s: layout: %s", what, p)
	}
}

func jsBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// rect is a box in the viewport, in CSS pixels.
type rect struct{ Left, Top, Right, Bottom float64 }

// coveredJS lists the visible text and images of the document that lie
// under its argument, a rect: what a button drawn over the document from
// another one (the client's Close over the hosted page's iframe) hides.
const coveredJS = `((box) => {
	const hit = (r) => r.width > 0 && r.height > 0 && r.left < box.Right && r.right > box.Left && r.top < box.Bottom && r.bottom > box.Top;
	const found = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
	for (let node; (node = walk.nextNode()); ) {
		let rects;
		if (node.nodeType === Node.TEXT_NODE) {
			if (!node.textContent.trim()) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			rects = [...range.getClientRects()];
		} else if (node.matches("img, svg, button, input")) {
			rects = [...node.getClientRects()];
		} else continue;
		if (rects.some(hit)) found.push((node.nodeType === Node.TEXT_NODE ? JSON.stringify(node.textContent.trim().slice(0, 30)) : node.outerHTML.slice(0, 60)));
	}
	return found;
})`

// coverCheck fails the test for what of the document eval reaches lies
// under box.
func coverCheck(t *testing.T, eval axeEval, box rect, what string) {
	t.Helper()
	var found []string
	if err := eval(coveredJS+"("+fmt.Sprintf(`{Left: %f, Top: %f, Right: %f, Bottom: %f}`, box.Left, box.Top, box.Right, box.Bottom)+")", &found); err != nil {
		t.Fatalf("%s: cover check: %v", what, err)
	}
	for _, f := range found {
		t.Errorf("%s: the client's Close button covers, or comes too close to, %s", what, f)
	}
}
