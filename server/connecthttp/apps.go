package connecthttp

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Bounds of an app search.
const (
	maxQuery     = 100
	defaultLimit = 20
	maxLimit     = 100 // the largest page the Connect API returns
)

// listApps answers GET /connect/apps?q=&limit=&after=: one page of the
// catalog, as the Connect API returns it; has_actions=true,
// has_triggers=true or has_components=true keep the apps with such
// components.
func (a *Handler) listApps(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.user(w, r); !ok {
		return
	}
	v := r.URL.Query()
	q := pipedream.AppsQuery{Q: v.Get("q"), After: v.Get("after"), Limit: defaultLimit}
	if n := utf8.RuneCountInString(q.Q); n > maxQuery {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "q has "+strconv.Itoa(n)+" characters; at most "+strconv.Itoa(maxQuery)+" allowed")
		return
	}
	if err := checkCursor("after", q.After); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "limit must be a whole number from 1 to "+strconv.Itoa(maxLimit))
			return
		}
		q.Limit = n
	}
	for key, has := range map[string]*bool{"has_components": &q.HasComponents, "has_actions": &q.HasActions, "has_triggers": &q.HasTriggers} {
		switch s := v.Get(key); s {
		case "", "false":
		case "true":
			*has = true
		default:
			writeError(w, http.StatusBadRequest, CodeBadRequest, key+" must be true or false")
			return
		}
	}
	list, err := a.opts.Connect.ListApps(r.Context(), q)
	if err != nil {
		a.upstreamError(w, r, "search apps", err)
		return
	}
	if list.Data == nil {
		list.Data = []pipedream.App{}
	}
	jsonhttp.Write(w, http.StatusOK, list)
}
