//go:build !(js && wasm)

package connect

import "encoding/json"

// decodeToken reads a token response with encoding/json.
func decodeToken(body []byte) (Token, error) {
	var b struct {
		Token          string  `json:"token"`
		ExpiresAt      *string `json:"expires_at"`
		ExpiresAtJS    *string `json:"expiresAt"`
		ConnectLinkURL string  `json:"connect_link_url"`
		ConnectLinkJS  string  `json:"connectLinkUrl"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return Token{}, err
	}
	f := tokenFields{token: b.Token, connectLinkURL: b.ConnectLinkURL, connectLinkJS: b.ConnectLinkJS}
	if b.ExpiresAt != nil {
		f.expiresAt = *b.ExpiresAt
	}
	if b.ExpiresAtJS != nil {
		f.expiresAtJS = *b.ExpiresAtJS
	}
	return f.convert()
}
