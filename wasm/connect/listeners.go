//go:build js && wasm

package connect

import (
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// shared is the one listener every flow shares, made once, ahead of the
// first click (with a client's first spare frame), and never released: a
// click then makes no js.Func (which costs its task more than a call to
// JavaScript), and a flow holds none to release.
var shared struct {
	mu sync.Mutex
	// on is every iframe's load listener, added when the frame is made, and
	// window's message listener while any flow is attached: called on an
	// attached flow's iframe it reports the load to that flow, unless the
	// iframe still holds a spare's blank document; otherwise it
	// hands the message event to every attached flow, which keeps its own.
	on        safejs.Func
	made      bool
	message   safejs.Value // "message", made once: a Go string is copied to JavaScript on each call that passes it
	flows     []*flow      // the attached flows, shown and hidden
	listening bool         // on is window's message listener
}

// sharedReady makes the shared listener, once.
func sharedReady() (err error) {
	shared.mu.Lock()
	if !shared.made {
		shared.message, err = safejs.ValueOf("message")
		if err == nil {
			shared.on, err = safejs.FuncOf(onEvent)
		}
		shared.made = err == nil
	}
	shared.mu.Unlock()
	return err
}

// onEvent is the shared listener.
func onEvent(this safejs.Value, args []safejs.Value) any {
	shared.mu.Lock()
	flows := append([]*flow(nil), shared.flows...)
	shared.mu.Unlock()
	for _, f := range flows {
		if f.iframe.Equal(this) {
			// A cross-origin page's contentDocument is null.
			doc, _ := this.Get("contentDocument")
			if u, _ := jsutil.String(doc, "URL"); u != "about:blank" {
				f.loadedNow()
			}
			return nil
		}
	}
	for _, f := range flows {
		f.onMessage(args)
	}
	return nil
}

// listen has f's load and messages reported to it (on), or no longer:
// window's message listener is there while any flow is attached.
func (f *flow) listen(on bool) error {
	err := sharedReady()
	shared.mu.Lock()
	for i, g := range shared.flows {
		if g == f {
			shared.flows = append(shared.flows[:i], shared.flows[i+1:]...)
			break
		}
	}
	want := on || len(shared.flows) > 0
	if err == nil && want != shared.listening {
		method := "removeEventListener"
		if want {
			method = "addEventListener"
		}
		if _, err = safejs.Global().Call(method, shared.message, shared.on.Value()); err == nil {
			shared.listening = want
		}
	}
	if on && err == nil {
		shared.flows = append(shared.flows, f)
	}
	shared.mu.Unlock()
	return err
}
