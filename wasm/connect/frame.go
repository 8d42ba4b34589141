//go:build js && wasm

package connect

import (
	"strconv"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// frame is a flow's DOM, made before the flow starts: the iframe with all
// but its src and with the shared load listener, and the Close button, both
// out of the document. A client makes one ahead for its next shown flow (its
// spare: after NewClient and after each flow), so that the click only sets
// the src and adds the iframe.
type frame struct {
	doc, iframe, button safejs.Value
}

// newFrame makes the DOM of iframe number id, hidden or shown.
func newFrame(id int, hidden bool) (*frame, error) {
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
	attrs := [][2]string{
		{"id", "pipedream-connect-iframe-" + strconv.Itoa(id)},
		{"title", "Pipedream Connect"},
		{"width", "100%"},
		{"height", "100%"},
	}
	css := iframeStyle
	if hidden {
		attrs, css = append(attrs, hiddenAttrs...), hiddenStyle
	}
	// Through the CSSOM, not the style attribute, which a page's CSP
	// without 'unsafe-inline' styles would drop.
	if err := setAttrs(iframe, attrs, css); err != nil {
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

// setAttrs sets el's attributes and its style's cssText.
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

// frameFor returns the DOM of a new flow: the spare for a shown one when
// there is one, else a new frame.
func (c *Client) frameFor(hidden bool) (*frame, error) {
	c.mu.Lock()
	if fr := c.spare; fr != nil && !hidden {
		c.spare = nil
		c.mu.Unlock()
		return fr, nil
	}
	id := c.next
	c.next++
	c.mu.Unlock()
	return newFrame(id, hidden)
}

// putBack keeps a shown flow's unused frame as the spare.
func (c *Client) putBack(fr *frame, hidden bool) {
	c.mu.Lock()
	if !hidden && c.spare == nil {
		c.spare = fr
	}
	c.mu.Unlock()
}

// prepareSoon makes the spare frame in a task after this one, unless there
// is one by then.
func (c *Client) prepareSoon() { jsutil.NextTask(c.prepare) }

// prepare makes the spare frame unless there is one.
func (c *Client) prepare() {
	c.mu.Lock()
	if c.spare != nil {
		c.mu.Unlock()
		return
	}
	id := c.next
	c.next++
	c.mu.Unlock()
	fr, err := newFrame(id, false)
	if err == nil {
		c.putBack(fr, false)
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
