//go:build js && wasm

package connect

import (
	"context"
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// iframeStyle is the official client's style for the iframe.
const iframeStyle = "position:fixed;inset:0;z-index:2147483647;border:0;display:block;overflow:hidden auto"

// hiddenStyle is a preloaded iframe's: not rendered, so that nothing in it
// can be seen, hit by the pointer or focused (visibility:hidden and inert
// would not stop the page inside from focusing its own elements), yet its
// page loads.
const hiddenStyle = iframeStyle + ";display:none;pointer-events:none"

// hiddenAttrs keep a preloaded iframe, and the page in it, out of the focus
// order and the accessibility tree.
var hiddenAttrs = [][2]string{{"inert", ""}, {"aria-hidden", "true"}, {"tabindex", "-1"}}

// flow is one open hosted flow: its iframe, its message listener and the
// queue of its callbacks.
type flow struct {
	c      *Client
	opts   Options
	cancel context.CancelFunc
	done   chan struct{} // closed when the flow has ended

	mu         sync.Mutex
	ended      bool
	iframe     safejs.Value // the iframe element, once attached; its window is the only accepted event.source
	prevFocus  safejs.Value // the element focused before the iframe
	listener   safejs.Func  // window's message listener
	listening  bool
	onLoad     safejs.Func  // the iframe's load listener, which focuses it
	button     safejs.Value // the Close button, added soon after the iframe
	closer     closeButton  // the flow's own Close button
	successful bool
	completed  bool
	calls      mailbox

	// A preloaded flow is hidden until it is revealed; its messages wait in
	// held, and an error or a close ends it through hiddenEnd instead.
	hidden    bool
	guard     *focusGuard // while hidden
	held      []message
	loaded    bool
	onLoaded  func()     // runs once, when the hidden iframe has loaded
	hiddenEnd func(bool) // runs when the hidden page reports an error or closes; true: error
}

// attach adds the iframe and the message listener for token tok, hidden
// when f.hidden. A shown flow's iframe is the client's spare when it has
// one, so that only the src is set here.
func (f *flow) attach(tok string) error {
	src := hostedURL(f.c.frontendURL, tok, f.opts)
	fr, err := f.c.frameFor(f.hidden)
	if err != nil {
		return browserError(err)
	}
	doc, iframe := fr.doc, fr.iframe
	body, err := doc.Get("body")
	if err != nil || body.IsNull() || body.IsUndefined() {
		f.c.putBack(fr, f.hidden)
		return newError(CodeIframeLoadFailed, "the document has no body", err)
	}
	if _, err := iframe.Call("setAttribute", "src", src); err != nil {
		return browserError(err)
	}
	listener, err := safejs.FuncOf(f.onMessage)
	if err != nil {
		return browserError(err)
	}
	if err := onWindow("addEventListener", "message", listener); err != nil {
		listener.Release()
		return browserError(err)
	}
	// The focus moves into the iframe once the hosted page is there to take
	// it: focusing at once would cost the click's task a forced layout.
	// A hidden one reports its load instead. Only the first load counts.
	onLoad, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		f.mu.Lock()
		hidden, onLoaded, first := f.hidden, f.onLoaded, !f.loaded
		f.loaded, f.onLoaded = true, nil
		f.mu.Unlock()
		switch {
		case !first:
		case !hidden:
			_, _ = iframe.Call("focus")
		case onLoaded != nil:
			onLoaded()
		}
		return nil
	})
	if err == nil {
		if _, err = iframe.Call("addEventListener", "load", onLoad.Value()); err != nil {
			onLoad.Release()
		}
	}
	if err != nil {
		_ = onWindow("removeEventListener", "message", listener)
		listener.Release()
		return browserError(err)
	}
	prev, _ := doc.Get("activeElement")
	f.mu.Lock()
	f.listener, f.listening, f.onLoad, f.prevFocus, f.button = listener, true, onLoad, prev, fr.button
	f.mu.Unlock()
	add := appendSoon
	if f.hidden {
		add = appendNow
	}
	if err := add(body, iframe); err != nil {
		return browserError(err)
	}
	// Its contentWindow is read when a message comes, not now: reading it
	// right after appendChild costs the click's task a few milliseconds.
	f.mu.Lock()
	f.iframe = iframe
	hidden := f.hidden
	f.mu.Unlock()
	if hidden {
		guard, err := guardFocus(doc, iframe)
		if err != nil {
			return browserError(err)
		}
		f.mu.Lock()
		f.guard = guard
		f.mu.Unlock()
		return nil
	}
	f.addCloserSoon(doc, body)
	return nil
}

