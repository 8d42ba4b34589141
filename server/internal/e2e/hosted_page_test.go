package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// hostedPage drives the sandbox's hosted Connect page wherever a tab shows
// it: as its top document (a Connect Link), in a Connect iframe in the
// page's process (a same-site page) or in an iframe with a target of its
// own (out of process, on another site's page).
type hostedPage struct {
	t        *testing.T
	ctx      context.Context // the tab
	origin   string          // the sandbox's origin
	attached map[target.ID]context.Context
}

// newHostedPage drives the hosted page of origin (the sandbox's) in the
// tab ctx.
func newHostedPage(t *testing.T, ctx context.Context, origin string) *hostedPage {
	return &hostedPage{t: t, ctx: ctx, origin: origin, attached: map[target.ID]context.Context{}}
}

// frame returns the context of the target that renders the hosted page and
// the page's frame there: the shown one, not a preloaded page out of sight
// (whose iframe is not rendered, so its window has no size).
func (h *hostedPage) frame() (context.Context, cdp.FrameID, error) { return h.find(true) }

// find returns the first frame of the hosted page that is shown, or not.
func (h *hostedPage) find(shown bool) (context.Context, cdp.FrameID, error) {
	ids, err := h.framesIn(h.ctx)
	if err != nil {
		return nil, "", err
	}
	for _, id := range ids {
		if ok, err := h.shown(h.ctx, id); err != nil || ok == shown {
			return h.ctx, id, err
		}
	}
	targets, err := chromedp.Targets(h.ctx)
	if err != nil {
		return nil, "", err
	}
	for _, ti := range targets {
		if ti.Type != "iframe" || !strings.HasPrefix(ti.URL, h.origin+"/") {
			continue
		}
		c, ok := h.attached[ti.TargetID]
		if !ok {
			// Never cancelled: that would close the target. It ends with the browser.
			c, _ = chromedp.NewContext(h.ctx, chromedp.WithTargetID(ti.TargetID))
			h.attached[ti.TargetID] = c
		}
		ids, err := h.framesIn(c)
		if err != nil {
			return nil, "", err
		}
		for _, id := range ids {
			if ok, err := h.shown(c, id); err != nil || ok == shown {
				return c, id, err
			}
		}
	}
	return nil, "", fmt.Errorf("no frame of %s (shown: %v)", h.origin, shown)
}

// framesIn returns the frames of the hosted page in ctx's target.
func (h *hostedPage) framesIn(ctx context.Context) ([]cdp.FrameID, error) {
	var ids []cdp.FrameID
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err == nil {
			ids = h.findFrames(tree, nil)
		}
		return err
	}))
	return ids, err
}

func (h *hostedPage) findFrames(ft *page.FrameTree, ids []cdp.FrameID) []cdp.FrameID {
	if strings.HasPrefix(ft.Frame.URL, h.origin+"/") {
		ids = append(ids, ft.Frame.ID)
	}
	for _, c := range ft.ChildFrames {
		ids = h.findFrames(c, ids)
	}
	return ids
}

// shown reports whether frame (in ctx's target) is rendered: its window has
// a size.
func (h *hostedPage) shown(ctx context.Context, frame cdp.FrameID) (bool, error) {
	var ok bool
	err := evalIn(ctx, frame, `innerWidth > 0 && innerHeight > 0`, &ok)
	return ok, err
}

// eval evaluates expr in the hosted page and stores its value in res. It
// runs in an isolated world of the page's frame: the page's DOM, not its
// embedder's, and unaffected by the cross-origin boundary.
func (h *hostedPage) eval(expr string, res any) error {
	fctx, frame, err := h.frame()
	if err != nil {
		return err
	}
	return evalIn(fctx, frame, expr, res)
}

// evalIn evaluates expr in an isolated world of frame, in ctx's target.
func evalIn(fctx context.Context, frame cdp.FrameID, expr string, res any) error {
	return chromedp.Run(fctx, chromedp.ActionFunc(func(ctx context.Context) error {
		world, err := page.CreateIsolatedWorld(frame).WithWorldName("e2e").Do(ctx)
		if err != nil {
			return err
		}
		v, exc, err := runtime.Evaluate(expr).WithContextID(world).WithReturnByValue(true).WithAwaitPromise(true).Do(ctx)
		switch {
		case err != nil:
			return err
		case exc != nil:
			return fmt.Errorf("hosted page: %s", exc.Text+describeException(exc))
		case res == nil:
			return nil
		}
		return json.Unmarshal(v.Value, res)
	}))
}

func describeException(exc *runtime.ExceptionDetails) string {
	if exc.Exception != nil {
		return " " + exc.Exception.Description
	}
	return ""
}

// text is the hosted page's visible text.
func (h *hostedPage) text() string {
	h.t.Helper()
	var s string
	if err := h.eval(`document.body ? document.body.innerText : ""`, &s); err != nil {
		h.t.Fatal(err)
	}
	return s
}

