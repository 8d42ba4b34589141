package pwa

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connect"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// flow is the hosted Connect flow as the page follows it, whichever button
// opened it (the Connect panel's, or an account's Reconnect): whether one
// is open, how the last one went, and the log of its callbacks.
type flow struct {
	busy   bool
	notice uikit.Notice
	log    []Event
}

// mount handles the event log's Clear.
func (f *flow) mount(ctx app.Context) {
	ctx.Handle(actionClearLog, func(app.Context, app.Action) { f.log = nil })
}

// events are the callbacks the page's Connect buttons report to.
func (f *flow) events() connectui.Events {
	return connectui.Events{OnStart: f.started, OnSuccess: f.succeeded, OnError: f.failed, OnClose: f.closed}
}

func (f *flow) started(ctx app.Context, fl connectui.Flow) {
	verb := "Connecting"
	if fl.AccountID != "" {
		verb = "Reconnecting"
	}
	f.busy = true
	f.notice = uikit.Notice{Tone: uikit.ToneInfo, Text: verb + " " + fl.AppName + " in the Connect window…"}
}

func (f *flow) succeeded(ctx app.Context, fl connectui.Flow, s connect.Success) {
	f.add("onSuccess", successPayload(s.ID))
	verb := "Connected"
	if fl.AccountID != "" {
		verb = "Reconnected"
	}
	f.notice = uikit.Notice{Tone: uikit.ToneSuccess, Text: verb + " " + fl.AppName + " (account " + s.ID + ")."}
}

// failed reports the hosted page's error, or why the flow did not start.
func (f *flow) failed(ctx app.Context, fl connectui.Flow, err error) {
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Code != connect.CodeConnectError {
		f.busy = false
		f.notice = uikit.Notice{Tone: uikit.ToneError, Text: uikit.Describe("open the Connect window", err)}
		return
	}
	f.add("onError", errorPayload(ce))
	f.notice = uikit.Notice{Tone: uikit.ToneError, Text: fl.AppName + " was not connected: " + uikit.Reason(err)}
}

func (f *flow) closed(ctx app.Context, fl connectui.Flow, st connect.CloseStatus) {
	f.add("onClose", closePayload(st))
	f.busy = false
	if !st.Completed {
		f.notice = uikit.Notice{Tone: uikit.ToneInfo, Text: "You closed the Connect window before finishing: " + fl.AppName + " was not connected."}
	}
}

// add adds a callback to the event log.
func (f *flow) add(name, payload string) {
	f.log = appendEvent(f.log, Event{At: time.Now(), Name: name, Payload: payload})
}

// The callbacks' payloads as the event log shows them: the arguments of the
// official client's onSuccess, onError and onClose.

func successPayload(accountID string) string {
	return marshal(struct {
		ID string `json:"id"`
	}{accountID})
}

func errorPayload(e *connect.Error) string {
	return marshal(struct {
		Code    connect.ErrorCode `json:"code,omitempty"`
		Message string            `json:"message"`
	}{e.Code, e.Message})
}

func closePayload(st connect.CloseStatus) string {
	return marshal(struct {
		Successful bool `json:"successful"`
		Completed  bool `json:"completed"`
	}{st.Successful, st.Completed})
}

// marshal encodes v, which is one of the payload types above and always
// encodes.
func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
