package connectui

import (
	"errors"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// runReason says why a run failed, in words: the action's own error, or
// why the API refused it.
func runReason(err error) string {
	var re *pipedream.RunError
	if errors.As(err, &re) {
		msg := re.Err.Message
		if msg == "" {
			msg = re.Err.Name
		}
		return uikit.Reason(errors.New(msg))
	}
	return uikit.Reason(err)
}

// renderResult is the last run's outcome: its exports, its observations
// and, for a failed run, why.
func (f *ComponentForm) renderResult() app.UI {
	r := f.result
	if r == nil {
		return nil
	}
	id := f.id() + "-result"
	res := r.Result
	var head app.UI
	if r.Failed() {
		head = app.P().Class(f.cls("error", "run-failed")).Text("The run failed: " + runReason(r.Err))
	} else {
		head = app.P().Class(f.cls("run-ok")).Text("Ran " + r.Name + ".")
	}
	exports := sortedKeys(res.Exports)
	return app.Section().ID(id).Class(f.cls("result")).Aria("labelledby", id+"-title").Body(
		app.H4().ID(id+"-title").Class(f.cls("result-title")).Text("Result"),
		head,
		app.If(len(exports) > 0, func() app.UI {
			return app.Dl().Class(f.cls("exports")).Body(
				app.Range(exports).Slice(func(i int) app.UI {
					k := exports[i]
					return app.Div().Class(f.cls("export")).Body(
						app.Dt().Text(k),
						app.Dd().Body(app.Pre().Class(f.cls("value")).Text(describeValue(res.Exports[k]))),
					)
				}),
			)
		}),
		app.If(len(res.Ret) > 0 && string(res.Ret) != "null", func() app.UI {
			return app.Div().Class(f.cls("return")).Body(
				app.P().Class(f.cls("label")).Text("Returned"),
				app.Pre().Class(f.cls("value")).Text(describeRaw(res.Ret)),
			)
		}),
		app.If(len(res.Observations) > 0, func() app.UI {
			return app.Details().Class(f.cls("observations")).Body(
				app.Summary().Text("Logs ("+strconv.Itoa(len(res.Observations))+")"),
				app.Ol().Body(
					app.Range(res.Observations).Slice(func(i int) app.UI {
						o := res.Observations[i]
						text := o.Msg
						if o.Err != nil {
							text = o.Err.Name + ": " + o.Err.Message
						}
						return app.Li().Class(f.cls("observation", "observation-"+safeID(o.K))).Body(
							app.If(o.TS > 0, func() app.UI {
								t := time.UnixMilli(o.TS).UTC()
								return app.Time().DateTime(t.Format(time.RFC3339Nano)).Text(t.Format("15:04:05.000") + " ")
							}),
							app.Span().Text(text),
						)
					}),
				),
			)
		}),
	)
}
