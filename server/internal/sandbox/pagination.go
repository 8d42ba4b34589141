package sandbox

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Page sizes of list endpoints: the service returns at most 100 items a page.
const (
	defaultLimit = 100
	maxLimit     = 100
)

// pageQuery is the paging part of a list request.
type pageQuery struct {
	limit         int
	after, before string // decoded cursor keys; "" when absent
}

// errBadCursor reports a cursor the sandbox did not issue.
var errBadCursor = errors.New("invalid cursor")

// readPageQuery parses limit, after and before; kind scopes cursors to one
// list so a cursor of another list is refused.
func readPageQuery(r *http.Request, kind string) (pageQuery, error) {
	q := r.URL.Query()
	p := pageQuery{limit: defaultLimit}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, fmt.Errorf("limit must be a positive integer, got %q", truncate(s, 32))
		}
		p.limit = min(n, maxLimit)
	}
	var err error
	if p.after, err = decodeCursor(kind, q.Get("after")); err != nil {
		return p, fmt.Errorf("after: %w", err)
	}
	if p.before, err = decodeCursor(kind, q.Get("before")); err != nil {
		return p, fmt.Errorf("before: %w", err)
	}
	return p, nil
}

// encodeCursor makes an opaque cursor for a position key in a list.
func encodeCursor(kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + key))
}

// decodeCursor returns the key of a cursor made by encodeCursor, or "" for
// an empty cursor.
func decodeCursor(kind, c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) <= len(kind)+1 || string(b[:len(kind)+1]) != kind+":" {
		return "", errBadCursor
	}
	return string(b[len(kind)+1:]), nil
}

// paginate cuts one page out of items, sorted by cmp's order. cmp(item,
// key) compares an item with a cursor key; keyOf returns an item's key.
// The page holds the first limit items after p.after and before p.before,
// or, with only p.before, the last limit items before it. start_cursor and
// end_cursor are set only when items exist before or after the page.
func paginate[T any](items []T, p pageQuery, cmp func(T, string) int, keyOf func(T) string, kind string) ([]T, pipedream.PageInfo) {
	lo, hi := 0, len(items)
	if p.after != "" {
		for lo < hi && cmp(items[lo], p.after) <= 0 {
			lo++
		}
	}
	if p.before != "" {
		for hi > lo && cmp(items[hi-1], p.before) >= 0 {
			hi--
		}
	}
	if p.before != "" && p.after == "" {
		lo = max(lo, hi-p.limit)
	} else {
		hi = min(hi, lo+p.limit)
	}
	page := items[lo:hi]
	info := pipedream.PageInfo{Count: len(page), TotalCount: len(items)}
	if len(page) > 0 {
		if lo > 0 {
			info.StartCursor = encodeCursor(kind, keyOf(page[0]))
		}
		if hi < len(items) {
			info.EndCursor = encodeCursor(kind, keyOf(page[len(page)-1]))
		}
	}
	return page, info
}

// timeKey is a cursor key ordering items by time, then id.
func timeKey(t time.Time, id string) string {
	return fmt.Sprintf("%020d|%s", t.UnixNano(), id)
}

// compareTimeKey compares an item at time t with id to a timeKey.
func compareTimeKey(t time.Time, id, key string) int {
	nanos, keyID, _ := strings.Cut(key, "|")
	n, _ := strconv.ParseInt(nanos, 10, 64)
	if c := t.Compare(time.Unix(0, n)); c != 0 {
		return c
	}
	return strings.Compare(id, keyID)
}
