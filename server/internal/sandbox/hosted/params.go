package hosted

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
)

// maxParam bounds every query or form value the page reads.
const maxParam = 2048

// params are the flow's state: the page's query, carried from step to
// step in hidden form fields. The token is the credential; nothing else is
// kept on the server.
type params struct {
	Token             string
	App               string // app slug or id
	OAuthAppID        string
	AppOverrideID     string
	AccountID         string // the account to reconnect
	ScopeProfile      string
	HideClose         bool
	CustomOAuthClient bool
	ConnectLink       bool
	Session           int64 // connect_session_id of the webhooks
}

// errNoToken reports a page opened without a token.
var errNoToken = errors.New("the link is incomplete: token is required")

// parseParams reads the flow's state from a query or a posted form. A
// missing or malformed session id starts a new session.
func parseParams(v url.Values) (params, error) {
	var p params
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"token", &p.Token}, {"app", &p.App}, {"oauthAppId", &p.OAuthAppID},
		{"appOverrideId", &p.AppOverrideID}, {"accountId", &p.AccountID},
		{"oauthScopeProfile", &p.ScopeProfile},
	} {
		s := v.Get(f.name)
		if len(s) > maxParam || !utf8.ValidString(s) || hasControl(s) {
			return params{}, fmt.Errorf("the link is malformed: %s is not valid", f.name)
		}
		*f.dst = s
	}
	if p.Token == "" {
		return params{}, errNoToken
	}
	p.HideClose = v.Get("hideClose") == "true"
	p.CustomOAuthClient = v.Get("customOauthClient") == "true"
	p.ConnectLink = v.Get("connectLink") == "true"
	if n, err := strconv.ParseInt(v.Get("session"), 10, 64); err == nil && n > 0 {
		p.Session = n
	} else {
		p.Session = webhook.NewSessionID()
	}
	return p, nil
}

// query is what token validation is asked about.
func (p params) query() validate.Query {
	return validate.Query{AppID: p.App, OAuthAppID: p.OAuthAppID, AccountID: p.AccountID, AppOverrideID: p.AppOverrideID}
}

// hidden is one hidden form field.
type hidden struct{ Name, Value string }

// Hidden returns the state as hidden form fields, leaving out empty ones.
func (p params) Hidden() []hidden {
	var out []hidden
	add := func(name, value string) {
		if value != "" {
			out = append(out, hidden{name, value})
		}
	}
	flag := func(name string, on bool) {
		if on {
			add(name, "true")
		}
	}
	add("token", p.Token)
	add("app", p.App)
	add("oauthAppId", p.OAuthAppID)
	add("appOverrideId", p.AppOverrideID)
	add("accountId", p.AccountID)
	add("oauthScopeProfile", p.ScopeProfile)
	flag("hideClose", p.HideClose)
	flag("customOauthClient", p.CustomOAuthClient)
	flag("connectLink", p.ConnectLink)
	add("session", strconv.FormatInt(p.Session, 10))
	return out
}

// hasControl reports whether s holds control characters.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
