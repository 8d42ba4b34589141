//go:build js && wasm

package connect

import "github.com/hack-pad/safejs"

// closeButtonStyle puts the flow's own Close button in the overlay's top
// right corner, above the iframe (same z-index, later in the document).
const closeButtonStyle = "position:fixed;top:12px;right:12px;z-index:2147483647;box-sizing:border-box;" +
	"width:36px;height:36px;margin:0;padding:0;border:2px solid #fff;border-radius:18px;" +
	"background:#1f2328;color:#fff;font:20px/1 system-ui,sans-serif;cursor:pointer"

// closeButton is the way out of a flow whatever the iframe shows. The page
// cannot tell a hosted page from the browser's error in its place (when
// the token's allowed_origins leave the page out, the browser refuses to
// frame the hosted page, which then shows no Close of its own), so the
// button stays while the flow is open. It ends the flow as the hosted
// page's Close does.
type closeButton struct {
	el      safejs.Value
	onClick safejs.Func
}

// addCloseButton appends the flow's Close button to body.
func (f *flow) addCloseButton(doc, body safejs.Value) (closeButton, error) {
	el, err := doc.Call("createElement", "button")
	if err != nil {
		return closeButton{}, err
	}
	for _, kv := range [][2]string{{"type", "button"}, {"aria-label", "Close"}, {"title", "Close"}} {
		if _, err := el.Call("setAttribute", kv[0], kv[1]); err != nil {
			return closeButton{}, err
		}
	}
	if err := el.Set("textContent", "\u00d7"); err != nil {
		return closeButton{}, err
	}
	style, err := el.Get("style")
	if err == nil {
		err = style.Set("cssText", closeButtonStyle)
	}
	if err != nil {
		return closeButton{}, err
	}
	onClick, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		f.end(false)
		return nil
	})
	if err != nil {
		return closeButton{}, err
	}
	b := closeButton{el: el, onClick: onClick}
	if _, err := el.Call("addEventListener", "click", onClick.Value()); err != nil {
		onClick.Release()
		return closeButton{}, err
	}
	if _, err := body.Call("appendChild", el); err != nil {
		b.remove()
		return closeButton{}, err
	}
	return b, nil
}

// remove takes the button away and releases its listener.
func (b closeButton) remove() {
	if b.el.Type() != safejs.TypeObject {
		return
	}
	_, _ = b.el.Call("removeEventListener", "click", b.onClick.Value())
	_, _ = b.el.Call("remove")
	b.onClick.Release()
}
