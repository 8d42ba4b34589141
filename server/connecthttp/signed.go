package connecthttp

import (
	"fmt"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
)

// WebhookKeySize is the least size of a SignedWebhooks key, in bytes.
const WebhookKeySize = 32

// SignedWebhooks returns the [Webhooks] of [Config].Webhooks and
// [Config].TriggerWebhooks for a Handler reached at mountURL, its public URL
// with the prefix it is mounted under (https://app.example.com/api). The
// service documents no signature for its connection webhooks, so each URI
// carries its own: the user, and an HMAC-SHA256 of it under key (at least
// WebhookKeySize bytes, secret, the same on every replica). A connection
// webhook's URI also carries an expiry an hour past the token's longest
// life; a trigger's never expires (the trigger lives until deleted), and
// its MAC is domain-separated, so neither URI passes for the other.
func SignedWebhooks(mountURL string, key []byte) (connections, triggers Webhooks, err error) {
	if len(key) < WebhookKeySize {
		return nil, nil, fmt.Errorf("connecthttp: signed webhooks: a key of %d bytes, want at least %d", len(key), WebhookKeySize)
	}
	base := strings.TrimSuffix(mountURL, "/")
	signer, err := webhookuri.New(base+"/connect/webhook", key)
	if err != nil {
		return nil, nil, fmt.Errorf("connecthttp: signed webhooks: %w", err)
	}
	standing, err := signer.Standing(base + "/connect/trigger-events")
	if err != nil {
		return nil, nil, fmt.Errorf("connecthttp: signed webhooks: %w", err)
	}
	return signer, standing, nil
}
