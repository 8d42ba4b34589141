package webhookuri

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/macs"
)

// Standing makes and checks URIs that never expire, for the webhook_url of
// a deployed trigger, which lives until it is deleted. Its MAC is domain
// separated from Signer's, so neither kind of URI passes for the other.
// It implements connecthttp.Webhooks; trigger events also carry their own
// signature (see pipedream.TriggerVerifier), which the URI does not
// replace: it only names the user before anything else is looked up.
type Standing struct {
	base string
	key  *macs.Key
}

// Standing returns the standing URIs at base under s's key.
func (s *Signer) Standing(base string) (*Standing, error) {
	if _, err := url.Parse(base); err != nil {
		return nil, err
	}
	return &Standing{base: base, key: s.key}, nil
}

// URI is the standing URI for user; now plays no part.
func (st *Standing) URI(user string, _ time.Time) string {
	q := url.Values{"user": {user}, "sig": {st.sign(user)}}
	return st.base + "?" + q.Encode()
}

// Authenticate checks the URI a request arrived at and returns its user.
func (st *Standing) Authenticate(r *http.Request, _ []byte, _ time.Time) (string, error) {
	q := r.URL.Query()
	user, sig := q.Get("user"), q.Get("sig")
	if user == "" || sig == "" {
		return "", ErrUnsigned
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	want, _ := base64.RawURLEncoding.DecodeString(st.sign(user))
	if err != nil || !hmac.Equal(got, want) {
		return "", ErrBadSignature
	}
	return user, nil
}

func (st *Standing) sign(user string) string {
	mac := st.key.Sum("pdconnect trigger events v1\x00", user)
	return base64.RawURLEncoding.EncodeToString(mac[:])
}
