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

// TestPropsSummaryNamesTheOptionsPicked: a trigger deployed with the
// options picked kept with their labels shows the labels, as the
// service lists it after a reload; other values show as they are.
func TestPropsSummaryNamesTheOptionsPicked(t *testing.T) {
	configurable := []connectapi.ConfigurableProp{
		{Name: "slack", Type: connectapi.PropApp, App: "slack"},
		{Name: "conversations", Type: connectapi.PropStringArray, Label: "Channels"},
		{Name: "repo", Type: connectapi.PropString, Label: "Repository"},
		{Name: "interval", Type: connectapi.PropInteger},
	}
	chosen := map[string][]connectapi.PropOption{
		"conversations": {{Label: "#random", Value: "C1"}},
		"repo":          {{Label: "ann/site", Value: "r1"}},
	}
	props := connectapi.ConfiguredProps{"conversations": []string{"C1", "C2"}, "repo": "r1", "interval": float64(60)}.SetApp("slack", "apn_1")
	sent := withLabels(props, chosen)
	b, err := json.Marshal(sent)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"conversations":{"__lv":[{"label":"#random","value":"C1"},{"label":"C2","value":"C2"}]},"interval":60,"repo":{"__lv":{"label":"ann/site","value":"r1"}},"slack":{"authProvisionId":"apn_1"}}`
	if string(b) != want {
		t.Errorf("deployed with %s\nwant %s", b, want)
	}
	if _, ok := props["conversations"].([]string); !ok {
		t.Error("withLabels changed the form's props")
	}
	// As the service lists it: decoded from JSON.
	var listed connectapi.ConfiguredProps
	if err := json.Unmarshal(b, &listed); err != nil {
		t.Fatal(err)
	}
	tr := connectapi.DeployedTrigger{ConfigurableProps: configurable, ConfiguredProps: listed}
	if got := propsSummary(tr, nil); got != "Channels: #random, C2 · Repository: ann/site · interval: 60" {
		t.Errorf("summary %q: want the labels deployed, else the values", got)
	}
	tr.ConfiguredProps = props
	if got := propsSummary(tr, nil); got != "Channels: C1, C2 · Repository: r1 · interval: 60" {
		t.Errorf("summary of bare values %q", got)
	}
	// Bare values another client deployed show by the labels looked up.
	if got := propsSummary(tr, map[string]string{"C2": "#proj", "r1": "ann/site"}); got != "Channels: C1, #proj · Repository: ann/site · interval: 60" {
		t.Errorf("summary of bare values with labels looked up %q", got)
	}
	if got := strings.Join(bare(props["conversations"]), " ") + "|" + strings.Join(bare(listed["conversations"]), " "); got != "C1 C2|" {
		t.Errorf("bare values %q, want the bare list's and none of the labeled one's", got)
	}
}
