//go:build js && wasm

package connect

import (
	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// onMessage handles a message event to the window. It accepts an event only
// from the hosted UI's origin and this flow's iframe, does the DOM work at
// once and queues the callbacks: it never blocks.
func (f *flow) onMessage(args []safejs.Value) {
	ev := jsutil.Arg(args, 0)
	f.mu.Lock()
	ended, iframe := f.ended, f.iframe
	f.mu.Unlock()
	if ended || iframe.Type() != safejs.TypeObject {
		return
	}
	win, err := iframe.Get("contentWindow")
	if err != nil || win.Type() != safejs.TypeObject {
		return
	}
	origin, ok := jsutil.String(ev, "origin")
	if !ok || origin != f.c.origin {
		return
	}
	src, err := ev.Get("source")
	if err != nil || !src.Equal(win) {
		return
	}
	data, err := ev.Get("data")
	if err != nil {
		return
	}
	m := message{}
	m.typ, _ = jsutil.String(data, "type")
	switch m.typ {
	case "success":
		id, ok := jsutil.String(data, "authProvisionId")
		if !ok || id == "" {
			return // a success without an account is malformed
		}
		m.id = id
	case "error":
		m.errText = errorText(data)
	case "close":
	case "verify-domain":
		f.answerVerifyDomain(win)
		return
	default:
		return
	}
	f.mu.Lock()
	hidden, hiddenEnd := f.hidden, f.hiddenEnd
	if hidden && m.typ == "success" {
		f.held = append(f.held, m)
	}
	f.mu.Unlock()
	switch {
	case !hidden:
		f.handle(m)
	case m.typ != "success" && hiddenEnd != nil:
		hiddenEnd(m.typ == "error")
	}
}

// message is one accepted message of the hosted page.
type message struct {
	typ     string // success, error or close
	id      string // success: the account
	errText string // error: the hosted page's text
}

// handle acts on a message of a shown flow: it does the DOM work at once and
// queues the callbacks.
func (f *flow) handle(m message) {
	switch m.typ {
	case "success":
		f.mu.Lock()
		f.successful, f.completed = true, true
		cb := f.opts.OnSuccess
		f.mu.Unlock()
		if cb != nil {
			f.calls.push(func() { cb(Success{ID: m.id}) })
		}
	case "error":
		f.mu.Lock()
		f.completed = true
		cb := f.opts.OnError
		f.mu.Unlock()
		if cb != nil {
			err := newError(CodeConnectError, m.errText, nil)
			f.calls.push(func() { cb(err) })
		}
	case "close":
		f.end(false)
	}
}

// errorText is the hosted page's error text: a string, or an object's
// message.
func errorText(data safejs.Value) string {
	if s, ok := jsutil.String(data, "error"); ok && s != "" {
		return s
	}
	if e, err := data.Get("error"); err == nil {
		if s, ok := jsutil.String(e, "message"); ok && s != "" {
			return s
		}
	}
	return "the Connect page reported an error"
}

// answerVerifyDomain posts {type:"domain-response", origin} to the iframe,
// addressed to the hosted UI's origin only.
func (f *flow) answerVerifyDomain(win safejs.Value) {
	self, err := jsutil.Global("window")
	if err != nil {
		return
	}
	origin, _ := jsutil.String(self, "origin")
	msg, err := safejs.ValueOf(map[string]any{"type": "domain-response", "origin": origin})
	if err != nil {
		return
	}
	_, _ = win.Call("postMessage", msg, f.c.origin)
}
