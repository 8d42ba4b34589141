// Package benchcomponent is the component the component form's
// benchmarks render (wasm/connectui's Go benchmarks and make bench's rows
// in Chromium): 20 props of every input type, and its remote options.
package benchcomponent

import (
	"strconv"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Twenty is a component with key (its name says it), an app prop and 19 props of every input
// type; p0, p6, p12 and p18 have remote options searched with a query.
func Twenty(key string) pipedream.Component {
	c := pipedream.Component{Key: key, Name: "Twenty props: " + key}
	c.ConfigurableProps = append(c.ConfigurableProps, pipedream.ConfigurableProp{Name: "slack", Type: pipedream.PropApp, App: "slack"})
	for i := range 19 {
		n := strconv.Itoa(i)
		p := pipedream.ConfigurableProp{Name: "p" + n, Label: "Prop " + n, Description: "What it is for, in a sentence."}
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

// Options is a page of n remote options for query ("#query-channel-07",
// ...) with a context for the next page.
func Options(query string, n int) pipedream.ConfigurePropResult {
	res := pipedream.ConfigurePropResult{Context: map[string]any{"cursor": strconv.Itoa(n)}}
	for i := range n {
		num := strconv.Itoa(100 + i)[1:]
		res.Options = append(res.Options, pipedream.PropOption{Label: "#" + query + "-channel-" + num, Value: "C" + num})
	}
	return res
}
