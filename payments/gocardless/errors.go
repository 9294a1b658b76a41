package gocardless

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Documented error types (the "type" member of the error body).
const (
	ErrorTypeGoCardless       = "gocardless"        // a fault at GoCardless; retrying may work
	ErrorTypeInvalidAPIUsage  = "invalid_api_usage" // the request was malformed or unauthorised
	ErrorTypeInvalidState     = "invalid_state"     // the action is not allowed in the resource's state
	ErrorTypeValidationFailed = "validation_failed" // one or more fields were rejected
)

// ReasonIdempotentCreationConflict is the reason GoCardless gives (with status
// 409) when an Idempotency-Key has already been used to create a resource.
// The existing resource's ID is in links.conflicting_resource_id.
const ReasonIdempotentCreationConflict = "idempotent_creation_conflict"

var (
	// ErrNotFound matches (with errors.Is) an *Error with status 404.
	ErrNotFound = errors.New("gocardless: not found")
	// ErrUnauthorized matches an *Error with status 401 or 403: the access
	// token is wrong, revoked or lacks the permission.
	ErrUnauthorized = errors.New("gocardless: unauthorized")
	// ErrIdempotencyKeyRequired is returned, without any request being sent,
	// by every create call made with an empty idempotency key.
	ErrIdempotencyKeyRequired = errors.New("gocardless: an idempotency key is required for create requests")
)

// Error is an error response from the GoCardless API, parsed from the
// documented body {"error": {"message", "type", "code", "errors", ...}}.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int `json:"-"`
	// Type is one of the ErrorType constants (empty if the body was not the
	// documented JSON, for example an HTML page from a proxy).
	Type    string `json:"type"`
	Code    int    `json:"code"`
	Message string `json:"message"`
	// DocumentationURL points at the API reference for this error.
	DocumentationURL string `json:"documentation_url"`
	// RequestID identifies the request to GoCardless support.
	RequestID string       `json:"request_id"`
	Errors    []FieldError `json:"errors"`
}

// FieldError is one entry of an error's "errors" list. Validation failures
// carry Field and Message; other errors carry a machine-readable Reason.
type FieldError struct {
	Field          string            `json:"field,omitempty"`
	Message        string            `json:"message,omitempty"`
	Reason         string            `json:"reason,omitempty"`
	RequestPointer string            `json:"request_pointer,omitempty"`
	Links          map[string]string `json:"links,omitempty"`
}

// Error reads like "gocardless: 422 validation_failed: Validation failed
// (amount must be greater than or equal to 1) [request OPTEST123]".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gocardless: %d", e.StatusCode)
	if e.Type != "" {
		b.WriteString(" " + e.Type)
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	b.WriteString(": " + msg)
	var details []string
	for _, fe := range e.Errors {
		switch {
		case fe.Field != "" && fe.Message != "":
			details = append(details, fe.Field+" "+fe.Message)
		case fe.Message != "" && fe.Message != e.Message:
			details = append(details, fe.Message)
		case fe.Reason != "":
			details = append(details, fe.Reason)
		}
	}
	if len(details) > 0 {
		b.WriteString(" (" + strings.Join(details, "; ") + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// Is lets callers test errors.Is(err, ErrNotFound) and ErrUnauthorized.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	}
	return false
}

// HasReason reports whether any entry of Errors has the given reason.
func (e *Error) HasReason(reason string) bool {
	for _, fe := range e.Errors {
		if fe.Reason == reason {
			return true
		}
	}
	return false
}

// FieldErrors maps each rejected field to its message, for showing next to
// form fields. Entries without a field are left out.
func (e *Error) FieldErrors() map[string]string {
	m := map[string]string{}
	for _, fe := range e.Errors {
		if fe.Field != "" {
			m[fe.Field] = fe.Message
		}
	}
	return m
}

// ConflictingResourceID returns the ID of the resource an Idempotency-Key was
// already used for, or "" if e is not an idempotent creation conflict.
func (e *Error) ConflictingResourceID() string {
	if e.StatusCode != http.StatusConflict {
		return ""
	}
	for _, fe := range e.Errors {
		if fe.Reason == ReasonIdempotentCreationConflict {
			return fe.Links["conflicting_resource_id"]
		}
	}
	return ""
}

// Retryable reports whether sending the same request again may succeed:
// GoCardless-side faults (5xx) and rate limiting (429).
func (e *Error) Retryable() bool {
	return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
}

// parseError builds an *Error from a non-2xx response. A body that is not
// the documented envelope still yields an *Error carrying the status, so
// callers can always rely on errors.As.
func parseError(status int, body []byte) *Error {
	var env struct {
		Error *Error `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err == nil && env.Error != nil {
		env.Error.StatusCode = status
		return env.Error
	}
	return &Error{StatusCode: status, Code: status, Message: http.StatusText(status)}
}