// addCloserSoon adds the flow's own Close button in a task of its own, so
// that the click's task only shows the iframe, unless the flow has ended by
// then.
func (f *flow) addCloserSoon(doc, body safejs.Value) {
	jsutil.NextTask(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.ended {
			return
		}
		if closer, err := f.addCloseButton(doc, body, f.button); err == nil {
			f.closer = closer
		}
	})
}

// reveal shows a hidden flow's iframe as a flow's, with o's callbacks, in
// the caller's task: the focus moves into it (now when it has loaded, else
// once it has), the Close button comes, and the messages it held are
// handled.
func (f *flow) reveal(o Options, cancel context.CancelFunc) error {
	f.mu.Lock()
	f.opts, f.cancel, f.onLoaded, f.hiddenEnd = o, cancel, nil, nil
	iframe, loaded := f.iframe, f.loaded
	f.mu.Unlock()
	for _, kv := range hiddenAttrs {
		if _, err := iframe.Call("removeAttribute", kv[0]); err != nil {
			return browserError(err)
		}
	}
	style, err := iframe.Get("style")
	if err == nil {
		err = style.Set("cssText", iframeStyle)
	}
	if err != nil {
		return browserError(err)
	}
	doc, err := jsutil.Global("document")
	if err != nil {
		return browserError(err)
	}
	body, err := doc.Get("body")
	if err != nil {
		return browserError(err)
	}
	prev, _ := doc.Get("activeElement")
	f.mu.Lock()
	f.prevFocus, f.hidden = prev, false
	held, guard := f.held, f.guard
	f.held, f.guard = nil, nil
	f.mu.Unlock()
	guard.stop()
	f.addCloserSoon(doc, body)
	if loaded {
		_, _ = iframe.Call("focus")
	}
	for _, m := range held {
		f.handle(m)
	}
	return nil
}

// watch ends the flow when ctx ends first.
func (f *flow) watch(ctx context.Context) {
	select {
	case <-ctx.Done():
		f.end(true)
	case <-f.done:
	}
	f.cancel()
}

// abort undoes a flow that did not start: no callback runs.
func (f *flow) abort() {
	f.mu.Lock()
	f.ended = true
	f.mu.Unlock()
	f.teardown()
	f.cancel()
	close(f.done)
}

// end ends a started flow once: it removes the iframe and the listener,
// gives the focus back and queues OnClose.
func (f *flow) end(cancelled bool) {
	f.mu.Lock()
	if f.ended {
		f.mu.Unlock()
		return
	}
	f.ended = true
	st := CloseStatus{Successful: f.successful, Completed: f.completed, Cancelled: cancelled}
	onClose := f.opts.OnClose
	f.mu.Unlock()
	f.teardown()
	f.restoreFocus()
	f.calls.push(func() {
		if onClose != nil {
			onClose(st)
		}
	})
	close(f.done)
}

// teardown removes the listener and the iframe and frees the client for
// the next flow.
func (f *flow) teardown() {
	f.mu.Lock()
	listener, listening, iframe, onLoad, closer, guard := f.listener, f.listening, f.iframe, f.onLoad, f.closer, f.guard
	f.listening, f.closer, f.guard = false, closeButton{}, nil
	f.mu.Unlock()
	closer.remove()
	guard.stop()
	if listening {
		if win, err := jsutil.Global("window"); err == nil {
			_, _ = win.Call("removeEventListener", "message", listener.Value())
		}
		listener.Release()
	}
	if iframe.Type() == safejs.TypeObject {
		_, _ = iframe.Call("removeEventListener", "load", onLoad.Value())
		removeSoon(iframe)
	}
	if listening {
		onLoad.Release()
	}
	f.c.mu.Lock()
	if f.c.flow == f {
		f.c.flow = nil
	}
	f.c.mu.Unlock()
	f.c.prepareSoon()
}

// restoreFocus focuses again what had the focus before the iframe, when the
// focus is now nowhere in particular (the iframe is gone).
func (f *flow) restoreFocus() {
	prev := f.prevFocus
	if prev.Type() != safejs.TypeObject {
		return
	}
	doc, err := jsutil.Global("document")
	if err != nil {
		return
	}
	cur, err := doc.Get("activeElement")
	if err != nil {
		return
	}
	body, _ := doc.Get("body")
	if !cur.IsNull() && !cur.Equal(body) && !cur.Equal(f.iframe) {
		return
	}
	if connected, err := prev.Get("isConnected"); err == nil {
		if ok, _ := connected.Truthy(); ok {
			_, _ = prev.Call("focus")
		}
	}
}

// browserError wraps a failed DOM call.
func browserError(err error) *Error {
	return newError(CodeIframeLoadFailed, "open the Connect iframe", err)
}
