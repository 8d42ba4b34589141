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
	res := r.Result
	ok, failed := "Ran "+r.Name+".", ""
	if r.Failed() {
		ok, failed = "", "The run failed: "+runReason(r.Err)
	}
	var parts []app.UI
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
			logs[i] = f.el(`li.observation class "`, "observation-"+safeID(o.K), text)
		}
		parts = append(parts,
			f.el(`p.label "`, "Logs ("+strconv.Itoa(len(logs))+")"),
			f.el("ol.observations").Body(logs...))
	}
	return f.tree(f.id()+"-result", `section.result id=~ aria-labelledby=~-title `+
		`<h3.result-title id=~-title " > <p.run-ok? " > <p.error.run-failed? " > @*`, nil, parts,
		"Result", ok, failed)
}

// value is one named value of the result.
func (f *ComponentForm) value(name, v string) app.UI {
	// A Tab stop: a long value scrolls.
	return f.el(`div.export <p.label " > <pre.value tabindex=0 aria-label "`, name, name, v)
}
