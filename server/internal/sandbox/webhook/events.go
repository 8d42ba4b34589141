package webhook

import (
	"crypto/rand"
	"encoding/binary"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Success is the CONNECTION_SUCCESS event for account a, connected with
// connectToken in environment. The account's credentials are left out.
func Success(connectToken, environment string, sessionID int64, a pipedream.Account) pipedream.WebhookEvent {
	a.Credentials = nil
	return pipedream.WebhookEvent{
		Event:            pipedream.EventConnectionSuccess,
		ConnectToken:     connectToken,
		Environment:      pipedream.Environment(environment),
		ConnectSessionID: sessionID,
		Account:          &a,
	}
}

// Failure is the CONNECTION_ERROR event for a flow that ended with msg.
func Failure(connectToken, environment string, sessionID int64, msg string) pipedream.WebhookEvent {
	return pipedream.WebhookEvent{
		Event:            pipedream.EventConnectionError,
		ConnectToken:     connectToken,
		Environment:      pipedream.Environment(environment),
		ConnectSessionID: sessionID,
		Error:            msg,
	}
}

// NewSessionID returns a random positive connect_session_id.
func NewSessionID() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:])>>11) + 1 // below 2^53: exact in JavaScript
}
