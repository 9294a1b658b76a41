// Package gctest is an in-process fake of the GoCardless Pro API (version
// 2015-07-06) for tests and offline development. It follows the documented
// request and response shapes: envelope-wrapped JSON, bearer auth, the
// GoCardless-Version header, Idempotency-Key handling (a reused key answers
// 409 idempotent_creation_conflict with links.conflicting_resource_id),
// the documented error body, cursor pagination, events for every state
// change, and webhooks signed with HMAC-SHA256 in Webhook-Signature.
//
// Tests drive the parts a real payer, bank or GoCardless would: completing
// a billing request flow, moving payments through their states, making
// payouts, and delivering webhooks (including wrongly signed, duplicated
// and reordered ones). Only the Bacs/GBP subset Porch uses is modelled.
//
// A typical test:
//
//	fake := gctest.New(gctest.Options{})
//	defer fake.Close()
//	fake.SetWebhook(app.URL+"/webhooks/gocardless", secret)
//	client, _ := gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: fake.URL})
//	// ... the app creates a billing request and flow with client ...
//	fake.CompleteFlow(flowID, gctest.Payer{})   // or follow AuthorisationURL in a browser
//	// ... the app creates a payment ...
//	fake.ConfirmPayment(paymentID)
//	fake.PayOut()
//	fake.DeliverPending(ctx, gctest.DeliverOptions{Duplicate: true, Reverse: true})
//
// Lists are newest first. Nothing happens on its own: no clock-driven
// transitions and no automatic webhook delivery, so tests stay
// deterministic and a handler that calls back into the API cannot deadlock.
package gctest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// APIVersion is the only GoCardless-Version the fake accepts.
const APIVersion = "2015-07-06"

// DefaultAccessToken is the token the fake accepts when Options leaves it
// empty.
const DefaultAccessToken = "sandbox_gctest_token"

// Options configures a Server. The zero value works.
type Options struct {
	// AccessToken is the bearer token API calls must carry.
	AccessToken string
	// WebhookURL and WebhookSecret are where and how webhooks are sent;
	// SetWebhook can set them later (once the app under test is listening).
	WebhookURL    string
	WebhookSecret string
	// Now is the fake's clock; time.Now if nil.
	Now func() time.Time
	// FeeTenths returns GoCardless's fee for a payment of amount pence, in
	// tenths of a penny. The default is 1% + 20p, capped at £4.
	FeeTenths func(amount int64) int64
	// CreditorName names the single creditor; "Porch Test Creditor" if empty.
	CreditorName string
}

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	// URL is the API base URL (and the host of the hosted flow pages).
	URL string

	srv  *httptest.Server
	opts Options
	hc   *http.Client

	mu              sync.Mutex
	seq             int
	tag             string
	creditor        *Creditor
	orgID           string
	customers       map[string]*Customer
	bankAccounts    map[string]*CustomerBankAccount
	billingRequests map[string]*BillingRequest
	flows           map[string]*flowState
	mandates        map[string]*Mandate
	payments        map[string]*paymentState
	paymentOrder    []string
	payouts         map[string]*Payout
	payoutOrder     []string
	payoutItems     map[string][]PayoutItem
	pendingDebits   []debit
	events          []*Event
	eventIndex      map[string]int
	delivered       map[string]bool
	idempotency     map[string]string
	faults          []*Fault
	requests        []Request
}

