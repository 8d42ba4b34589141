package connect

// Code says what kind of failure an [*Error] reports.
type Code string

// The codes an [*Error] carries.
const (
	// CodeTokenFetchFailed: the token source failed.
	CodeTokenFetchFailed Code = "token_fetch_failed"
	// CodeTokenExpired: the token source returned a token that had already expired.
	CodeTokenExpired Code = "token_expired"
	// CodeConnectError: the hosted page reported an error.
	CodeConnectError Code = "connect_error"
	// CodeClosed: the user closed the flow without connecting an account
	// (returned by [Client.Connect] only).
	CodeClosed Code = "closed"
	// CodeCancelled: the flow's context ended or [Client.Close] was called.
	CodeCancelled Code = "cancelled"
	// CodeFlowInProgress: the client already has an open flow.
	CodeFlowInProgress Code = "flow_in_progress"
	// CodeIframeLoadFailed: the hosted page's iframe could not be added or loaded.
	CodeIframeLoadFailed Code = "iframe_load_failed"
	// CodeInvalidOptions: the configuration or options are unusable.
	CodeInvalidOptions Code = "invalid_options"
)

// Error is the error type of this package. Callers inspect it with
// errors.As.
type Error struct {
	// Code classifies the failure.
	Code Code
	// Message describes it; for CodeConnectError it is the hosted page's text.
	Message string
	// Err is the underlying error, if any.
	Err error
}

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

func newError(code Code, msg string, err error) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}
