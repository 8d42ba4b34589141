package connectui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/benchcomponent"
)

// BenchmarkFormRender20Props is the form's own work when a 20-prop
// component's data arrives: its fields made, its markup built and
// encoded. make bench runs it in Chromium (js/wasm); the whole of it, from
// the data arriving to the form painted (go-app's DOM updates, layout),
// is the bench table's "connectui 20-prop form" rows
// (server/internal/bench/form_test.go).
func BenchmarkFormRender20Props(b *testing.B) {
	c := benchcomponent.Twenty("bench-twenty")
	accounts := []Account{{ID: "apn_1", Name: "ann", Healthy: true, App: App{NameSlug: "slack", Name: "Slack"}}}
	for b.Loop() {
		f := &ComponentForm{mounted: true, accounts: accounts}
		f.setComponent(c)
		if s := app.HTMLString(f.Render()); len(s) < 1000 {
			b.Fatal("no form")
		}
	}
}

// BenchmarkRemoteOptionsAnswer is the work between the answer to a
// keystroke's search and its 50 options in the markup: the answer taken
// (only the latest request's), the combobox rebuilt and encoded.
func BenchmarkRemoteOptionsAnswer(b *testing.B) {
	c := benchcomponent.Twenty("bench-twenty")
	f := &ComponentForm{mounted: true}
	f.setComponent(c)
	fl := f.state.byName("p0")
	fl.remote.open = true
	res := benchcomponent.Options("chan", 50)
	for b.Loop() {
		fl.remote.seq++
		f.optionsAnswer(fl, fl.remote.seq, "chan", false, res, nil)
		if s := app.HTMLString(f.renderCombobox(fl)); len(s) < 1000 {
			b.Fatal("no options")
		}
	}
}
