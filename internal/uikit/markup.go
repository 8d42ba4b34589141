package uikit

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DisabledIf is the value of a disabled attribute: present when off, absent
// otherwise. (go-app writes Disabled(false) as disabled="false" in the
// prerendered page, which browsers read as disabled.)
func DisabledIf(off bool) any {
	if off {
		return true
	}
	return nil
}

// Focus moves keyboard focus to the element with the given id once the
// current update is on screen. ctx's element must stay mounted.
func Focus(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) { FocusNow(id) })
}

// FocusNow moves keyboard focus to the element with the given id, which is
// on the page already.
func FocusNow(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// Logo is an app's logo, decorative: its name is always written beside it.
func Logo(src string, size int) app.UI {
	if src == "" {
		return app.Span().Class("logo", "logo-empty").Aria("hidden", true)
	}
	return app.Img().Class("logo").Src(src).Role("presentation").Width(size).Height(size).Attr("loading", "lazy")
}

// Plural says n units: "1 account", "2 accounts".
func Plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
