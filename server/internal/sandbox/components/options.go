package components

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// optionsPage is how many remote options one configure call returns.
const optionsPage = 50

// pageOptions cuts page c.Page, of size options, starting at the offset
// in c.Prev's cursor, out of the options matching c.Query; the context carries the next cursor, and is
// nil after the last page.
func pageOptions(c *Call, all []pipedream.PropOption, size int) pipedream.ConfigurePropResult {
	q := strings.ToLower(strings.TrimSpace(c.Query))
	var match []pipedream.PropOption
	for _, o := range all {
		if q == "" || strings.Contains(strings.ToLower(o.Label), q) || strings.Contains(strings.ToLower(fmt.Sprint(o.Value)), q) {
			match = append(match, o)
		}
	}
	start := 0
	if c.Page > 0 {
		if cur, ok := c.Prev["cursor"].(string); ok {
			start, _ = strconv.Atoi(cur)
		} else {
			start = c.Page * size
		}
	}
	start = min(max(start, 0), len(match))
	end := min(start+size, len(match))
	res := pipedream.ConfigurePropResult{Options: match[start:end]}
	if end < len(match) {
		res.Context = map[string]any{"cursor": strconv.Itoa(end)}
	}
	return res
}
