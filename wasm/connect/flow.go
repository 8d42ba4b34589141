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

// hiddenStyle is a preloaded or spare iframe's: not rendered, so that
// nothing in it can be seen, hit by the pointer or focused
// (visibility:hidden and inert would not stop the page inside from focusing
// its own elements), yet its page loads.
const hiddenStyle = iframeStyle + ";display:none;pointer-events:none"

// hiddenAttrs keep a preloaded or spare iframe, and the page in it, out of
// the focus order and the accessibility tree.
var hiddenAttrs = [][2]string{{"inert", ""}, {"aria-hidden", "true"}, {"tabindex", "-1"}}

// flow is one open hosted flow: its iframe, its part of the shared
// listeners and the queue of its callbacks.
type flow struct {
	c      *Client
	opts   Options
	cancel context.CancelFunc

	mu         sync.Mutex
	ended      bool
	stop       func() bool  // stops ending the flow when its context ends
	doc, body  safejs.Value // the document and its body the iframe went to
	iframe     safejs.Value // the iframe element, once attached; its window is the only accepted event.source
	prevFocus  safejs.Value // the element focused before the iframe
	prevRead   bool         // prevFocus has been read
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

// attach adds the iframe for token tok and has its messages reported to f,
// hidden when f.hidden. A shown flow's iframe is the client's spare when it
// has one, already in the page, hidden and blank, so that the click's task
// only names and shows it, sets its src, adds the message listener and
// plans the Close button: the focus is read and moved later.
func (f *flow) attach(tok string) error {
	src := hostedURL(f.c.frontendURL, tok, f.opts)
	fr, n, err := f.c.frameFor(f.hidden)
	if err != nil {
		return browserError(err)
	}
	body, err := fr.doc.Get("body")
	if err != nil || body.IsNull() || body.IsUndefined() {
		f.c.putBack(fr, f.hidden)
		return newError(CodeIframeLoadFailed, "the document has no body", err)
	}
	f.mu.Lock()
	f.doc, f.body, f.iframe, f.button = fr.doc, body, fr.iframe, fr.button
	hidden := f.hidden
	f.mu.Unlock()
	names := [][2]string{{"id", "pipedream-connect-iframe-" + strconv.Itoa(n)}, {"title", "Pipedream Connect"}}
	if hidden {
		err = setAttrs(fr.iframe, names, hiddenStyle)
	} else {
		err = show(fr.iframe, names)
	}
	if err == nil {
		err = fr.iframe.Set("src", src)
	}
	if err == nil {
		err = f.listen(true)
	}
	if err != nil {
		return browserError(err)
	}
	if !hidden {
		if !connected(fr.iframe) {
			if err := appendSoon(body, fr.iframe); err != nil {
				return browserError(err)
			}
		}
		f.addCloserSoon()
		return nil
	}
	if err := appendNow(body, fr.iframe); err != nil {
		return browserError(err)
	}
	guard, err := guardFocus(fr.doc, fr.iframe)
	if err != nil {
		return browserError(err)
	}
	f.mu.Lock()
	f.guard = guard
	f.mu.Unlock()
	return nil
}

// loadedNow runs when f's iframe has loaded: the first load of a shown one
// moves the focus into it (once the hosted page is there to take it:
// focusing at once would cost the click's task a forced layout); a hidden
// one reports it.
func (f *flow) loadedNow() {
	f.mu.Lock()
	hidden, onLoaded, first, ended := f.hidden, f.onLoaded, !f.loaded, f.ended
	f.loaded, f.onLoaded = true, nil
	if first && !hidden && !ended {
		f.notePrevFocus()
	}
	f.mu.Unlock()
	switch {
	case !first || ended:
	case !hidden:
		_, _ = f.iframe.Call("focus")
	case onLoaded != nil:
		onLoaded()
	}
}

// notePrevFocus keeps what has the focus, to give it back when the flow
// ends, unless it was kept already. f.mu is held.
func (f *flow) notePrevFocus() {
	if !f.prevRead {
		f.prevRead = true
		f.prevFocus, _ = f.doc.Get("activeElement")
	}
}

// addCloserSoon, in a task after this one (so that the click's task only
// shows the iframe), keeps what has the focus and adds the flow's own Close
// button, unless the flow has ended by then.
func (f *flow) addCloserSoon() {
	jsutil.NextTask(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.ended {
			return
		}
		f.notePrevFocus()
		if closer, err := f.addCloseButton(f.doc, f.body, f.button); err == nil {
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
	if err := show(iframe, nil); err != nil {
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
	f.prevFocus, f.prevRead, f.hidden = prev, true, false
	f.doc, f.body = doc, body
	held, guard := f.held, f.guard
	f.held, f.guard = nil, nil
	f.mu.Unlock()
	guard.stop()
	f.addCloserSoon()
	if loaded {
		_, _ = iframe.Call("focus")
	}
	for _, m := range held {
		f.handle(m)
	}
	return nil
}

// watch ends the flow when ctx ends first, without a goroutine of its own.
func (f *flow) watch(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() { f.end(true) })
	f.mu.Lock()
	f.stop = stop
	f.mu.Unlock()
}

// abort undoes a flow that did not start: no callback runs.
func (f *flow) abort() {
	f.mu.Lock()
	f.ended = true
	f.mu.Unlock()
	f.teardown()
	f.release()
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
	f.release()
}

// release stops watching the flow's context and cancels it.
func (f *flow) release() {
	f.mu.Lock()
	stop, cancel := f.stop, f.cancel
	f.stop = nil
	f.mu.Unlock()
	if stop != nil {
		stop()
	}
	cancel()
}

// teardown stops the flow's messages, removes the iframe and the Close
// button and frees the client for the next flow.
func (f *flow) teardown() {
	f.mu.Lock()
	iframe, closer, guard := f.iframe, f.closer, f.guard
	f.closer, f.guard = closeButton{}, nil
	f.mu.Unlock()
	closer.remove()
	guard.stop()
	_ = f.listen(false)
	if iframe.Type() == safejs.TypeObject {
		removeSoon(iframe)
	}
	f.c.mu.Lock()
	if f.c.flow == f {
		f.c.flow = nil
	}
	f.c.mu.Unlock()
	// The next flow's frame is made now, not in a task of its own: a click
	// soon after (input goes before timers in Chromium's queues) would make
	// it then. It goes in the page in a task after this one, out of the
	// closing task; a click before that appends it as it shows it.
	f.c.prepare()
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
