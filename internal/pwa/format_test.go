package pwa

import (
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

func TestFormats(t *testing.T) {
	loc := time.FixedZone("X", 2*3600)
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = loc
	at := time.Date(2026, 11, 22, 23, 40, 12, 345e6, time.UTC)
	if got := clock(at); got != "01:40:12.345" {
		t.Errorf("clock = %q", got)
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{4 * time.Hour, "at 05:40 (in about 4 hours)"},
		{3*time.Hour + 40*time.Minute, "at 05:20 (in about 4 hours)"},
		{80 * time.Minute, "at 03:00 (in about an hour)"},
		{59 * time.Minute, "at 02:39 (in 59 minutes)"},
		{time.Minute, "at 01:41 (in 1 minute)"},
		{30 * time.Second, "at 01:40 (in less than a minute)"},
		{-time.Minute, "expired at 01:39"},
	} {
		if got := expiry(at.Add(c.d), at); got != c.want {
			t.Errorf("expiry(+%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	for in, want := range map[string]string{"oauth": "OAuth", "keys": "API key", "none": "No auth", "other": "other", "": ""} {
		if got := authLabel(in); got != want {
			t.Errorf("authLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPayloads(t *testing.T) {
	if got := successPayload("apn_1"); got != `{"id":"apn_1"}` {
		t.Errorf("success payload %s", got)
	}
	if got := errorPayload(&connect.Error{Code: "denied", Message: "access \"denied\""}); got != `{"code":"denied","message":"access \"denied\""}` {
		t.Errorf("error payload %s", got)
	}
	if got := closePayload(connect.CloseStatus{Completed: true}); got != `{"successful":false,"completed":true}` {
		t.Errorf("close payload %s", got)
	}
}

func TestPrettyIndentsJSONOnly(t *testing.T) {
	if got := pretty(`{"a":[1,2]}`); got != "{\n  \"a\": [\n    1,\n    2\n  ]\n}" {
		t.Errorf("pretty(JSON) = %q", got)
	}
	if got := pretty("<html>not json"); got != "<html>not json" {
		t.Errorf("pretty(HTML) = %q", got)
	}
}
