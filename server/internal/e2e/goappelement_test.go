package e2e

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// elementCasesJS makes elements with app.js's goappElement and says, for
// each, what go-app's own path (createElement, then setJSAttribute per
// attribute, addEventListener per listener, then a text node) would have
// made differently: "" when nothing.
const elementCasesJS = `(() => {
  const out = [];
  const enc = new TextEncoder(), buf = new Uint8Array(4096);
  const make = (spec, parent, ...listeners) => {
    const b = enc.encode(spec);
    buf.set(b, 0);
    buf.fill(120, b.length); // only the spec's n bytes are read
    return goappElement(buf, b.length, parent, ...listeners);
  };
  const check = (name, ok) => { if (!ok) out.push(name); };
  let e = make("input\0\0\0type\0checkbox\0checked\0true\0disabled\0false\0aria-label\0A box\0class\0a b");
  check("tag", e.tagName === "INPUT" && e.childNodes.length === 0);
  check("checked is a property", e.checked === true);
  check("disabled=false leaves it enabled", e.disabled === false && !e.hasAttribute("disabled"));
  check("other attributes set", e.getAttribute("aria-label") === "A box" && e.className === "a b" && e.type === "checkbox");
  e = make("input\0\0\0value\0typed\0type\0number\0min\0" + "0");
  check("value is a property, set last", e.value === "" && e.type === "number");
  e = make("input\0\0\0value\0" + "42\0type\0number");
  check("value after type", e.value === "42");
  check("an empty value is kept", make("option\0Choose\0\0value\0").value === "");
  e = make("p\0Hello, world\0\0id\0p1");
  check("UTF-8", make("option\0Choose… ✓\0\0value\0é").textContent === "Choose… ✓" && make("option\0\0\0value\0é").value === "é");
  check("text is the only child", e.childNodes.length === 1 && e.firstChild.nodeType === 3 && e.textContent === "Hello, world" && e.id === "p1");
  e = make("div\0\0");
  check("no text, no child", e.childNodes.length === 0 && e.attributes.length === 0);
  e = make("img\0\0\0ismap\0true");
  check("ismap", e.isMap === true);
  e = make("input\0\0\0readonly\0True\0required\0T\0hidden\0" + "1\0autofocus\0yes");
  check("readonly, required, hidden as Go's ParseBool", e.readOnly && e.required && e.hidden && !e.autofocus);
  e = make("div\0\0\0contenteditable\0true");
  check("contenteditable", e.contentEditable === "true");
  const parent = document.createElement("ul");
  const li = make("li\0one\0\0role\0option", parent);
  check("appended to parent", parent.childNodes.length === 1 && parent.firstChild === li && li.textContent === "one");
  const sel = make("select\0\0", null);
  make("option\0A\0\0value\0a", sel);
  make("option\0B\0\0value\0b\0selected\0true", sel);
  check("selected option", sel.value === "b" && sel.options.length === 2);
  const heard = [];
  const b = make("button\0Go\0click keydown\0type\0button", null, e => heard.push("click " + e.type), e => heard.push("key " + e.type));
  b.click();
  b.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
  b.dispatchEvent(new Event("input"));
  check("listeners in order of their events", heard.join(", ") === "click click, key keydown");
  return out.join("; ");
})()`

// TestGoappElement checks app.js's goappElement, through which the copy
// mounts an element with its attributes and text in one call (node.go's
// makeHTMLElement), in Chromium against go-app's own way of setting them.
func TestGoappElement(t *testing.T) {
	// go-app's routes are global: this test's page has a path of its own,
	// so the PWA's "/" stays the PWA's for the tests after it.
	app.Route("/goapp-element", func() app.Composer { return &blank{} })
	srv := httptest.NewServer(&app.Handler{Name: "goappElement"})
	defer srv.Close()
	tab := browsertest.New(t, time.Minute)
	var differs string
	if err := chromedp.Run(tab, chromedp.Navigate(srv.URL+"/goapp-element"),
		chromedp.Poll(`typeof goappElement === "function"`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(elementCasesJS, &differs)); err != nil {
		t.Fatal(err)
	}
	if differs != "" {
		t.Errorf("goappElement differs from go-app's setJSAttribute: %s", differs)
	}
}

type blank struct{ app.Compo }

func (*blank) Render() app.UI { return app.Div() }
