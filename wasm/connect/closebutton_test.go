//go:build js && wasm

package connect

import "testing"

// closeButtonJS is the flow's own Close button.
const closeButtonJS = `document.querySelector('body > button[aria-label="Close"]')`

// TestCloseButtonIsAWayOut: over the overlay's top right corner the flow
// has a Close button of its own, on top of the iframe, which ends the flow
// as the hosted page's Close does and goes with it.
func TestCloseButtonIsAWayOut(t *testing.T) {
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack", HideClose: true})
	waitFor(t, "the Close button", func() bool { return evalBool(t, "!!"+closeButtonJS) })
	if !evalBool(t, `(() => { const b = `+closeButtonJS+`, r = b.getBoundingClientRect();
		return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b &&
			r.right <= innerWidth && r.right > innerWidth - 64 && r.top >= 0 && r.top < 64 })()`) {
		t.Fatal("no Close button on top of the overlay's top right corner")
	}
	eval(t, closeButtonJS+".click()")
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
	if n := connectFrames(t); n != 0 {
		t.Errorf("%d Connect iframes after the Close button", n)
	}
	if evalBool(t, "!!"+closeButtonJS) {
		t.Error("the Close button stayed after the flow")
	}
}

// TestEscapeClosesTheFlow: Escape pressed on the page while a flow is
// shown ends it as the Close button does (a WAI-ARIA dialog's Escape); an
// Escape the page used itself does not.
func TestEscapeClosesTheFlow(t *testing.T) {
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack"})
	waitFor(t, "the Close button", func() bool { return evalBool(t, "!!"+closeButtonJS) })
	eval(t, `(() => {
		const b = `+closeButtonJS+`;
		b.focus();
		const used = new KeyboardEvent("keydown", {key: "Escape", bubbles: true, cancelable: true});
		used.preventDefault();
		b.dispatchEvent(used);
	})()`)
	if n := connectFrames(t); n != 1 {
		t.Fatalf("%d Connect iframes after an Escape the page used", n)
	}
	eval(t, closeButtonJS+`.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}))`)
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
	if n := connectFrames(t); n != 0 {
		t.Errorf("%d Connect iframes after Escape", n)
	}
}

// TestCloseButtonIsRound: a page's styles for its buttons (a minimum
// height, padding) leave the Close button a 36 px circle.
func TestCloseButtonIsRound(t *testing.T) {
	eval(t, `(() => { const s = document.createElement("style"); s.id = "page-buttons";
		s.textContent = "button { min-height: 44px; min-width: 60px; padding: 8px 16px; }"; document.head.append(s) })()`)
	t.Cleanup(func() { eval(t, `document.getElementById("page-buttons").remove()`) })
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack"})
	waitFor(t, "the Close button", func() bool { return evalBool(t, "!!"+closeButtonJS) })
	size := evalString(t, `(() => { const r = `+closeButtonJS+`.getBoundingClientRect(); return r.width + "x" + r.height })()`)
	if size != "36x36" {
		t.Errorf("the Close button is %s px, want 36x36", size)
	}
	eval(t, closeButtonJS+".click()")
	r.untilClose(t)
}
