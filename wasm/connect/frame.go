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
// page, hidden and blank, so that a click only gives it its id, title and
// src and shows it: moving a cross-site iframe into the document is most of
// what a click costs, and the blank one's browsing context is made ahead.
type frame struct {
	doc, iframe, button safejs.Value
	attached            bool // the iframe is in the document; guarded by the client's mu
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
	if err := setAttrs(iframe, attrs); err != nil {
		return nil, err
	}
	if err := setStyle(iframe, hiddenStyle); err != nil {
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

// setAttrs sets el's attributes.
func setAttrs(el safejs.Value, attrs [][2]string) error {
	for _, kv := range attrs {
		if _, err := el.Call("setAttribute", kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// setStyle sets el's style through the CSSOM, not the style attribute,
// which a page's CSP without 'unsafe-inline' styles would drop.
func setStyle(el safejs.Value, css string) error {
	style, err := el.Get("style")
	if err == nil {
		err = style.Set("cssText", css)
	}
	return err
}

// show turns a hidden iframe into a shown flow's, in place.
func show(iframe safejs.Value) error {
	for _, kv := range hiddenAttrs {
		if _, err := iframe.Call("removeAttribute", kv[0]); err != nil {
			return err
		}
	}
	return setStyle(iframe, iframeStyle)
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
	if !hidden && c.spare == nil && !c.bare {
		c.spare = fr
		fr = nil
	}
	c.mu.Unlock()
	if fr != nil {
		_, _ = fr.iframe.Call("remove")
	}
}

// prepareSoon makes the spare frame and puts it in the page in a task
// after this one.
func (c *Client) prepareSoon() {
	jsutil.NextTask(func() {
		c.prepare()
		c.attachSpare()
	})
}

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

// attachSpare puts the spare frame's iframe in the page, hidden and blank.
// Chromium loads the blank document as the iframe goes in (a load no flow
// owns yet; see isBlank).
func (c *Client) attachSpare() {
	c.mu.Lock()
	fr := c.spare
	ok := fr != nil && !fr.attached
	if ok {
		fr.attached = true
	}
	c.mu.Unlock()
	if !ok {
		return
	}
	body, err := fr.doc.Get("body")
	if err != nil || body.Type() != safejs.TypeObject || appendNow(body, fr.iframe) != nil {
		c.mu.Lock()
		fr.attached = false
		c.mu.Unlock()
	}
}

// dropSpare takes the spare frame out of the page, and keeps the client
// from making another until the next flow or Prefetch.
func (c *Client) dropSpare() {
	c.mu.Lock()
	fr := c.spare
	c.spare, c.bare = nil, true
	c.mu.Unlock()
	if fr != nil {
		_, _ = fr.iframe.Call("remove")
	}
}

// isBlank reports whether iframe holds a blank document: the spare's, before
// its src's page comes (a cross-origin page's contentDocument is null).
func isBlank(iframe safejs.Value) bool {
	doc, err := iframe.Get("contentDocument")
	if err != nil || doc.Type() != safejs.TypeObject {
		return false
	}
	u, _ := jsutil.String(doc, "URL")
	return u == "about:blank"
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
