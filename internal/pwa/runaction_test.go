package pwa

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

func TestRunEventLogsEachRun(t *testing.T) {
	var p struct{ ID, Summary, Error string }
	ok := runEvent(connectui.Run{Component: "slack-send-message",
		Result: connectapi.RunResult{Exports: map[string]any{connectapi.SummaryExport: "Sent a message to #general"}}})
	if err := json.Unmarshal([]byte(ok.Payload), &p); err != nil || ok.Name != "actions.run" ||
		p.ID != "slack-send-message" || p.Summary != "Sent a message to #general" || p.Error != "" {
		t.Errorf("a run logs %+v (%+v, %v)", ok, p, err)
	}
	p.Summary = ""
	failed := runEvent(connectui.Run{Component: "slack-create-channel", Err: errors.New("invalid_name: no spaces")})
	if err := json.Unmarshal([]byte(failed.Payload), &p); err != nil || failed.Name != "actions.run failed" ||
		p.ID != "slack-create-channel" || !strings.Contains(p.Error, "invalid_name: no spaces") || p.Summary != "" {
		t.Errorf("a failed run logs %+v (%+v, %v)", failed, p, err)
	}
}

func TestAppPropsChoosesTheAccountForItsAppOnly(t *testing.T) {
	c := connectapi.Component{ConfigurableProps: []connectapi.ConfigurableProp{
		{Name: "slack", Type: connectapi.PropApp, App: "slack"},
		{Name: "github", Type: connectapi.PropApp, App: "github"},
		{Name: "channel", Type: connectapi.PropString},
	}}
	props := appProps(c, connectui.Account{ID: "apn_1", App: connectui.App{NameSlug: "slack"}})
	if id, ok := props.AccountID("slack"); !ok || id != "apn_1" || len(props) != 1 {
		t.Errorf("props %v: want only slack's account apn_1", props)
	}
}

func TestPropsSummaryNamesTheOptionsPicked(t *testing.T) {
	tr := connectapi.DeployedTrigger{
		ConfigurableProps: []connectapi.ConfigurableProp{
			{Name: "slack", Type: connectapi.PropApp, App: "slack"},
			{Name: "conversations", Type: connectapi.PropStringArray, Label: "Channels"},
		},
		ConfiguredProps: connectapi.ConfiguredProps{"conversations": []any{"C1", "C2"}}.SetApp("slack", "apn_1"),
	}
	p := &AutomationsPanel{picked: map[string][]connectapi.PropOption{"conversations": {{Label: "#random", Value: "C1"}}}}
	if got := propsSummary(tr, p.labels); got != "Channels: #random, C2" {
		t.Errorf("summary %q: want the picked option's label, else the value", got)
	}
}
