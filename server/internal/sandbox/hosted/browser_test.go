package hosted

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// parentPage embeds the hosted page the way the official client does and
// records the messages it receives, with their origin and whether the
// iframe sent them.
var parentPage = template.Must(template.New("parent").Parse(`<!doctype html>
<title>Embedding page</title>
<iframe id="pd" title="Pipedream Connect" src="{{.}}"
  style="position:fixed;inset:0;width:100%;height:100%;border:0"></iframe>
<script>
window.messages = [];
window.addEventListener("message", (e) => {
  window.messages.push({origin: e.origin, data: e.data,
    fromFrame: e.source === document.getElementById("pd").contentWindow});
});
</script>`))

// received is one message the embedding page got.
type received struct {
	Origin    string            `json:"origin"`
	Data      map[string]string `json:"data"`
	FromFrame bool              `json:"fromFrame"`
}

// embedded serves a parent page on its own loopback origin embedding the
// hosted page with query; the token allows the parent's origin.
func embedded(t *testing.T, e *env, query url.Values) (parentURL string) {
	t.Helper()
	return embeddedAllowing(t, e, query, "")
}

// embeddedAllowing is embedded with a token allowing only allowed, or the
// parent's origin when allowed is empty.
func embeddedAllowing(t *testing.T, e *env, query url.Values, allowed string) (parentURL string) {
	t.Helper()
	parent := httptest.NewUnstartedServer(nil)
	if allowed == "" {
		allowed = "http://" + parent.Listener.Addr().String()
	}
	query.Set("token", e.token(nil, allowed))
	src := e.srv.URL + PagePath + "?" + query.Encode()
	parent.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = parentPage.Execute(w, src)
	})
	parent.Start()
	t.Cleanup(parent.Close)
	return parent.URL
}

// inFrame runs a query action inside the iframe's current document,
// retrying until it is there: the iframe's node is fetched anew each time,
// since every step of the flow loads a new document.
func inFrame(sel string, do func(sel any, opts ...chromedp.QueryOption) chromedp.QueryAction) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var frames []*cdp.Node
			if err := chromedp.Nodes("iframe#pd", &frames, chromedp.ByQuery).Do(ctx); err != nil {
				return err
			}
			var found []*cdp.Node
			qctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			err := chromedp.Nodes(sel, &found, chromedp.ByQuery, chromedp.AtLeast(1), chromedp.FromNode(frames[0])).Do(qctx)
			cancel()
			if err == nil {
				return do(sel, chromedp.ByQuery, chromedp.FromNode(frames[0])).Do(ctx)
			}
			if ctx.Err() != nil {
				return fmt.Errorf("%s in the iframe: %w", sel, ctx.Err())
			}
		}
	})
}

// messages waits for n messages at the embedding page, then a little more
// to catch any extra one.
func messages(t *testing.T, ctx context.Context, n int) []received {
	t.Helper()
	var got []received
	if err := chromedp.Run(ctx,
		chromedp.Poll(fmt.Sprintf("window.messages.length >= %d", n), nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate("window.messages", &got),
	); err != nil {
		t.Fatalf("waiting for %d messages: %v", n, err)
	}
	return got
}

func TestBrowserIframeAllow(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Run(ctx,
		chromedp.Navigate(embedded(t, e, q("app", "slack"))),
		inFrame(`button.primary`, chromedp.Click),
		inFrame(`button[value="allow"]`, chromedp.Click),
		inFrame(`.result.ok`, chromedp.WaitVisible),
	); err != nil {
		t.Fatal(err)
	}
	got := messages(t, ctx, 1)
	as := e.accounts()
	if len(as) != 1 {
		t.Fatalf("accounts %+v", as)
	}
	want := received{Origin: e.srv.URL, Data: map[string]string{"type": "success", "authProvisionId": as[0].ID}, FromFrame: true}
	if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Errorf("messages %+v, want exactly %+v", got, want)
	}
}

func TestBrowserIframeClose(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Run(ctx,
		chromedp.Navigate(embedded(t, e, q("app", "openai"))),
		inFrame(`button[data-close]`, chromedp.Click),
	); err != nil {
		t.Fatal(err)
	}
	got := messages(t, ctx, 1)
	if len(got) != 1 || got[0].Origin != e.srv.URL || !got[0].FromFrame || len(got[0].Data) != 1 || got[0].Data["type"] != "close" {
		t.Errorf("messages %+v, want exactly {type:close} from %s", got, e.srv.URL)
	}
}

func TestBrowserOtherOriginCannotFrame(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.New(t, 60*time.Second)
	var n int
	if err := chromedp.Run(ctx, chromedp.Navigate(embeddedAllowing(t, e, q("app", "slack"), "http://elsewhere.test"))); err != nil {
		t.Fatal(err)
	}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_ = chromedp.Run(qctx, inFrame(`button.primary`, chromedp.WaitVisible))
	if qctx.Err() == nil {
		t.Error("a page on an origin the token does not allow shows the flow")
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate("window.messages.length", &n)); err != nil || n != 0 {
		t.Errorf("%d messages (%v)", n, err)
	}
}

func TestBrowserKeyboardOnly(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.New(t, 60*time.Second)
	var style []*css.ComputedStyleProperty
	var errText string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(embedded(t, e, q("app", "openai"))),
		inFrame(`button.primary`, chromedp.WaitVisible),
		// The first Tab reaches Continue, with a visible focus ring.
		chromedp.KeyEvent(kb.Tab),
		inFrame(`button.primary:focus-visible`, func(sel any, opts ...chromedp.QueryOption) chromedp.QueryAction {
			return chromedp.ComputedStyle(sel, &style, opts...)
		}),
		chromedp.KeyEvent(kb.Enter),
		// The fields page, its first field focused: a malformed key is
		// refused with a message.
		inFrame(`label[for="f_api_key"]`, chromedp.WaitVisible),
		inFrame(`#f_api_key:focus`, chromedp.WaitVisible),
		chromedp.KeyEvent("nope"),
		chromedp.KeyEvent(kb.Enter),
		inFrame(`#f_api_key_error`, func(sel any, opts ...chromedp.QueryOption) chromedp.QueryAction {
			return chromedp.Text(sel, &errText, opts...)
		}),
	); err != nil {
		t.Fatal(err)
	}
	if outline := property(style, "outline-style"); outline != "solid" {
		t.Errorf("focused Continue has outline-style %q", outline)
	}
	if !strings.Contains(errText, "API Key has an unexpected format") {
		t.Errorf("field error %q", errText)
	}
	if len(e.accounts()) != 0 {
		t.Fatal("a malformed key connected an account")
	}
	// The field in error has the focus; fixed, it connects.
	if err := chromedp.Run(ctx,
		inFrame(`#f_api_key[aria-invalid=true]:focus`, chromedp.WaitVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl)),
		chromedp.KeyEvent("sk-abcdefgh1234"),
		chromedp.KeyEvent(kb.Enter),
		inFrame(`.result.ok`, chromedp.WaitVisible),
	); err != nil {
		t.Fatal(err)
	}
	got := messages(t, ctx, 1)
	as := e.accounts()
	if len(as) != 1 || len(got) != 1 || got[0].Data["type"] != "success" || got[0].Data["authProvisionId"] != as[0].ID {
		t.Errorf("messages %+v, accounts %+v", got, as)
	}
}

// property returns a computed style's value.
func property(style []*css.ComputedStyleProperty, name string) string {
	for _, p := range style {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}
