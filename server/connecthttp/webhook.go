package connecthttp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// webhook answers POST /connect/webhook: Pipedream's CONNECTION_SUCCESS
// and CONNECTION_ERROR events. It checks the body, answers 204 at once and
// hands the event to Options.OnWebhook in the background.
func (a *Handler) webhook(w http.ResponseWriter, r *http.Request) {
	var ev pipedream.WebhookEvent
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(&ev); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "the webhook body is not a Connect event: "+jsonProblem(err))
		return
	}
	if err := checkEvent(ev); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	attrs := []slog.Attr{slog.String("event", ev.Event), slog.String("environment", ev.Environment), slog.Int64("connect_session_id", ev.ConnectSessionID)}
	if ev.Account != nil {
		ev.Account.Credentials = nil
		attrs = append(attrs, slog.String("account", ev.Account.ID), slog.String("external_user_id", ev.Account.ExternalID))
		if ev.Account.App != nil {
			attrs = append(attrs, slog.String("app", ev.Account.App.NameSlug))
		}
	} else {
		attrs = append(attrs, slog.String("error", ev.Error))
	}
	a.opts.Logger.LogAttrs(r.Context(), slog.LevelInfo, "connecthttp: webhook", attrs...)
	w.WriteHeader(http.StatusNoContent)
	if a.opts.OnWebhook != nil {
		go a.opts.OnWebhook(context.WithoutCancel(r.Context()), ev)
	}
}

// checkEvent checks the fields each event must have.
func checkEvent(ev pipedream.WebhookEvent) error {
	if ev.ConnectToken == "" {
		return errors.New("the webhook has no connect_token")
	}
	switch ev.Event {
	case pipedream.EventConnectionSuccess:
		if ev.Account == nil || ev.Account.ID == "" {
			return errors.New("a CONNECTION_SUCCESS webhook needs account.id")
		}
	case pipedream.EventConnectionError:
		if ev.Error == "" {
			return errors.New("a CONNECTION_ERROR webhook needs error")
		}
	default:
		return fmt.Errorf("unknown webhook event %q: want CONNECTION_SUCCESS or CONNECTION_ERROR", ev.Event)
	}
	return nil
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return "larger than 64 KiB"
	case errors.As(err, &typeErr):
		return "field " + typeErr.Field + " must be " + typeErr.Type.String()
	default:
		return "invalid JSON"
	}
}
