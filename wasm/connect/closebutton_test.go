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
