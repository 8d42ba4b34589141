package connect

import (
	"errors"
	"fmt"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
)

// ErrorCode says what kind of failure an [*Error] reports.
type ErrorCode string

// The codes an [*Error] carries.
const (
	// CodeTokenFetchFailed: the token source failed.
	CodeTokenFetchFailed ErrorCode = "token_fetch_failed"
	// CodeTokenExpired: the token source returned a token that had already expired.
	CodeTokenExpired ErrorCode = "token_expired"
	// CodeConnectError: the hosted page reported an error.
	CodeConnectError ErrorCode = "connect_error"
	// CodeClosed: the user closed the flow without connecting an account
	// (returned by [Client.Connect] only).
	CodeClosed ErrorCode = "closed"
	// CodeCancelled: the flow's context ended or [Client.Close] was called.
	CodeCancelled ErrorCode = "cancelled"
	// CodeFlowInProgress: the client already has an open flow.
	CodeFlowInProgress ErrorCode = "flow_in_progress"
	// CodeIframeLoadFailed: the hosted page's iframe could not be added or loaded.
	CodeIframeLoadFailed ErrorCode = "iframe_load_failed"
	// CodeInvalidOptions: the configuration or options are unusable.
	CodeInvalidOptions ErrorCode = "invalid_options"
	// CodeUnsupported: the Client was built for a platform other than
	// js/wasm, where there is no browser to show the hosted page in.
	CodeUnsupported ErrorCode = "unsupported"
)

// Error is the error type of this package. Callers inspect it with
// errors.As.
type Error struct {
	// Code classifies the failure.
	Code ErrorCode
	// Message describes it; for CodeConnectError it is the hosted page's text.
	Message string
	// Err is the underlying error, if any.
	Err error
}

// Error returns "connect: CODE[: MESSAGE][: ERR]".
func (e *Error) Error() string {
	s := "connect: " + string(e.Code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func newError(code ErrorCode, msg string, err error) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}

// HTTPError is an error answer of the app's server, such as its token
// endpoint's 429: the status and the body's {"error":{"code","message"}}.
// FetchTokens' errors wrap it; inspect it with errors.As.
type HTTPError struct {
	StatusCode int           // the HTTP status
	Code       string        // the answer's error code, e.g. "rate_limited"; "" when it had none
	Message    string        // the answer's message for people; "" when it had none
	RetryAfter time.Duration // from the Retry-After header; zero when absent
}

// Error returns "HTTP STATUS [CODE][: MESSAGE]".
func (e *HTTPError) Error() string { return (*fetch.StatusError)(e).Error() }

// ErrUnreachable is a request to the app's server that got no answer: the
// browser is offline or the server is down. FetchTokens' errors match it
// with errors.Is then.
var ErrUnreachable = errors.New("the app's server could not be reached")

// publicError gives the errors of internal/fetch in err the shapes callers
// can name: an error answer is an [*HTTPError], no answer matches
// [ErrUnreachable].
func publicError(err error) error {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return (*HTTPError)(se)
	}
	var ne *fetch.NetworkError
	if errors.As(err, &ne) {
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return err
}
