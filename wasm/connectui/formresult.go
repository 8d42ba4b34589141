package connectui

import (
	"errors"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// runReason says why a run failed, in words: the action's own error, or
// why the API refused it.
func runReason(err error) string {
	var re *connectapi.RunError
	if errors.As(err, &re) {
		msg := re.Err.Message
		if msg == "" {
			msg = re.Err.Name
		}
		return uikit.Reason(errors.New(msg))
	}
	return uikit.Reason(err)
}

// renderResult is the last run's outcome: its exports, its return value,
// its logs and, for a failed run, why.
func (f *ComponentForm) renderResult() app.UI {
	r := f.result
	if r == nil {
		return nil
	}
	id := f.id() + "-result"
	res := r.Result
	head := el("p", "class", f.cls("run-ok")).Text("Ran " + r.Name + ".")
	if r.Failed() {
		head = el("p", "class", f.cls("error run-failed")).Text("The run failed: " + runReason(r.Err))
	}
	parts := []app.UI{el("h3", "id", id+"-title", "class", f.cls("result-title")).Text("Result"), head}
	for _, k := range sortedKeys(res.Exports) {
		parts = append(parts, f.value(k, describeValue(res.Exports[k])))
	}
	if len(res.Ret) > 0 && string(res.Ret) != "null" {
		parts = append(parts, f.value("Returned", describeRaw(res.Ret)))
	}
	if len(res.Observations) > 0 {
		logs := make([]app.UI, len(res.Observations))
		for i, o := range res.Observations {
			text := o.Msg
			if o.Err != nil {
				text = o.Err.Name + ": " + o.Err.Message
			}
			if o.TS > 0 {
				text = time.UnixMilli(o.TS).UTC().Format("15:04:05.000") + " " + text
			}
			logs[i] = el("li", "class", f.cls("observation observation-"+safeID(o.K))).Text(text)
		}
		parts = append(parts,
			el("p", "class", f.cls("label")).Text("Logs ("+strconv.Itoa(len(logs))+")"),
			el("ol", "class", f.cls("observations")).Body(logs...))
	}
	return el("section", "id", id, "class", f.cls("result"), "aria-labelledby", id+"-title").Body(parts...)
}

// value is one named value of the result.
func (f *ComponentForm) value(name, v string) app.UI {
	return el("div", "class", f.cls("export")).Body(
		el("p", "class", f.cls("label")).Text(name),
		// A Tab stop: a long value scrolls.
		el("pre", "class", f.cls("value"), "tabindex", "0", "aria-label", name).Text(v),
	)
}