// New starts a fake; stop it with Close.
func New(opts Options) *Server {
	if opts.AccessToken == "" {
		opts.AccessToken = DefaultAccessToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FeeTenths == nil {
		opts.FeeTenths = DefaultFeeTenths
	}
	if opts.CreditorName == "" {
		opts.CreditorName = "Porch Test Creditor"
	}
	s := &Server{
		opts:            opts,
		hc:              &http.Client{Timeout: 30 * time.Second},
		tag:             randomTag(),
		customers:       map[string]*Customer{},
		bankAccounts:    map[string]*CustomerBankAccount{},
		billingRequests: map[string]*BillingRequest{},
		flows:           map[string]*flowState{},
		mandates:        map[string]*Mandate{},
		payments:        map[string]*paymentState{},
		payouts:         map[string]*Payout{},
		payoutItems:     map[string][]PayoutItem{},
		eventIndex:      map[string]int{},
		delivered:       map[string]bool{},
		idempotency:     map[string]string{},
	}
	s.orgID = s.newID("OR")
	s.creditor = &Creditor{
		ID:                 s.newID("CR"),
		CreatedAt:          s.now(),
		Name:               opts.CreditorName,
		CountryCode:        "GB",
		VerificationStatus: "successful",
		Links:              Links{"default_gbp_payout_account": s.newID("BA")},
	}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Creditor returns the fake's single creditor.
func (s *Server) Creditor() Creditor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(*s.creditor)
}

// DefaultFeeTenths is 1% + 20p capped at £4, in tenths of a penny.
func DefaultFeeTenths(amount int64) int64 {
	return min(amount/10+200, 4000)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /billing_requests", s.createBillingRequest)
	mux.HandleFunc("GET /billing_requests/{id}", s.getBillingRequest)
	mux.HandleFunc("POST /billing_request_flows", s.createFlow)
	mux.HandleFunc("GET /mandates/{id}", s.getMandate)
	mux.HandleFunc("POST /payments", s.createPayment)
	mux.HandleFunc("GET /payments", s.listPayments)
	mux.HandleFunc("GET /payments/{id}", s.getPayment)
	mux.HandleFunc("POST /payments/{id}/actions/cancel", s.cancelPayment)
	mux.HandleFunc("GET /events", s.listEvents)
	mux.HandleFunc("GET /events/{id}", s.getEvent)
	mux.HandleFunc("GET /payouts", s.listPayouts)
	mux.HandleFunc("GET /payouts/{id}", s.getPayout)
	mux.HandleFunc("GET /payout_items", s.listPayoutItems)
	mux.HandleFunc("GET /creditors", s.listCreditors)
	mux.HandleFunc("GET /creditors/{id}", s.getCreditor)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "invalid_api_usage", "Resource not found",
			apiErr{Reason: "path_not_found", Message: "The path " + r.URL.Path + " does not exist"})
	})

	pages := http.NewServeMux()
	pages.HandleFunc("GET /flow/{id}", s.flowPage)
	pages.HandleFunc("POST /flow/{id}/complete", s.flowComplete)
	pages.HandleFunc("POST /flow/{id}/exit", s.flowExit)

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/flow/") {
			pages.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			s.mu.Lock()
			s.requests = append(s.requests, Request{
				Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
				IdempotencyKey: r.Header.Get("Idempotency-Key"), Status: rec.status,
			})
			s.mu.Unlock()
		}()
		if f := s.takeFault(r); f != nil {
			s.serveFault(rec, r, f, mux)
			return
		}
		if !s.checkHeaders(rec, r) {
			return
		}
		mux.ServeHTTP(rec, r)
	})
}

// checkHeaders enforces what GoCardless requires of every API request.
func (s *Server) checkHeaders(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	switch {
	case auth == "":
		writeError(w, http.StatusUnauthorized, "invalid_api_usage", "Authorization header is missing",
			apiErr{Reason: "missing_authorization_header", Message: "Authorization header is missing"})
		return false
	case !ok || token != s.opts.AccessToken:
		writeError(w, http.StatusUnauthorized, "invalid_api_usage", "The access token you've used is not valid",
			apiErr{Reason: "access_token_not_found", Message: "The access token you've used is not valid"})
		return false
	}
	switch v := r.Header.Get("GoCardless-Version"); {
	case v == "":
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "GoCardless-Version header is required",
			apiErr{Reason: "missing_version_header", Message: "GoCardless-Version header is required"})
		return false
	case v != APIVersion:
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Version not found",
			apiErr{Reason: "version_not_found", Message: "GoCardless-Version " + v + " is not a valid version"})
		return false
	}
	if r.Method == http.MethodPost && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "invalid_api_usage", "Content-Type must be application/json",
			apiErr{Reason: "invalid_content_type", Message: "Content-Type must be application/json"})
		return false
	}
	return true
}

// Request is one API request the fake received, for assertions.
type Request struct {
	Method, Path, Query string
	IdempotencyKey      string
	Status              int
}

// Requests returns every API request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
