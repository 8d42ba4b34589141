//go:build js && wasm

package connect

import (
	"errors"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// decodeToken reads a token response with JSON.parse (see internal/fetch on
// why not encoding/json).
func decodeToken(body []byte) (Token, error) {
	v, err := jsutil.ParseJSON(body)
	if err != nil {
		return Token{}, err
	}
	var f tokenFields
	for _, p := range []struct {
		name string
		to   *string
	}{
		{"token", &f.token}, {"connect_link_url", &f.connectLinkURL}, {"connectLinkUrl", &f.connectLinkJS},
		{"expires_at", &f.expiresAt}, {"expiresAt", &f.expiresAtJS},
	} {
		if x, err := v.Get(p.name); err == nil && !x.IsUndefined() && !x.IsNull() {
			s, ok := jsutil.String(v, p.name)
			if !ok {
				return Token{}, errors.New(p.name + " is not a string")
			}
			*p.to = s
		}
	}
	return f.convert()
}
