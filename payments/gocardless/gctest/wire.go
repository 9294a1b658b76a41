package gctest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// apiErr is one entry of an error body's "errors" list.
type apiErr struct {
	Field          string `json:"field,omitempty"`
	Message        string `json:"message"`
	Reason         string `json:"reason,omitempty"`
	RequestPointer string `json:"request_pointer,omitempty"`
	Links          Links  `json:"links,omitempty"`
}

// writeError writes the documented error envelope.
func writeError(w http.ResponseWriter, status int, typ, message string, errs ...apiErr) {
	if errs == nil {
		errs = []apiErr{}
	}
	reqID := requestID()
	anchor := typ
	if len(errs) > 0 && errs[0].Reason != "" {
		anchor = errs[0].Reason
	}
	w.Header().Set("X-Request-Id", reqID)
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message":           message,
		"documentation_url": "https://developer.gocardless.com/api-reference#" + anchor,
		"type":              typ,
		"request_id":        reqID,
		"code":              status,
		"errors":            errs,
	}})
}

func writeValidation(w http.ResponseWriter, errs ...apiErr) {
	writeError(w, http.StatusUnprocessableEntity, "validation_failed", "Validation failed", errs...)
}

func writeNotFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "invalid_api_usage", "Resource not found",
		apiErr{Reason: "resource_not_found", Message: "Resource not found"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// decodeEnvelope reads {"<key>": {...}} strictly: unknown fields are
// rejected so that a client sending a misspelt field finds out in tests.
func decodeEnvelope(w http.ResponseWriter, r *http.Request, key string, into any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Could not read body",
			apiErr{Reason: "invalid_document_structure", Message: err.Error()})
		return false
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Invalid JSON",
			apiErr{Reason: "invalid_json", Message: err.Error()})
		return false
	}
	raw, ok := env[key]
	if !ok || len(env) != 1 {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Invalid document structure",
			apiErr{Reason: "invalid_document_structure", Message: fmt.Sprintf("the body must be an object with the single key %q", key)})
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Invalid document structure",
			apiErr{Reason: "invalid_document_structure", Message: err.Error()})
		return false
	}
	return true
}

// checkIdempotency answers 409 if key was already used to create a
// resource in collection. Call with s.mu held.
func (s *Server) checkIdempotency(w http.ResponseWriter, collection, key string) bool {
	if key == "" {
		return true
	}
	id, used := s.idempotency[collection+"\x00"+key]
	if !used {
		return true
	}
	writeError(w, http.StatusConflict, "invalid_state", "A resource has already been created with this idempotency key",
		apiErr{
			Reason:  "idempotent_creation_conflict",
			Message: "A resource has already been created with this idempotency key",
			Links:   Links{"conflicting_resource_id": id},
		})
	return false
}

// rememberKey records that key created id. Call with s.mu held.
func (s *Server) rememberKey(collection, key, id string) {
	if key != "" {
		s.idempotency[collection+"\x00"+key] = id
	}
}

// newID returns prefix + a per-server tag + a sequence, e.g. PM7QK2000001A.
// Call with s.mu held (or before the server starts).
func (s *Server) newID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%s%08X", prefix, s.tag, s.seq)
}

func (s *Server) now() string { return s.opts.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

func (s *Server) today() time.Time {
	t := s.opts.Now().UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// addWorkingDays skips weekends (not bank holidays).
func addWorkingDays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			n--
		}
	}
	return d
}

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func randomTag() string {
	b := make([]byte, 4)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func requestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// clone deep-copies a resource for handing outside the lock.
func clone[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
