//go:build js && wasm

package connect

import (
	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// frame is a flow's DOM, made before the flow starts: a hidden iframe with
// the shared load listener but no src, id or title, and the Close button,
// out of the document. A client makes one ahead for its next shown flow (its
// spare: after NewClient and after each flow) and puts its iframe in the
// page, hidden and blank, so that a click only names and shows it and sets
// its src: adding a cross-site iframe to the document is most of what a
// click cost, and the blank one's browsing context is made ahead.
type frame struct {
	doc, iframe, button safejs.Value
}

// newFrame makes a hidden frame.
func newFrame() (*frame, error) {
	if err := sharedReady(); err != nil {
		return nil, err
	}
	doc, err := jsutil.Global("document")
	if err != nil {
		return nil, err
	}
	iframe, err := doc.Call("createElement", "iframe")
	if err != nil {
		return nil, err
	}
	attrs := append([][2]string{{"width", "100%"}, {"height", "100%"}}, hiddenAttrs...)
	if err := setAttrs(iframe, attrs, hiddenStyle); err != nil {
		return nil, err
	}
	if _, err := iframe.Call("addEventListener", "load", shared.on.Value()); err != nil {
		return nil, err
	}
	button, err := newCloseButton(doc)
	if err != nil {
		return nil, err
	}
	return &frame{doc: doc, iframe: iframe, button: button}, nil
}

// setAttrs sets el's attributes and its style's cssText (through the
// CSSOM, not the style attribute, which a page's CSP without
// 'unsafe-inline' styles would drop).
func setAttrs(el safejs.Value, attrs [][2]string, css string) error {
	for _, kv := range attrs {
		if _, err := el.Call("setAttribute", kv[0], kv[1]); err != nil {
			return err
		}
	}
	style, err := el.Get("style")
	if err == nil {
		err = style.Set("cssText", css)
	}
	return err
}

// show shows a hidden iframe as a flow's, in place, with attrs.
func show(iframe safejs.Value, attrs [][2]string) error {
	for _, kv := range hiddenAttrs {
		if _, err := iframe.Call("removeAttribute", kv[0]); err != nil {
			return err
		}
	}
	return setAttrs(iframe, attrs, iframeStyle)
}

// connected reports whether el is in the document.
func connected(el safejs.Value) bool {
	v, err := el.Get("isConnected")
	b, _ := v.Bool()
	return err == nil && b
}

// frameFor returns the DOM of a new flow and its iframe's number: the spare
// for a shown one when there is one, else a new frame.
func (c *Client) frameFor(hidden bool) (*frame, int, error) {
	c.mu.Lock()
	n := c.next
	c.next++
	fr := c.spare
	if fr != nil && !hidden {
		c.spare = nil
		c.mu.Unlock()
		return fr, n, nil
	}
	c.mu.Unlock()
	fr, err := newFrame()
	return fr, n, err
}

// putBack keeps a shown flow's unused frame as the spare.
func (c *Client) putBack(fr *frame, hidden bool) {
	c.mu.Lock()
	if !hidden && c.spare == nil {
		c.spare = fr
	}
	c.mu.Unlock()
}

// prepareSoon puts the spare frame in the page in a task after this one.
func (c *Client) prepareSoon() { jsutil.NextTask(c.attachSpare) }

// prepare makes the spare frame unless there is one or Close took it away.
func (c *Client) prepare() {
	c.mu.Lock()
	skip := c.spare != nil || c.bare
	c.mu.Unlock()
	if skip {
		return
	}
	fr, err := newFrame()
	if err == nil {
		c.putBack(fr, false)
	}
}

// attachSpare puts the spare frame's iframe at the end of the page's body,
// hidden and blank, making the frame first if need be. Chromium loads the
// blank document as the iframe goes in: a load no flow owns yet.
func (c *Client) attachSpare() {
	c.prepare()
	c.mu.Lock()
	fr := c.spare
	c.mu.Unlock()
	if fr == nil || connected(fr.iframe) {
		return
	}
	if body, err := fr.doc.Get("body"); err == nil && body.Type() == safejs.TypeObject {
		_ = appendNow(body, fr.iframe)
	}
}

// appendSoon appends iframe to body in a microtask: in the caller's task,
// once the JavaScript that called into Go has returned. Appended from inside
// Go's WebAssembly, the iframe cost a click about a millisecond more
// (Chromium: the same appendChild of a cross-site iframe took 0.5-1.1 ms
// longer from a Go callback than from JavaScript, in three runs of 200).
// Where it cannot queue the microtask, it appends now.
func appendSoon(body, iframe safejs.Value) error {
	if add, err := body.Get("appendChild"); err == nil {
		if err := queueCall(add, body, iframe); err == nil {
			return nil
		}
	}
	return appendNow(body, iframe)
}

// appendNow appends iframe to body.
func appendNow(body, iframe safejs.Value) error {
	_, err := body.Call("appendChild", iframe)
	return err
}

// removeSoon removes iframe now and again in a microtask, after an append
// appendSoon may have queued.
func removeSoon(iframe safejs.Value) {
	_, _ = iframe.Call("remove")
	if rm, err := iframe.Get("remove"); err == nil {
		_ = queueCall(rm, iframe, safejs.Undefined())
	}
}

// queueCall queues the JavaScript call fn.call(this, arg) as a microtask.
func queueCall(fn, this, arg safejs.Value) error {
	bound, err := fn.Call("bind", this, arg)
	if err == nil {
		_, err = safejs.Global().Call("queueMicrotask", bound)
	}
	return err
}
