//go:build js && wasm

package connect

import (
	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// focusGuard gives the focus back when a hidden iframe takes it: the iframe
// is out of the page's focus order, but the page inside may still focus its
// own window. The page's window then blurs, with the iframe as the
// document's active element.
type focusGuard struct {
	doc, iframe safejs.Value
	last        safejs.Value // what had the focus outside the iframe last
	onBlur      safejs.Func  // the window's blur listener
	onFocusOut  safejs.Func  // the document's focusout listener (capture)
}

// guardFocus starts guarding the page's focus from iframe.
func guardFocus(doc, iframe safejs.Value) (*focusGuard, error) {
	g := &focusGuard{doc: doc, iframe: iframe}
	var err error
	g.onFocusOut, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if t, err := jsutil.Arg(args, 0).Get("target"); err == nil && !t.Equal(iframe) {
			g.last = t
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.onBlur, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		if active, err := doc.Get("activeElement"); err == nil && active.Equal(iframe) {
			g.giveBack()
		}
		return nil
	})
	if err != nil {
		g.onFocusOut.Release()
		return nil, err
	}
	if _, err = doc.Call("addEventListener", "focusout", g.onFocusOut.Value(), true); err == nil {
		err = onWindow("addEventListener", "blur", g.onBlur)
	}
	if err != nil {
		g.stop()
		return nil, err
	}
	return g, nil
}

// giveBack focuses again what had the focus before the iframe took it, or
// nothing.
func (g *focusGuard) giveBack() {
	if g.last.Type() == safejs.TypeObject {
		if ok, _ := g.last.Get("isConnected"); ok.Type() == safejs.TypeBoolean {
			if connected, _ := ok.Bool(); connected {
				_, _ = g.last.Call("focus")
				return
			}
		}
	}
	_, _ = g.iframe.Call("blur")
}

// stop removes the listeners.
func (g *focusGuard) stop() {
	if g == nil {
		return
	}
	_, _ = g.doc.Call("removeEventListener", "focusout", g.onFocusOut.Value(), true)
	_ = onWindow("removeEventListener", "blur", g.onBlur)
	g.onFocusOut.Release()
	g.onBlur.Release()
}

// onWindow calls window[method](type, fn) (globalThis is the page's
// window).
func onWindow(method, typ string, fn safejs.Func) error {
	_, err := safejs.Global().Call(method, typ, fn.Value())
	return err
}
