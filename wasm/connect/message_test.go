//go:build js && wasm

package connect

import (
	"context"
	"testing"
)

// TestMessagesReachCallbacks: the hosted page's success, error and close
// messages become OnSuccess, OnError and OnClose, in order, and the close
// removes the iframe and the listener.
func TestMessagesReachCallbacks(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []string
		want []string
	}{
		{"success", []string{`{type:"success", authProvisionId:"apn_1"}`, closeMsg},
			[]string{"success apn_1", "close {Successful:true Completed:true Cancelled:false}"}},
		{"error", []string{`{type:"error", error:"token expired"}`, closeMsg},
			[]string{"error connect_error: token expired", "close {Successful:false Completed:true Cancelled:false}"}},
		{"error object", []string{`{type:"error", error:{message:"denied"}}`, closeMsg},
			[]string{"error connect_error: denied", "close {Successful:false Completed:true Cancelled:false}"}},
		{"error without text", []string{`{type:"error", error:42}`, closeMsg},
			[]string{"error connect_error: the Connect page reported an error", "close {Successful:false Completed:true Cancelled:false}"}},
		{"error then success", []string{`{type:"error", error:"retry"}`, `{type:"success", authProvisionId:"apn_2"}`, closeMsg},
			[]string{"error connect_error: retry", "success apn_2", "close {Successful:true Completed:true Cancelled:false}"}},
		{"closed", []string{closeMsg}, []string{notClosed}},
		{"nothing after close", []string{closeMsg, `{type:"success", authProvisionId:"apn_3"}`, closeMsg},
			[]string{notClosed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := listeners(t)
			c := newClient(t, Config{})
			r := start(t, c, Options{App: "slack"})
			if listeners(t) != base+1 {
				t.Errorf("%d message listeners during the flow, want %d", listeners(t), base+1)
			}
			for _, m := range tc.msgs {
				if connectFrames(t) == 1 {
					post(t, m)
				}
			}
			equal(t, "callbacks", r.untilClose(t), tc.want)
			r.quiet(t)
			if n := connectFrames(t); n != 0 {
				t.Errorf("%d iframes after close", n)
			}
			if n := listeners(t); n != base {
				t.Errorf("%d message listeners after close, want %d", n, base)
			}
		})
	}
}

// TestConnectReturnsTheResult: the blocking call returns the account, or an
// *Error saying why there is none.
func TestConnectReturnsTheResult(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []string
		id   string
		err  string
	}{
		{"success", []string{`{type:"success", authProvisionId:"apn_7"}`, closeMsg}, "apn_7", ""},
		{"success after an error", []string{`{type:"error", error:"x"}`, `{type:"success", authProvisionId:"apn_8"}`, closeMsg}, "apn_8", ""},
		{"error", []string{`{type:"error", error:"invalid app"}`, closeMsg}, "", "connect_error: invalid app"},
		{"closed", []string{closeMsg}, "", "closed: the Connect page was closed without connecting an account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Config{})
			var calls []string
			res := make(chan connectResult, 1)
			go func() {
				s, err := c.Connect(context.Background(), Options{
					App:       "slack",
					OnSuccess: func(s Success) { calls = append(calls, "success") },
					OnClose:   func(CloseStatus) { calls = append(calls, "close") },
				})
				res <- connectResult{s, err}
			}()
			waitFor(t, "the iframe", func() bool { return connectFrames(t) == 1 })
			for _, m := range tc.msgs {
				post(t, m)
			}
			r := <-res
			if r.s.ID != tc.id {
				t.Errorf("ID = %q, want %q", r.s.ID, tc.id)
			}
			if tc.err == "" && r.err != nil || tc.err != "" && describe(r.err) != tc.err {
				t.Errorf("err = %v, want %s", r.err, tc.err)
			}
			if calls[len(calls)-1] != "close" || (tc.id != "") != (calls[0] == "success") {
				t.Errorf("the caller's callbacks ran as %q", calls)
			}
		})
	}
}

// TestSpoofedSourceIgnored: messages from the hosted page's origin but not
// from this flow's iframe (the page itself, another iframe) are ignored
// whatever they say.
func TestSpoofedSourceIgnored(t *testing.T) {
	spoofs := []string{
		`{type:"success", authProvisionId:"apn_fake"}`,
		`{type:"error", error:"fake"}`,
		`{type:"verify-domain"}`,
		closeMsg,
	}
	for _, tc := range []struct{ name, win, check string }{
		{"the page", "window", "m.fromPage"},
		{"another iframe", `document.getElementById("other").contentWindow`, "!m.fromPage && !m.fromFrame"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eval(t, `(() => { const f = document.createElement("iframe"); f.id = "other"; document.body.append(f) })()`)
			defer eval(t, `document.getElementById("other").remove()`)
			c := newClient(t, Config{})
			r := start(t, c, Options{App: "slack"})
			seen := evalInt(t, "messageLog.length")
			for _, m := range spoofs {
				postFrom(t, tc.win, m)
			}
			waitSeen(t, seen+len(spoofs))
			if !evalBool(t, `messageLog.slice(-4).every(m => m.origin === location.origin && `+tc.check+`)`) {
				t.Fatalf("the spoofs did not come from %s on the page's origin: %s", tc.name, evalString(t, "JSON.stringify(messageLog.slice(-4))"))
			}
			if connectFrames(t) != 1 {
				t.Fatal("a spoofed close removed the iframe")
			}
			post(t, closeMsg)
			equal(t, "callbacks", r.untilClose(t), []string{notClosed})
		})
	}
}

