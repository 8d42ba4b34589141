package connectui

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// describeValue indents as json.MarshalIndent does, which it does not link.
func TestDescribeValueIndentsAsMarshalIndent(t *testing.T) {
	for _, raw := range []string{
		`{"ts":"1712.5","channel":{"id":"C01","name":"general"},"ok":true}`,
		`[1,2.5,null,"a,b:{c}[d]",{"q":"say \"hi\"\\","e":{},"l":[]}]`,
		`{"nested":[[[]],[{}],{"k":[{"x":-1e+21}]}],"html":"<b>&</b>","u":"é☃"}`,
		`{}`, `[]`, `42`, `true`,
	} {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := describeRaw(json.RawMessage(raw)); got != string(want) {
			t.Errorf("describeRaw(%s) =\n%s\nwant\n%s", raw, got, want)
		}
	}
	if got := describeValue("plain text"); got != "plain text" {
		t.Errorf("a string: %q", got)
	}
}

// sortedKeys orders keys as sort.Strings does.
func TestSortedKeys(t *testing.T) {
	m := map[string]any{}
	for _, k := range []string{"ts", "channel", "", "b", "a", "Z", "ok", "message", "a1", "ä"} {
		m[k] = true
	}
	want := []string{"", "Z", "a", "a1", "b", "channel", "message", "ok", "ts", "ä"}
	if got := sortedKeys(m); !slices.Equal(got, want) {
		t.Errorf("sortedKeys = %q, want %q", got, want)
	}
}

// clock is the time of day as time formats it.
func TestClock(t *testing.T) {
	for _, ms := range []int64{1, 999, 59_999, 3_599_999, 86_399_999, 86_400_000, 1_733_388_245_123, 1_733_443_199_999} {
		want := time.UnixMilli(ms).UTC().Format("15:04:05.000")
		if got := clock(ms); got != want {
			t.Errorf("clock(%d) = %s, want %s", ms, got, want)
		}
	}
}
