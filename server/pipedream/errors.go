package pipedream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrInvalidRequest reports arguments the client refuses before sending
// anything, such as a missing external_user_id. Match it with errors.Is.
var ErrInvalidRequest = errors.New("pipedream: invalid request")

// APIError is a non-2xx answer from the Connect API or its token endpoint.
// Use errors.As to inspect it. A refusal by the token endpoint (for
// example 401 for bad client credentials) is an APIError for
// POST /v1/oauth/token that also wraps the *oauth2.RetrieveError.
type APIError struct {
	StatusCode int           // HTTP status
	Code       string        // machine-readable code when the service sent one
	Message    string        // human-readable message, never empty
	RetryAfter time.Duration // from the Retry-After header; zero when absent
	Method     string        // request method
	Path       string        // request path; a Connect token in it is redacted

	err error // underlying cause, when there is one
}

// Error returns "pipedream: METHOD PATH: STATUS [CODE:] MESSAGE".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pipedream: %s %s: %d ", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(e.Code + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the underlying cause, such as an *oauth2.RetrieveError.
func (e *APIError) Unwrap() error { return e.err }

// IsNotFound reports whether err is an *APIError with status 404.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// opError is a failure of one operation ("create token"). Its message
// starts with "pipedream: ", as every error of this package does, and names
// the operation once, however the cause was worded.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string {
	return "pipedream: " + e.op + ": " + strings.TrimPrefix(e.err.Error(), "pipedream: ")
}

func (e *opError) Unwrap() error { return e.err }

// failed wraps err as a failure of op.
func failed(op string, err error) error { return &opError{op: op, err: err} }

// maxErrorMessage bounds the message kept from an error body.
const maxErrorMessage = 512

// parseError builds an APIError from a failed response. It accepts the
// shapes the service and proxies in front of it use: {"error":"msg"},
// {"error":{"code","message"}}, {"message","code"}, OAuth's
// {"error","error_description"}, {"errors":[...]} and plain text.
func parseError(status int, header http.Header, body []byte, now time.Time) *APIError {
	e := &APIError{StatusCode: status}
	e.Code, e.Message = errorFields(body)
	if e.Message == "" {
		e.Message = strings.TrimSpace(string(body))
		if !utf8.ValidString(e.Message) {
			e.Message = strings.ToValidUTF8(e.Message, "\uFFFD")
		}
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if e.Message == "" {
		e.Message = "unexpected status"
	}
	if len(e.Message) > maxErrorMessage {
		e.Message = strings.ToValidUTF8(e.Message[:maxErrorMessage], "") + "..."
	}
	if len(e.Code) > maxErrorMessage {
		e.Code = strings.ToValidUTF8(e.Code[:maxErrorMessage], "")
	}
	if header != nil {
		e.RetryAfter = parseRetryAfter(header.Get("Retry-After"), now)
	}
	return e
}

// errorFields pulls a code and message out of a JSON error body, or
// returns empty strings when the body is not a JSON object.
func errorFields(body []byte) (code, message string) {
	var v struct {
		Error            json.RawMessage `json:"error"`
		ErrorDescription json.RawMessage `json:"error_description"`
		Message          json.RawMessage `json:"message"`
		Code             json.RawMessage `json:"code"`
		Errors           json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	code = scalar(v.Code)
	message = scalar(v.Message)
	switch s := scalar(v.Error); {
	case s != "" && scalar(v.ErrorDescription) != "":
		code, message = s, scalar(v.ErrorDescription)
	case s != "":
		message = s
	default:
		var inner struct {
			Code    json.RawMessage `json:"code"`
			Type    json.RawMessage `json:"type"`
			Message json.RawMessage `json:"message"`
		}
		if json.Unmarshal(v.Error, &inner) == nil {
			code = first(scalar(inner.Code), scalar(inner.Type), code)
			message = first(scalar(inner.Message), message)
		}
	}
	if message == "" {
		message = joinErrors(v.Errors)
	}
	return code, message
}

// joinErrors renders {"errors":["a",{"message":"b"}]} as "a; b".
func joinErrors(raw json.RawMessage) string {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	var msgs []string
	for _, item := range list {
		var obj struct {
			Message json.RawMessage `json:"message"`
		}
		if s := scalar(item); s != "" {
			msgs = append(msgs, s)
		} else if json.Unmarshal(item, &obj) == nil && scalar(obj.Message) != "" {
			msgs = append(msgs, scalar(obj.Message))
		}
	}
	return strings.Join(msgs, "; ")
}

// scalar renders a JSON string, number or boolean as text; anything else
// (absent, null, object, array) is "".
func scalar(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64, bool:
		return strings.TrimSpace(string(raw))
	}
	return ""
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
