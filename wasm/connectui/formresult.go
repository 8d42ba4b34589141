package connectui

import (
	"errors"
	"strconv"

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
				text = clock(o.TS) + " " + text
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

// clock is the UTC time of day of ms, milliseconds since 1970, as time's
// "15:04:05.000" formats it: a few divisions, not time's formatting code.
func clock(ms int64) string {
	b := []byte("00:00:00.000")
	t := ms % (24 * 3600 * 1000)
	for i := len(b) - 1; i >= 0; i-- {
		base := int64(10)
		switch i {
		case 2, 5, 8: // a separator
			continue
		case 3, 6: // the tens of minutes and of seconds
			base = 6
		}
		b[i] += byte(t % base)
		t /= base
	}
	return string(b)
}
