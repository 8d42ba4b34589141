package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// widgetHosted finds the hosted UI of origin in a tab: the Connect iframe,
// in the page's process (a same-site page) or in a target of its own (an
// out-of-process iframe, on another site's page).
type widgetHosted struct {
	ctx      context.Context // the tab
	origin   string
	attached map[target.ID]context.Context
}

func widgetHostedUI(ctx context.Context, origin string) *widgetHosted {
	return &widgetHosted{ctx: ctx, origin: origin, attached: map[target.ID]context.Context{}}
}

// frame returns the context to send commands for the hosted UI to, and
// its frame id there ("" for the target's main frame).
func (h *widgetHosted) frame() (context.Context, cdp.FrameID, error) {
	var id cdp.FrameID
	err := chromedp.Run(h.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		id = h.findFrame(tree)
		return nil
	}))
	if err != nil || id != "" {
		return h.ctx, id, err
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
		return c, "", nil
	}
	return nil, "", fmt.Errorf("no frame of %s", h.origin)
}

func (h *widgetHosted) findFrame(ft *page.FrameTree) cdp.FrameID {
	if ft.Frame.ParentID != "" && strings.HasPrefix(ft.Frame.URL, h.origin+"/") {
		return ft.Frame.ID
	}
	for _, c := range ft.ChildFrames {
		if id := h.findFrame(c); id != "" {
			return id
		}
	}
	return ""
}

// widgetAXNode is a control found by role and accessible name.
type widgetAXNode struct {
	Name    string
	Backend cdp.BackendNodeID
}

// widgetAXTree is the part of Accessibility.getFullAXTree's answer the
// tests read, decoded loosely: cdproto's enums lag behind Chromium's.
type widgetAXTree struct {
	Nodes []struct {
		Ignored    bool           `json:"ignored"`
		Role       *widgetAXValue `json:"role"`
		Name       *widgetAXValue `json:"name"`
		Properties []struct {
			Name  string        `json:"name"`
			Value widgetAXValue `json:"value"`
		} `json:"properties"`
		Backend cdp.BackendNodeID `json:"backendDOMNodeId"`
	} `json:"nodes"`
}

type widgetAXValue struct {
	Value any `json:"value"`
}

// widgetFindControl looks in frame (the target's main frame when "") for
// an enabled control of role whose accessible name starts with name.
func widgetFindControl(ctx context.Context, frame cdp.FrameID, role, name string) (widgetAXNode, error) {
	q := accessibility.GetFullAXTree()
	if frame != "" {
		q = q.WithFrameID(frame)
	}
	var tree widgetAXTree
	if err := cdp.Execute(ctx, accessibility.CommandGetFullAXTree, q, &tree); err != nil {
		return widgetAXNode{}, err
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
			return widgetAXNode{Name: nm, Backend: n.Backend}, nil
		}
	}
	return widgetAXNode{}, fmt.Errorf("no enabled %s named %q…; %ss: %s", role, name, role, strings.Join(seen, ", "))
}

// click waits until the hosted UI shows an enabled control of role named
// name… and clicks it.
func (h *widgetHosted) click(t *testing.T, role, name string) {
	t.Helper()
	h.act(t, role, name, `function() { this.click() }`)
}

// fill types value into the hosted UI's text field labelled label….
func (h *widgetHosted) fill(t *testing.T, label, value string) {
	t.Helper()
	h.act(t, "textbox", label, `function() { this.focus(); this.value = `+jsString(value)+`;
		this.dispatchEvent(new Event("input", {bubbles: true})) }`)
}

// act waits until the hosted UI shows an enabled control of role named
// name… and calls the JavaScript function fn on it. It uses the DOM, as
// element.click() does: a mouse click at the control's coordinates could
// reach an out-of-process iframe before the browser can hit-test its new
// document, and be lost.
func (h *widgetHosted) act(t *testing.T, role, name, fn string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := h.actOnce(role, name, fn)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the %s %q… in %s: %v", role, name, h.origin, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (h *widgetHosted) actOnce(role, name, fn string) error {
	fctx, frame, err := h.frame()
	if err != nil {
		return err
	}
	return chromedp.Run(fctx, chromedp.ActionFunc(func(ctx context.Context) error {
		n, err := widgetFindControl(ctx, frame, role, name)
		if err != nil {
			return err
		}
		obj, err := dom.ResolveNode().WithBackendNodeID(n.Backend).Do(ctx)
		if err != nil {
			return err
		}
		_, exc, err := runtime.CallFunctionOn(fn).WithObjectID(obj.ObjectID).Do(ctx)
		if err == nil && exc != nil {
			err = errors.New(exc.Text)
		}
		return err
	}))
}
