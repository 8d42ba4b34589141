package connectui

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// twentyProps is a component with 20 props of every input type.
func twentyProps() pipedream.Component {
	c := pipedream.Component{Key: "bench-twenty", Name: "Twenty props"}
	c.ConfigurableProps = append(c.ConfigurableProps, pipedream.ConfigurableProp{Name: "slack", Type: pipedream.PropApp, App: "slack"})
	for i := range 19 {
		p := pipedream.ConfigurableProp{Name: fmt.Sprintf("p%d", i), Label: fmt.Sprintf("Prop %d", i), Description: "What it is for, in a sentence."}
		switch i % 6 {
		case 0:
			p.Type, p.RemoteOptions, p.UseQuery = pipedream.PropString, true, true
		case 1:
			p.Type = pipedream.PropString
		case 2:
			p.Type, p.Min, p.Max = pipedream.PropInteger, pipedream.Int64(0), pipedream.Int64(100)
		case 3:
			p.Type = pipedream.PropBoolean
		case 4:
			p.Type, p.Options = pipedream.PropString, []pipedream.PropOption{{Label: "A", Value: "a"}, {Label: "B", Value: "b"}}
		case 5:
			p.Type = pipedream.PropStringArray
		}
		c.ConfigurableProps = append(c.ConfigurableProps, p)
	}
	return c
}

// BenchmarkFormRender20Props is the form's own work when a 20-prop
// component's data arrives: its fields made, its markup built and
// encoded. make bench runs it in Chromium (js/wasm), the frame budget
// being 16 ms.
func BenchmarkFormRender20Props(b *testing.B) {
	c := twentyProps()
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
	c := twentyProps()
	f := &ComponentForm{mounted: true}
	f.setComponent(c)
	fl := f.state.byName("p0")
	fl.remote.open = true
	res := pipedream.ConfigurePropResult{Context: map[string]any{"cursor": "50"}}
	for i := range 50 {
		res.Options = append(res.Options, pipedream.PropOption{Label: fmt.Sprintf("#channel-%02d", i), Value: fmt.Sprintf("C%02d", i)})
	}
	for b.Loop() {
		fl.remote.seq++
		f.optionsAnswer(fl, fl.remote.seq, "chan", false, res, nil)
		if s := app.HTMLString(f.renderCombobox(fl)); len(s) < 1000 {
			b.Fatal("no options")
		}
	}
}
