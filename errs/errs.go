// Package errs is the small error vocabulary shared by the domain packages
// and the central HTTP error handler: a code that decides the status, and a
// message that is safe to show the person who made the request.
package errs

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Code classifies an error for the person who sees it.
type Code string

// The codes. Anything not wrapped in an *Error is Internal.
const (
	Invalid      Code = "invalid"      // 422: the input can be corrected
	NotFound     Code = "not_found"    // 404
	Forbidden    Code = "forbidden"    // 403
	Unauthorized Code = "unauthorized" // 401: sign in first
	Conflict     Code = "conflict"     // 409
	TooMany      Code = "too_many"     // 429
	Unavailable  Code = "unavailable"  // 503
	Internal     Code = "internal"     // 500: logged, never shown
)

// Error is a domain error with a client-safe message. Fields, when set, map
// form field names to messages shown next to those fields.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	Err     error // the cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// E returns an error with the given code and client-safe message.
func E(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Wrap returns an error with code and message whose cause is err.
func Wrap(code Code, msg string, err error) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Fields collects per-field validation messages.
type Fields map[string]string

// Add records msg for field, keeping the first message given for a field.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Text checks a text field already tidied: when it is empty, the message
// missing (none when missing is ""); when it has more than max characters,
// "Keep the <what> to <max> characters or fewer.".
func (f Fields) Text(field, value string, max int, what, missing string) {
	switch {
	case value == "":
		if missing != "" {
			f.Add(field, missing)
		}
	case utf8.RuneCountInString(value) > max:
		f.Add(field, fmt.Sprintf("Keep the %s to %d characters or fewer.", what, max))
	}
}

// Err returns nil when there are no messages, else an Invalid error
// carrying them.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "Please correct the highlighted fields.", Fields: f}
}