// poll calls check until it reports true, for at most 30 s, then fails
// with its last error and the hosted page's text.
func (h *hostedPage) poll(what string, check func() (bool, error)) {
	h.t.Helper()
	poll(h.t, what+" in the hosted page", check, func() string {
		var body string
		h.eval(`document.body ? document.body.innerText : ""`, &body)
		return body
	})
}

// wait polls a JavaScript expression in the hosted page until it is true.
func (h *hostedPage) wait(expr, what string) {
	h.t.Helper()
	h.poll(what, func() (ok bool, err error) {
		err = h.eval(expr, &ok)
		return ok, err
	})
}

// waitText waits until the hosted page's text contains want.
func (h *hostedPage) waitText(want string) {
	h.t.Helper()
	h.wait(fmt.Sprintf(`!!document.body && document.body.innerText.includes(%s)`, jsString(want)), fmt.Sprintf("the text %q", want))
}

// press waits for an enabled button whose accessible name begins with name
// and clicks it.
func (h *hostedPage) press(name string) {
	h.t.Helper()
	h.waitControl("button", name, `function() { this.click(); return true }`, fmt.Sprintf("a button %q…", name))
}

// fill types value into the enabled text field whose accessible name begins
// with label, as a user would.
func (h *hostedPage) fill(label, value string) {
	h.t.Helper()
	h.waitControl("textbox", label, `function() { this.focus(); this.value = `+jsString(value)+`;
		this.dispatchEvent(new Event("input", {bubbles: true})); this.dispatchEvent(new Event("change", {bubbles: true})); return true }`,
		fmt.Sprintf("a field labelled %q…", label))
}

// waitControl waits until the JavaScript function fn, called on an enabled
// control of role whose accessible name begins with name, returns true. It
// acts through the DOM, as element.click() does: a mouse click at the
// control's coordinates could reach an out-of-process iframe before the
// browser can hit-test its new document, and be lost. It calls fn only
// once the page has loaded: its controls are parsed before its deferred
// script runs, and a Close clicked before that script listens does nothing.
func (h *hostedPage) waitControl(role, name, fn, what string) {
	h.t.Helper()
	fn = `function() { return this.ownerDocument.readyState === "complete" && (` + fn + `).call(this) }`
	h.poll(what, func() (bool, error) {
		fctx, frame, err := h.frame()
		if err != nil {
			return false, err
		}
		var ok bool
		err = chromedp.Run(fctx, chromedp.ActionFunc(func(ctx context.Context) error {
			c, err := findControl(ctx, frame, role, name)
			if err != nil {
				return err
			}
			obj, err := dom.ResolveNode().WithBackendNodeID(c.Backend).Do(ctx)
			if err != nil {
				return err
			}
			v, exc, err := runtime.CallFunctionOn(fn).WithObjectID(obj.ObjectID).WithReturnByValue(true).Do(ctx)
			if err == nil && exc != nil {
				return errors.New(exc.Text)
			}
			if err == nil {
				err = json.Unmarshal(v.Value, &ok)
			}
			return err
		}))
		return ok, err
	})
}

// axControl is a control found by role and accessible name.
type axControl struct {
	Name    string
	Backend cdp.BackendNodeID
}

// axTree is the part of Accessibility.getFullAXTree's answer the tests
// read, decoded loosely: cdproto's enums lag behind Chromium's.
type axTree struct {
	Nodes []struct {
		Ignored    bool     `json:"ignored"`
		Role       *axValue `json:"role"`
		Name       *axValue `json:"name"`
		Properties []struct {
			Name  string  `json:"name"`
			Value axValue `json:"value"`
		} `json:"properties"`
		Backend cdp.BackendNodeID `json:"backendDOMNodeId"`
	} `json:"nodes"`
}

type axValue struct {
	Value any `json:"value"`
}

// findControl looks in frame (the target's main frame when "") for an
// enabled control of role whose accessible name begins with name.
func findControl(ctx context.Context, frame cdp.FrameID, role, name string) (axControl, error) {
	q := accessibility.GetFullAXTree()
	if frame != "" {
		q = q.WithFrameID(frame)
	}
	var tree axTree
	if err := cdp.Execute(ctx, accessibility.CommandGetFullAXTree, q, &tree); err != nil {
		return axControl{}, err
	}
	var seen []string
	for _, n := range tree.Nodes {
		if n.Ignored || n.Role == nil || n.Name == nil || n.Backend == 0 || n.Role.Value != role {
			continue
		}
		nm, _ := n.Name.Value.(string)
		seen = append(seen, fmt.Sprintf("%q", nm))
		disabled := false
		for _, p := range n.Properties {
			disabled = disabled || p.Name == "disabled" && p.Value.Value == true
		}
		if strings.HasPrefix(nm, name) && !disabled {
			return axControl{Name: nm, Backend: n.Backend}, nil
		}
	}
	return axControl{}, fmt.Errorf("no enabled %s named %q…; %ss: %s", role, name, role, strings.Join(seen, ", "))
}
