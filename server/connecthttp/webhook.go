package connecthttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Webhooks makes each Connect token's webhook_uri and authenticates the
// webhooks that arrive at it. The service documents no signature for its
// connection webhooks, so an implementation makes the URI itself
// unforgeable (as [SignedWebhooks] does); one that also checks a
// service signature header, should one be documented, wraps it.
type Webhooks interface {
	// URI is the webhook_uri of a token minted for user at now.
	URI(user string, now time.Time) string
	// Authenticate checks a webhook request (and its body) and returns the
	// external user id it is for, or an error when it is not genuine.
	Authenticate(r *http.Request, body []byte, now time.Time) (user string, err error)
}

// webhookRate is how many genuine webhooks a user may get per minute: far
// more than their flows make, few enough to bound what one user's flood
// costs. It is counted after the URI's MAC is verified, per user: every
// genuine webhook comes from the service's own addresses, which all users
// share.
const webhookRate = 60

// maxLogged bounds each field the webhook log lines repeat from a request.
const maxLogged = 200

// webhook answers POST /connect/webhook: Pipedream's CONNECTION_SUCCESS
// and CONNECTION_ERROR events, at a URI Webhooks made. A genuine event is
// answered 204 and published, once per connect session and event, to its
// user's event streams; anything else gets a 4xx, one short warning line,
// and goes nowhere.
func (a *Handler) webhook(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, code ErrorCode, msg string, attrs ...slog.Attr) {
		a.refusals.warn(r.Context(), "connecthttp: webhook refused: "+msg, append([]slog.Attr{slog.String("from", a.opts.ClientAddress(r))}, attrs...)...)
		writeError(w, status, code, msg)
	}
	if a.opts.Webhooks == nil {
		refuse(http.StatusNotFound, CodeNotFound, "this server sends no webhook URIs")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		refuse(http.StatusRequestEntityTooLarge, CodeBadRequest, "the webhook body is larger than 64 KiB")
		return
	}
	user, err := a.opts.Webhooks.Authenticate(r, body, a.opts.Now())
	if err != nil {
		refuse(http.StatusForbidden, CodeForbidden, "the webhook URI is not genuine", slog.String("err", err.Error()))
		return
	}
	if ok, wait := a.webhooks.Allow(r.Context(), user, a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		refuse(http.StatusTooManyRequests, CodeRateLimited, "too many webhooks for this user", slog.String("user", cut(user)))
		return
	}
	ev, err := decodeEvent(body)
	if err != nil {
		refuse(http.StatusBadRequest, CodeBadRequest, err.Error(), slog.String("user", cut(user)))
		return
	}
	if ev.Account != nil && ev.Account.ExternalID != user {
		refuse(http.StatusForbidden, CodeForbidden, "the webhook's account is not the URI's user", slog.String("user", cut(user)), slog.String("account_user", cut(ev.Account.ExternalID)))
		return
	}
	data, err := json.Marshal(connectionEvent(ev))
	if err != nil {
		a.opts.Logger.Error("connecthttp: webhook: encode the event", "err", err)
		writeError(w, http.StatusInternalServerError, CodeInternal, "could not handle the webhook")
		return
	}
	// Per user too: nobody's own genuine URI can spend another user's key.
	once := user + "\x00" + strconv.FormatInt(ev.ConnectSessionID, 10) + ":" + ev.Event
	fresh, err := a.opts.Events.Publish(r.Context(), user, Event{Type: connectapi.EventConnection, Data: data}, once)
	if err != nil {
		// The hub degrades by itself; the page refreshes on its own then.
		a.opts.Logger.Warn("connecthttp: webhook: publish", "err", err)
	}
	attrs := []slog.Attr{slog.String("event", ev.Event), slog.String("user", cut(user)), slog.Int64("connect_session_id", ev.ConnectSessionID)}
	if ev.Account != nil {
		attrs = append(attrs, slog.String("account", cut(ev.Account.ID)))
		if ev.Account.App != nil {
			attrs = append(attrs, slog.String("app", cut(ev.Account.App.NameSlug)))
		}
	} else {
		attrs = append(attrs, slog.String("error", cut(ev.Error)))
	}
	if !fresh && err == nil {
		a.opts.Logger.LogAttrs(r.Context(), slog.LevelInfo, "connecthttp: webhook repeated, handled already", attrs...)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a.opts.Logger.LogAttrs(r.Context(), slog.LevelInfo, "connecthttp: webhook", attrs...)
	w.WriteHeader(http.StatusNoContent)
	if a.opts.OnWebhook != nil {
		go a.opts.OnWebhook(context.WithoutCancel(r.Context()), ev)
	}
}

// decodeEvent decodes one Connect event and nothing after it, and checks
// the fields each event must have.
func decodeEvent(body []byte) (pipedream.WebhookEvent, error) {
	var ev pipedream.WebhookEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&ev); err != nil {
		return ev, errors.New("the webhook body is not a Connect event: " + jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return ev, errors.New("the webhook body has data after its JSON object")
	}
	if ev.Account != nil {
		ev.Account.Credentials = nil
	}
	if ev.ConnectToken == "" {
		return ev, errors.New("the webhook has no connect_token")
	}
	if ev.ConnectSessionID == 0 {
		return ev, errors.New("the webhook has no connect_session_id")
	}
	switch ev.Event {
	case pipedream.EventConnectionSuccess:
		if ev.Account == nil || ev.Account.ID == "" {
			return ev, errors.New("a CONNECTION_SUCCESS webhook needs account.id")
		}
	case pipedream.EventConnectionError:
		if ev.Error == "" {
			return ev, errors.New("a CONNECTION_ERROR webhook needs error")
		}
	default:
		return ev, fmt.Errorf("unknown webhook event %q: want CONNECTION_SUCCESS or CONNECTION_ERROR", cut(ev.Event))
	}
	return ev, nil
}

// connection is the data of a connection event on the user's stream: the
// webhook without credentials. ConnectToken is the user's own (spent)
// token, so a page can tell which of its links was used.
type connection struct {
	Event            string             `json:"event"`
	ConnectToken     string             `json:"connect_token"`
	ConnectSessionID int64              `json:"connect_session_id"`
	Account          *pipedream.Account `json:"account,omitempty"`
	Error            string             `json:"error,omitempty"`
}

func connectionEvent(ev pipedream.WebhookEvent) connection {
	return connection{Event: ev.Event, ConnectToken: ev.ConnectToken, ConnectSessionID: ev.ConnectSessionID, Account: ev.Account, Error: cut(ev.Error)}
}

// cut shortens s to maxLogged bytes for a log line or an event.
func cut(s string) string {
	if len(s) <= maxLogged {
		return s
	}
	n := maxLogged
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return "field " + typeErr.Field + " must be " + typeErr.Type.String()
	default:
		return "invalid JSON"
	}
}
