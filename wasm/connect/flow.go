//go:build js && wasm

package connect

import (
	"context"
	"strconv"
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// iframeStyle is the official client's style for the iframe.
const iframeStyle = "position:fixed;inset:0;z-index:2147483647;border:0;display:block;overflow:hidden auto"

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
	onLoad     safejs.Func // the iframe's load listener, which focuses it
	closer     closeButton // the flow's own Close button
	successful bool
	completed  bool
	calls      mailbox
}

// attach adds the iframe and the message listener for token tok.
func (f *flow) attach(tok string) error {
	src := hostedURL(f.c.frontendURL, tok, f.opts)
	doc, err := jsutil.Global("document")
	if err != nil {
		return browserError(err)
	}
	body, err := doc.Get("body")
	if err != nil || body.IsNull() || body.IsUndefined() {
		return newError(CodeIframeLoadFailed, "the document has no body", err)
	}
	iframe, err := doc.Call("createElement", "iframe")
	if err != nil {
		return browserError(err)
	}
	f.c.mu.Lock()
	id := f.c.next
	f.c.next++
	f.c.mu.Unlock()
	for _, kv := range [][2]string{
		{"id", "pipedream-connect-iframe-" + strconv.Itoa(id)},
		{"title", "Pipedream Connect"},
		{"width", "100%"},
		{"height", "100%"},
		{"src", src},
	} {
		if _, err := iframe.Call("setAttribute", kv[0], kv[1]); err != nil {
			return browserError(err)
		}
	}
	// Through the CSSOM, not the style attribute, which a page's CSP
	// without 'unsafe-inline' styles would drop.
	style, err := iframe.Get("style")
	if err == nil {
		err = style.Set("cssText", iframeStyle)
	}
	if err != nil {
		return browserError(err)
	}
	listener, err := safejs.FuncOf(f.onMessage)
	if err != nil {
		return browserError(err)
	}
	win, err := jsutil.Global("window")
	if err == nil {
		_, err = win.Call("addEventListener", "message", listener.Value())
	}
	if err != nil {
		listener.Release()
		return browserError(err)
	}
	// The focus moves into the iframe once the hosted page is there to take
	// it: focusing at once would cost the click's task a forced layout.
	onLoad, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		_, _ = iframe.Call("focus")
		return nil
	})
	if err == nil {
		var once safejs.Value
		if once, err = safejs.ValueOf(map[string]any{"once": true}); err == nil {
			_, err = iframe.Call("addEventListener", "load", onLoad.Value(), once)
		}
		if err != nil {
			onLoad.Release()
		}
	}
	if err != nil {
		_, _ = win.Call("removeEventListener", "message", listener.Value())
		listener.Release()
		return browserError(err)
	}
	prev, _ := doc.Get("activeElement")
	f.mu.Lock()
	f.listener, f.listening, f.onLoad, f.prevFocus = listener, true, onLoad, prev
	f.mu.Unlock()
	if _, err := body.Call("appendChild", iframe); err != nil {
		return browserError(err)
	}
	// Its contentWindow is read when a message comes, not now: reading it
	// right after appendChild costs the click's task a few milliseconds.
	f.mu.Lock()
	f.iframe = iframe
	f.mu.Unlock()
	closer, err := f.addCloseButton(doc, body)
	if err != nil {
		return browserError(err)
	}
	f.mu.Lock()
	f.closer = closer
	f.mu.Unlock()
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
	f.mu.Unlock()
	f.teardown()
	f.restoreFocus()
	onClose := f.opts.OnClose
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
	listener, listening, iframe, onLoad, closer := f.listener, f.listening, f.iframe, f.onLoad, f.closer
	f.listening, f.closer = false, closeButton{}
	f.mu.Unlock()
	closer.remove()
	if listening {
		if win, err := jsutil.Global("window"); err == nil {
			_, _ = win.Call("removeEventListener", "message", listener.Value())
		}
		listener.Release()
	}
	if iframe.Type() == safejs.TypeObject {
		_, _ = iframe.Call("removeEventListener", "load", onLoad.Value())
		_, _ = iframe.Call("remove")
	}
	if listening {
		onLoad.Release()
	}
	f.c.mu.Lock()
	if f.c.flow == f {
		f.c.flow = nil
	}
	f.c.mu.Unlock()
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
