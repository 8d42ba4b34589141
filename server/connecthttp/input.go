package connecthttp

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// What the handlers accept from the browser, checked before any call to
// the Connect API so that a bad value is a 400 saying which, never a 502.
var (
	// accountIDPattern is an account id: apn_... in the service.
	accountIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	// cursorPattern is a page cursor: base64 text in the service, at most
	// maxCursor long.
	cursorPattern = regexp.MustCompile(`^[A-Za-z0-9+/=_.~-]+$`)
)

// maxCursor bounds a page cursor's length.
const maxCursor = 1024

// pathID is the path's id of a kind of thing ("account", "trigger"), or a
// 400 answered.
func pathID(w http.ResponseWriter, r *http.Request, kind string) (string, bool) {
	id := r.PathValue("id")
	if !accountIDPattern.MatchString(id) {
		writeError(w, http.StatusBadRequest, CodeBadRequest,
			fmt.Sprintf("%s id %q is not valid: 1 to 64 letters, digits, _ or -", kind, truncate(id, 64)))
		return "", false
	}
	return id, true
}

// checkCursor accepts an empty cursor or one shaped like the service's.
func checkCursor(name, c string) error {
	if c != "" && (len(c) > maxCursor || !cursorPattern.MatchString(c)) {
		return fmt.Errorf("%s %q is not a cursor: pass a page_info.end_cursor of an earlier page", name, truncate(c, 64))
	}
	return nil
}

// checkOrigin accepts a serialized origin, scheme://host[:port], with an
// http(s) scheme and nothing after it.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Scheme+"://"+u.Host != o {
		return fmt.Errorf("the Origin header %q is not an origin: scheme://host[:port], with no path", truncate(o, 100))
	}
	return nil
}
