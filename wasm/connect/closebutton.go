//go:build js && wasm

package connect

import (
	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// closeButtonStyle puts the flow's own Close button in the overlay's top
// right corner, above the iframe (same z-index, later in the document): a
// 36 px circle whatever the page's styles for buttons say of their size.
const closeButtonStyle = "position:fixed;top:12px;right:12px;z-index:2147483647;box-sizing:border-box;" +
	"width:36px;height:36px;min-width:0;min-height:0;max-width:none;max-height:none;" +
	"margin:0;padding:0;border:2px solid #fff;border-radius:50%;box-shadow:none;" +
	"background:#1f2328;color:#fff;font:20px/1 system-ui,sans-serif;letter-spacing:normal;text-transform:none;cursor:pointer"

// closeButton is the way out of a flow whatever the iframe shows. The page
// cannot tell a hosted page from the browser's error in its place (when
// the token's allowed_origins leave the page out, the browser refuses to
// frame the hosted page, which then shows no Close of its own), so the
// button stays while the flow is open. It ends the flow as the hosted
// page's Close does, and so does Escape pressed while the focus is on the
// page (the button, say), as in a WAI-ARIA dialog; in the iframe, the
// hosted page's own Escape closes it.
type closeButton struct {
	el, doc safejs.Value
	onClick safejs.Func
	onKey   safejs.Func // the document's keydown listener
}

// newCloseButton makes a flow's Close button, out of the document.
func newCloseButton(doc safejs.Value) (safejs.Value, error) {
	el, err := doc.Call("createElement", "button")
	if err != nil {
		return safejs.Value{}, err
	}
	if err := setAttrs(el, [][2]string{{"type", "button"}, {"aria-label", "Close"}, {"title", "Close"}}, closeButtonStyle); err != nil {
		return safejs.Value{}, err
	}
	if err := el.Set("textContent", "\u00d7"); err != nil {
		return safejs.Value{}, err
	}
	return el, nil
}

// addCloseButton appends the flow's Close button el to body and listens for
// Escape on doc.
func (f *flow) addCloseButton(doc, body, el safejs.Value) (closeButton, error) {
	onClick, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		f.end(false)
		return nil
	})
	if err != nil {
		return closeButton{}, err
	}
	onKey, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ev := jsutil.Arg(args, 0)
		if key, ok := jsutil.String(ev, "key"); ok && key == "Escape" {
			if done, err := ev.Get("defaultPrevented"); err == nil {
				if prevented, _ := done.Bool(); prevented {
					return nil // the page's own use of Escape
				}
			}
			f.end(false)
		}
		return nil
	})
	if err != nil {
		onClick.Release()
		return closeButton{}, err
	}
	b := closeButton{el: el, doc: doc, onClick: onClick, onKey: onKey}
	if _, err := el.Call("addEventListener", "click", onClick.Value()); err != nil {
		onClick.Release()
		onKey.Release()
		return closeButton{}, err
	}
	if _, err := doc.Call("addEventListener", "keydown", onKey.Value()); err != nil {
		b.remove()
		return closeButton{}, err
	}
	if _, err := body.Call("appendChild", el); err != nil {
		b.remove()
		return closeButton{}, err
	}
	return b, nil
}

// remove takes the button away and releases its listeners.
func (b closeButton) remove() {
	if b.el.Type() != safejs.TypeObject {
		return
	}
	_, _ = b.el.Call("removeEventListener", "click", b.onClick.Value())
	_, _ = b.doc.Call("removeEventListener", "keydown", b.onKey.Value())
	_, _ = b.el.Call("remove")
	b.onClick.Release()
	b.onKey.Release()
}
