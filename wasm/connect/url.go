package connect

import (
	"strings"
	"unicode/utf8"
)

// hostedPath is the hosted Connect page under the frontend URL.
const hostedPath = "/_static/connect.html"

// hostedURL is the iframe's src for token tok and options o: the hosted
// page under frontendURL (without a trailing slash) with the official
// client's query, in its order, encoded as URLSearchParams encodes it
// (without a trip to JavaScript: it runs in the click's task).
func hostedURL(frontendURL, tok string, o Options) string {
	params := []struct {
		key, value string
		set        bool
	}{
		{"token", tok, true},
		{"app", o.App, true},
		{"oauthAppId", o.OAuthAppID, o.OAuthAppID != ""},
		{"appOverrideId", o.AppOverrideID, o.AppOverrideID != ""},
		{"accountId", o.AccountID, o.AccountID != ""},
		{"hideClose", "true", o.HideClose},
		{"oauthScopeProfile", o.OAuthScopeProfile, o.OAuthScopeProfile != ""},
		{"customOauthClient", "true", o.CustomOAuthClient},
	}
	var b strings.Builder
	b.WriteString(frontendURL)
	b.WriteString(hostedPath)
	sep := byte('?')
	for _, p := range params {
		if p.set {
			b.WriteByte(sep)
			sep = '&'
			formEncode(&b, p.key)
			b.WriteByte('=')
			formEncode(&b, p.value)
		}
	}
	return b.String()
}

// formEncode writes s as the application/x-www-form-urlencoded serializer
// (URLSearchParams) does: its UTF-8 bytes, with *-._ and ASCII letters and
// digits kept, space as +, and the rest as %XX. An invalid byte counts as
// U+FFFD, as it does once the string has crossed to JavaScript.
func formEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	// The bytes kept as they are, in one write: a token and most slugs are
	// nothing else.
	i := 0
	for i < len(s) && kept(s[i]) {
		i++
	}
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		chunk := s[i : i+n]
		if r == utf8.RuneError && n == 1 {
			chunk = string(utf8.RuneError)
		}
		i += n
		for j := 0; j < len(chunk); j++ {
			switch c := chunk[j]; {
			case kept(c):
				b.WriteByte(c)
			case c == ' ':
				b.WriteByte('+')
			default:
				b.WriteByte('%')
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
		}
	}
}

// kept reports whether the form encoding keeps byte c as it is.
func kept(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '*' || c == '-' || c == '.' || c == '_'
}

// ConnectLinkURL adds the app (and the custom OAuth client, when given) to a
// token's Connect Link ([Token.ConnectLinkURL]), as the docs say:
// &app=slug&oauthAppId=id, replacing any already there and encoded as the
// query of the page a flow opens is.
func ConnectLinkURL(connectLinkURL, app, oauthAppID string) (string, error) {
	if app == "" {
		return "", newError(CodeInvalidOptions, "Connect Link: no app", nil)
	}
	base, fragment, _ := strings.Cut(connectLinkURL, "#")
	base, query, _ := strings.Cut(base, "?")
	rest, ok := strings.CutPrefix(strings.ToLower(base), "https://")
	if !ok {
		rest, ok = strings.CutPrefix(strings.ToLower(base), "http://")
	}
	if host, _, _ := strings.Cut(rest, "/"); !ok || host == "" || strings.ContainsAny(connectLinkURL, " \t\n\\") {
		return "", newError(CodeInvalidOptions, "Connect Link URL "+connectLinkURL+": not an http(s) URL", nil)
	}
	var b strings.Builder
	b.WriteString(base)
	sep := byte('?')
	for _, kv := range strings.Split(query, "&") {
		if k, _, _ := strings.Cut(kv, "="); kv != "" && k != "app" && k != "oauthAppId" {
			b.WriteByte(sep)
			b.WriteString(kv)
			sep = '&'
		}
	}
	for _, p := range [][2]string{{"app", app}, {"oauthAppId", oauthAppID}} {
		if p[1] != "" {
			b.WriteByte(sep)
			b.WriteString(p[0] + "=")
			formEncode(&b, p[1])
			sep = '&'
		}
	}
	if fragment != "" {
		b.WriteString("#" + fragment)
	}
	return b.String(), nil
}
