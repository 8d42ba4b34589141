package pipedream

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed trigger event delivery; see the package doc.
const (
	EventIDHeader        = "X-PD-Event-Id"
	EventTimestampHeader = "X-PD-Timestamp"
	EventSignatureHeader = "X-PD-Signature"
)

// Defaults of a [TriggerVerifier].
const (
	DefaultEventTolerance = 5 * time.Minute
	DefaultMaxEventSize   = 1 << 20
)

// Errors of [TriggerVerifier.Verify], for errors.Is. Each means the request
// must be refused (answer 4xx) and its event ignored.
var (
	ErrEventMalformed = errors.New("pipedream: trigger event is malformed")
	ErrEventTooLarge  = errors.New("pipedream: trigger event is too large")
	ErrEventSignature = errors.New("pipedream: trigger event signature does not verify")
	ErrEventStale     = errors.New("pipedream: trigger event timestamp is outside the tolerance")
	ErrEventReplayed  = errors.New("pipedream: trigger event was already received")
)

// TriggerEvent is one event as a deployed trigger's webhook receives it:
// the [EmittedEvent] that ListTriggerEvents also returns, with the trigger
// and the end user it belongs to.
type TriggerEvent struct {
	EmittedEvent
	DeployedTriggerID string `json:"deployed_trigger_id"`
	ExternalUserID    string `json:"external_user_id"`
}

// ReplayGuard remembers the trigger events a receiver has taken, so that a
// replayed delivery is refused. Implementations shared by replicas (Redis
// SET NX with a TTL) make the refusal hold across them.
type ReplayGuard interface {
	// FirstSeen records key and reports whether it was not recorded
	// before. It must remember key for at least ttl.
	FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// TriggerVerifier checks the signed trigger events a webhook receives. Key
// is required; the other fields have defaults.
type TriggerVerifier struct {
	// Key returns the signing keys of the trigger the (not yet verified)
	// event names in DeployedTriggerID: its webhook_signing_key, or more
	// than one while a key is being replaced. An error refuses the event.
	Key func(ctx context.Context, ev TriggerEvent) ([]string, error)
	// Tolerance is how far the signed timestamp may be from now, either
	// way. Default DefaultEventTolerance.
	Tolerance time.Duration
	// MaxSize caps the body in bytes. Default DefaultMaxEventSize.
	MaxSize int64
	// Replays, when set, refuses an event whose trigger and id were seen
	// before; it remembers them for twice the tolerance, past which the
	// timestamp check refuses the replay anyway.
	Replays ReplayGuard
	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// Verify reads r's body and returns its event when the delivery is signed
// with one of the trigger's keys, within the tolerance, and (with Replays)
// not seen before. Its errors match the ErrEvent* values, or wrap Key's or
// Replays' error.
func (v *TriggerVerifier) Verify(r *http.Request) (TriggerEvent, error) {
	var ev TriggerEvent
	if r.Method != http.MethodPost {
		return ev, fmt.Errorf("%w: method %s", ErrEventMalformed, r.Method)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return ev, fmt.Errorf("%w: content type is not application/json", ErrEventMalformed)
	}
	limit := v.MaxSize
	if limit <= 0 {
		limit = DefaultMaxEventSize
	}
	if r.ContentLength > limit {
		return ev, ErrEventTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return ev, fmt.Errorf("%w: read body: %w", ErrEventMalformed, err)
	}
	if int64(len(body)) > limit {
		return ev, ErrEventTooLarge
	}
	id := r.Header.Get(EventIDHeader)
	tsText := r.Header.Get(EventTimestampHeader)
	sigs := r.Header.Get(EventSignatureHeader)
	if id == "" || tsText == "" || sigs == "" {
		return ev, fmt.Errorf("%w: missing %s, %s or %s", ErrEventSignature, EventIDHeader, EventTimestampHeader, EventSignatureHeader)
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return ev, fmt.Errorf("%w: timestamp %q", ErrEventMalformed, tsText)
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		return TriggerEvent{}, fmt.Errorf("%w: %w", ErrEventMalformed, err)
	}
	if ev.ID != id || ev.DeployedTriggerID == "" || len(ev.E) == 0 || ev.E[0] != '{' {
		return TriggerEvent{}, fmt.Errorf("%w: the body's id, deployed_trigger_id or e is missing or differs from the headers", ErrEventMalformed)
	}
	if v.Key == nil {
		return TriggerEvent{}, errors.New("pipedream: TriggerVerifier.Key is not set")
	}
	keys, err := v.Key(r.Context(), ev)
	if err != nil {
		return TriggerEvent{}, fmt.Errorf("pipedream: trigger event key: %w", err)
	}
	if !signatureMatches(keys, id, tsText, body, sigs) {
		return TriggerEvent{}, ErrEventSignature
	}
	tol := v.Tolerance
	if tol <= 0 {
		tol = DefaultEventTolerance
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if d := now().Sub(time.Unix(ts, 0)); d > tol || d < -tol {
		return TriggerEvent{}, ErrEventStale
	}
	if v.Replays != nil {
		first, err := v.Replays.FirstSeen(r.Context(), ev.DeployedTriggerID+"/"+ev.ID, 2*tol)
		if err != nil {
			return TriggerEvent{}, fmt.Errorf("pipedream: trigger event replay check: %w", err)
		}
		if !first {
			return TriggerEvent{}, ErrEventReplayed
		}
	}
	return ev, nil
}

// SignTriggerEvent returns the X-PD-Signature value for a delivery of body
// with event id at ts under key: "v1=" and the hex HMAC-SHA256 of
// id + "." + unix seconds + "." + body. A sender rotating keys sends one
// such value per key, separated by spaces.
func SignTriggerEvent(key, id string, ts time.Time, body []byte) string {
	return "v1=" + hex.EncodeToString(eventMAC(key, id, strconv.FormatInt(ts.Unix(), 10), body))
}

func eventMAC(key, id, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// signatureMatches reports whether any "v1=" signature in header is the
// MAC of the delivery under any non-empty key, in constant time per pair.
func signatureMatches(keys []string, id, ts string, body []byte, header string) bool {
	var sigs [][]byte
	for _, f := range strings.Fields(header) {
		hexSig, ok := strings.CutPrefix(f, "v1=")
		if !ok {
			continue
		}
		if b, err := hex.DecodeString(hexSig); err == nil && len(b) == sha256.Size {
			sigs = append(sigs, b)
		}
		if len(sigs) == 8 {
			break
		}
	}
	ok := false
	for _, k := range keys {
		if k == "" {
			continue
		}
		want := eventMAC(k, id, ts, body)
		for _, s := range sigs {
			if hmac.Equal(want, s) {
				ok = true
			}
		}
	}
	return ok
}
