// Package webhookuri makes the webhook_uri of each Connect token
// unforgeable. The service documents no signature for its connection
// webhooks, so the URI carries one: the external user id, an expiry past
// the token's, and an HMAC-SHA256 of both under a server key. A webhook
// that arrives at a URI this package signed, before its expiry, is for that
// user; anything else is a forgery.
package webhookuri

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/macs"
)

// Lifetime is how long a URI is honoured after it is made: the service's
// longest-lived token (4 h) and an hour for its delivery retries.
const Lifetime = 5 * time.Hour

// KeySize is the least key size, in bytes.
const KeySize = 32

// Errors of Verify, for the receiver's log line.
var (
	ErrUnsigned     = errors.New("webhookuri: the URI carries no user, expiry or signature")
	ErrBadSignature = errors.New("webhookuri: the URI's signature does not verify")
	ErrExpired      = errors.New("webhookuri: the URI has expired")
)

// Signer makes and checks signed webhook URIs under one key.
type Signer struct {
	base string
	key  *macs.Key
}

// New returns a Signer of URIs at base (the receiving endpoint, such as
// https://app.example.com/api/connect/webhook) under key, of at least
// KeySize bytes.
func New(base string, key []byte) (*Signer, error) {
	if len(key) < KeySize {
		return nil, fmt.Errorf("webhookuri: key of %d bytes, want at least %d", len(key), KeySize)
	}
	if _, err := url.Parse(base); err != nil {
		return nil, fmt.Errorf("webhookuri: base: %w", err)
	}
	return &Signer{base: base, key: macs.New(key)}, nil
}

// DeriveKey derives a webhook key from another secret (the session key),
// for servers configured with no WEBHOOK_SECRET: knowing one key never
// tells the other.
func DeriveKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("pdconnect webhook uri key v1"))
	return m.Sum(nil)
}

// URI is the webhook_uri for a token minted for user at now.
func (s *Signer) URI(user string, now time.Time) string {
	exp := strconv.FormatInt(now.Add(Lifetime).Unix(), 10)
	// As url.Values{"user", "exp", "sig"}.Encode() writes it, without its
	// map and sort: exp's digits and sig's base64url need no escaping.
	return s.base + "?exp=" + exp + "&sig=" + s.sign(user, exp) + "&user=" + url.QueryEscape(user)
}

// Verify checks the query of a URI made by URI and returns its user.
func (s *Signer) Verify(q url.Values, now time.Time) (user string, err error) {
	user, exp, sig := q.Get("user"), q.Get("exp"), q.Get("sig")
	if user == "" || exp == "" || sig == "" {
		return "", ErrUnsigned
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	want, _ := base64.RawURLEncoding.DecodeString(s.sign(user, exp))
	if err != nil || !hmac.Equal(got, want) {
		return "", ErrBadSignature
	}
	secs, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !now.Before(time.Unix(secs, 0)) {
		return "", ErrExpired
	}
	return user, nil
}

// Authenticate verifies the URI a webhook request arrived at: the
// connecthttp.Webhooks contract. The body plays no part, as the service
// signs nothing; a check of a future service signature header would wrap
// this one and read it.
func (s *Signer) Authenticate(r *http.Request, _ []byte, now time.Time) (string, error) {
	return s.Verify(r.URL.Query(), now)
}

// sign is the MAC of user and exp, base64url.
func (s *Signer) sign(user, exp string) string {
	mac := s.key.Sum("pdconnect webhook v1\x00", user, "\x00", exp)
	return base64.RawURLEncoding.EncodeToString(mac[:])
}
