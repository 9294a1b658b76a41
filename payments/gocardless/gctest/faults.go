package gctest

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// Fault makes the fake misbehave for matching API requests, to exercise
// the client's retries.
type Fault struct {
	// Method and Path select requests ("" matches any method; Path matches
	// exactly, or as a prefix when it ends in "/").
	Method, Path string
	// Times is how many matching requests fail (1 if 0).
	Times int
	// Status is the answer (500 if 0), with GoCardless's error body.
	Status int
	// AfterHandling processes the request normally first and then answers
	// with the fault instead: a response lost after the work was done.
	AfterHandling bool
	// Abort drops the connection without any answer (a network error).
	Abort bool
}

// InjectFault arms f. Faults are checked in the order they were added.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault returns (and uses up one go of) the first fault matching r.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Method != "" && f.Method != r.Method {
			continue
		}
		if f.Path != "" && f.Path != r.URL.Path && !(strings.HasSuffix(f.Path, "/") && strings.HasPrefix(r.URL.Path, f.Path)) {
			continue
		}
		f.Times--
		if f.Times == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		c := *f
		return &c
	}
	return nil
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault, next http.Handler) {
	if f.AfterHandling && s.checkHeaders(httptest.NewRecorder(), r) {
		next.ServeHTTP(httptest.NewRecorder(), r)
	}
	if f.Abort {
		panic(http.ErrAbortHandler)
	}
	typ, msg := "gocardless", "Uh-oh! Something went wrong at GoCardless; please try again"
	if f.Status < 500 {
		typ, msg = "invalid_api_usage", http.StatusText(f.Status)
	}
	writeError(w, f.Status, typ, msg, apiErr{Reason: "internal_error", Message: msg})
}