// TestSpoofedOriginIgnored: messages from another origin are ignored, even
// from this flow's own iframe window.
func TestSpoofedOriginIgnored(t *testing.T) {
	t.Run("this iframe, navigated to a data: URL", func(t *testing.T) {
		c := newClient(t, Config{})
		r := start(t, c, Options{App: "slack"})
		seen := evalInt(t, "messageLog.length")
		eval(t, frameJS+`.src = "data:text/html,<script>`+
			`parent.postMessage({type:'success', authProvisionId:'apn_fake'}, '*');`+
			`parent.postMessage({type:'close'}, '*')</script>"`)
		waitSeen(t, seen+2)
		if !evalBool(t, `messageLog.slice(-2).every(m => m.origin === "null" && m.fromFrame)`) {
			t.Fatalf("the spoofs did not come from the iframe on another origin: %s", evalString(t, "JSON.stringify(messageLog.slice(-2))"))
		}
		if connectFrames(t) != 1 {
			t.Fatal("a spoofed close removed the iframe")
		}
		c.Close()
		equal(t, "callbacks", r.untilClose(t), []string{cancelledSt})
	})
	t.Run("this iframe, kept on the page's origin", func(t *testing.T) {
		other := "localhost"
		if evalString(t, "location.hostname") == "localhost" {
			other = "127.0.0.1"
		}
		c := newClient(t, Config{FrontendURL: "http://" + other + ":" + evalString(t, "location.port")})
		r := start(t, c, Options{App: "slack"})
		seen := evalInt(t, "messageLog.length")
		// Keep the iframe on its initial about:blank, on the page's origin.
		eval(t, frameJS+".contentWindow.stop()")
		postFrom(t, frameJS+".contentWindow", `{type:"success", authProvisionId:"apn_fake"}`)
		postFrom(t, frameJS+".contentWindow", closeMsg)
		waitSeen(t, seen+2)
		if !evalBool(t, `messageLog.slice(-2).every(m => m.origin === location.origin && m.fromFrame)`) {
			t.Fatalf("the spoofs did not come from the iframe on the page's origin: %s", evalString(t, "JSON.stringify(messageLog.slice(-2))"))
		}
		if connectFrames(t) != 1 {
			t.Fatal("a spoofed close removed the iframe")
		}
		c.Close()
		equal(t, "callbacks", r.untilClose(t), []string{cancelledSt})
	})
	t.Run("a sandboxed iframe", func(t *testing.T) {
		c := newClient(t, Config{})
		r := start(t, c, Options{App: "slack"})
		seen := evalInt(t, "messageLog.length")
		eval(t, `(() => {
			const f = document.createElement("iframe");
			f.id = "sandboxed";
			f.sandbox = "allow-scripts";
			f.srcdoc = "<script>parent.postMessage({type:'success', authProvisionId:'apn_fake'}, '*');" +
				"parent.postMessage({type:'close'}, '*')</script>";
			document.body.append(f);
		})()`)
		defer eval(t, `document.getElementById("sandboxed").remove()`)
		waitSeen(t, seen+2)
		post(t, closeMsg)
		equal(t, "callbacks", r.untilClose(t), []string{notClosed})
	})
}

// TestMalformedPayloadsIgnored: from the right iframe, payloads that are not
// objects, lack a string type or an account id are ignored, without a
// panic; the flow goes on.
func TestMalformedPayloadsIgnored(t *testing.T) {
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack"})
	for _, m := range []string{
		`"success"`, `"close"`, `null`, `undefined`, `42`, `true`, `["close"]`, `{}`,
		`{type:5}`, `{type:null}`, `{type:["close"]}`, `{type:{}}`, `{type:"CLOSE"}`, `{type:"unknown"}`,
		`new String("close")`, `{type:new String("close")}`, `new Blob(["close"])`,
		`{type:"success"}`, `{type:"success", authProvisionId:42}`, `{type:"success", authProvisionId:""}`,
		`{type:"success", authProvisionId:{id:"apn_1"}}`,
	} {
		post(t, m)
	}
	post(t, closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
}

// TestVerifyDomainAnswered: a verify-domain message gets
// {type:"domain-response", origin} back, posted to the iframe.
func TestVerifyDomainAnswered(t *testing.T) {
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack"})
	waitLoaded(t)
	eval(t, frameJS+`.contentWindow.eval("window.got = []; addEventListener('message', e => `+
		`got.push({data: e.data, origin: e.origin, fromParent: e.source === parent}))")`)
	post(t, `{type:"verify-domain"}`)
	got := frameJS + ".contentWindow.got"
	waitFor(t, "the domain response", func() bool { return evalInt(t, got+".length") > 0 })
	want := `2 [{"data":{"type":"domain-response","origin":"` + pageOrigin(t) + `"},"origin":"` + pageOrigin(t) + `","fromParent":true}]`
	s := evalString(t, got+`.map(g => Object.keys(g.data).length) + " " + `+
		`JSON.stringify(`+got+`, ["data", "type", "origin", "fromParent"])`)
	if s != want {
		t.Errorf("the iframe received %s, want %s", s, want)
	}
	post(t, closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
}

// TestCloseBeforeLoad: a close the iframe's window posts before the hosted
// page has loaded still removes the iframe (the official client keeps it).
// The flow starts before the client's spare is in the page, so that its
// iframe is a new one, whose first window the hosted page (on the test
// page's origin) takes over: the test posts from it before the page loads.
func TestCloseBeforeLoad(t *testing.T) {
	c, err := NewClient(Config{FrontendURL: pageOrigin(t), Token: "ctok_test"})
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, c)
	r := start(t, c, Options{App: "slack"})
	if s := evalString(t, frameJS+".contentWindow.location.href"); s != "about:blank" {
		t.Fatalf("the iframe shows %s already", s)
	}
	postFrom(t, frameJS+".contentWindow", closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
	if n := connectFrames(t); n != 0 {
		t.Errorf("%d iframes after a close before load", n)
	}
}
