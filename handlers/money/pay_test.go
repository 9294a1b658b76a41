package money_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"porch/internal/stripemock"
	"porch/internal/webtest"
	"porch/payments"
)

// stripeRecorder stands between Porch and stripe-mock and keeps what
// Porch asked to create.
type stripeRecorder struct {
	mu       sync.Mutex
	sessions []url.Values
	keys     []string
}

func (r *stripeRecorder) start(t *testing.T) string {
	target, err := url.Parse(stripemock.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method == "POST" && req.URL.Path == "/v1/checkout/sessions" {
			body, _ := io.ReadAll(req.Body)
			form, _ := url.ParseQuery(string(body))
			r.mu.Lock()
			r.sessions, r.keys = append(r.sessions, form), append(r.keys, req.Header.Get("Idempotency-Key"))
			r.mu.Unlock()
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// seen returns the sessions asked for and their idempotency keys.
func (r *stripeRecorder) seen() ([]url.Values, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sessions), slices.Clone(r.keys)
}

func TestPayByCardCreatesCheckoutSession(t *testing.T) {
	t.Parallel()
	var stripe stripeRecorder
	pb := webtest.NewPayBook(t, webtest.PayOptions{StripeURL: stripe.start(t)})
	inv := pb.Raise(t, "1,000.00")

	// The invoice list offers to pay it.
	d := webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices"))
	if href, _ := d.Find(".money-item-pay a").Attr("href"); href != webtest.InvoicePayPath(inv) {
		t.Fatalf("pay button href = %q, want %q", href, webtest.InvoicePayPath(inv))
	}

	rec := pb.Alice.Get(webtest.InvoicePayPath(inv))
	if rec.Code != http.StatusOK {
		t.Fatalf("pay page: %d %.500s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if got := d.Find(".pay-summary .money-closing dd").Text(); got != "£1,000.00" {
		t.Errorf("outstanding shown = %q", got)
	}
	if d.Find(`input[name="amount"]`).Length() != 0 {
		t.Error("an amount field without part payments")
	}
	if v, _ := d.Find(`input[name="method"]`).Attr("value"); v != "card" {
		t.Errorf("method offered = %q, want card", v)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://checkout.stripe.com") {
		t.Errorf("the pay form may not go to Stripe: %s", csp)
	}

	rec = pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d %s", rec.Code, webtest.Doc(t, rec).Find(".pay-form-error").Text())
	}
	p := pb.Payment(t)
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "https://checkout.stripe.com/") {
		t.Errorf("redirected to %q, not Stripe's page", loc)
	}
	if !strings.HasPrefix(p.ProviderRef, "cs_") || p.Status != payments.StatusOpen || p.Amount != 100000 ||
		p.InvoiceID != inv.ID || p.PersonID != pb.Ppl.Alice.ID || p.Provider != payments.Stripe {
		t.Errorf("payment row = %+v", p)
	}
	// The session is for the outstanding amount, in payment mode, with
	// the payment's own idempotency key and metadata that ties it back.
	sessions, keys := stripe.seen()
	if len(sessions) != 1 {
		t.Fatalf("%d sessions created, want 1", len(sessions))
	}
	sent := sessions[0]
	for k, want := range map[string]string{
		"mode": "payment", "line_items[0][price_data][unit_amount]": "100000", "line_items[0][price_data][currency]": "gbp",
		"success_url":             "http://acme." + webtest.Base + "/money/payments/" + p.PublicID + "/return",
		"cancel_url":              "http://acme." + webtest.Base + webtest.InvoicePayPath(inv) + "?cancelled=1",
		"metadata[porch_org]":     "acme",
		"metadata[porch_unit]":    pb.Ppl.FlatA.PublicID,
		"metadata[porch_invoice]": fmt.Sprint(inv.Number),
		"metadata[porch_payment]": p.PublicID,
		"metadata[porch_person]":  pb.Ppl.Alice.Email,
		"customer_email":          pb.Ppl.Alice.Email,
	} {
		if got := sent.Get(k); got != want {
			t.Errorf("session %s = %q, want %q", k, got, want)
		}
	}
	if keys[0] != p.IdempotencyKey || p.IdempotencyKey == "" {
		t.Errorf("idempotency key sent %q, payment's %q", keys[0], p.IdempotencyKey)
	}
	// Leaving Stripe's page unpaid comes back to the invoice, saying so.
	if d := webtest.Doc(t, pb.Alice.Get(webtest.InvoicePayPath(inv)+"?cancelled=1")); !strings.Contains(d.Find("main .notice").Text(), "nothing was taken") {
		t.Error("no word on coming back from the payment page unpaid")
	}

	// Nothing is received by going to Stripe, nor by coming back.
	rec = pb.Alice.Get("/money/payments/" + p.PublicID + "/return")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Payment processing") {
		t.Fatalf("return page: %d %.800s", rec.Code, rec.Body.String())
	}
	if trig, _ := webtest.Doc(t, rec).Find("#pay-status").Attr("hx-trigger"); trig != "every 2s" {
		t.Errorf("the processing page does not poll: hx-trigger %q", trig)
	}
	if got := pb.Invoice(t, inv); got.Paid != 0 || pb.Balance(t) != 100000 {
		t.Errorf("paid %d, balance %d after the redirect back", got.Paid, pb.Balance(t))
	}

	// htmx gets the invoice list with its attempt shown and a plain post
	// via htmx is told where to go.
	d = webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices"))
	if got := d.Find(".money-item .pay-attempts").Text(); !strings.Contains(got, "£1,000.00 by card") || !strings.Contains(got, "Not completed") {
		t.Errorf("invoice list attempts = %q", got)
	}
	rec = pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}}, "HX-Request", "true", "HX-Target", "pay-form")
	if rec.Code != http.StatusNoContent || !strings.HasPrefix(rec.Header().Get("HX-Redirect"), "https://checkout.stripe.com/") {
		t.Errorf("htmx pay: %d HX-Redirect %q", rec.Code, rec.Header().Get("HX-Redirect"))
	}
	// Each attempt has its own key.
	if _, keys := stripe.seen(); len(keys) != 2 || keys[1] == keys[0] {
		t.Errorf("idempotency keys %q", keys)
	}
}

func TestPayStripeErrorIsShownAndAbandoned(t *testing.T) {
	t.Parallel()
	refusing := webtest.StripeRefusing(t, "parameter_invalid", "Card payments are not enabled for this account.")
	pb := webtest.NewPayBook(t, webtest.PayOptions{StripeURL: refusing})
	inv := pb.Raise(t, "250")
	journals, events := pb.Journals(), pb.Count(`SELECT count(*) FROM provider_events`)
	rec := pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}})
	if rec.Code != http.StatusBadGateway {
		t.Fatalf("pay with Stripe refusing: %d %.600s", rec.Code, rec.Body.String())
	}
	msg := webtest.Doc(t, rec).Find(".pay-form-error").Text()
	if !strings.Contains(msg, "could not be opened") || !strings.Contains(msg, "Card payments are not enabled") || !strings.Contains(msg, "Nothing was taken") {
		t.Errorf("message = %q", msg)
	}
	p := pb.Payment(t)
	if p.Status != payments.StatusFailed || p.ProviderRef != "" || p.Failure == "" {
		t.Errorf("payment after refusal = %+v", p)
	}
	if pb.Journals() != journals || pb.Count(`SELECT count(*) FROM provider_events`) != events || pb.Balance(t) != 25000 {
		t.Error("a refused payment wrote to the ledger or events")
	}
}

func TestPayRefusesBadAmounts(t *testing.T) {
	t.Parallel()
	pb := webtest.NewPayBook(t, webtest.PayOptions{Part: true})
	inv := pb.Raise(t, "500")
	d := webtest.Doc(t, pb.Alice.Get(webtest.InvoicePayPath(inv)))
	if v, _ := d.Find(`input[name="amount"]`).Attr("value"); v != "500.00" {
		t.Errorf("amount field = %q, want the outstanding 500.00", v)
	}
	tests := []struct {
		amount, method, field, want string
	}{
		{"", "card", "amount", "Enter an amount."},
		{"0", "card", "amount", "greater than zero"},
		{"0.00", "card", "amount", "greater than zero"},
		{"-5", "card", "amount", "cannot be negative"},
		{"ten pounds", "card", "amount", "pounds and pence"},
		{"12.345", "card", "amount", "nearest penny"},
		{"500.01", "card", "amount", "at most £500.00, the amount outstanding on this invoice"},
		{"100", "cheque", "method", "Choose how to pay."},
	}
	for _, tt := range tests {
		rec := pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"amount": {tt.amount}, "method": {tt.method}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%q/%q: %d, want 422", tt.amount, tt.method, rec.Code)
			continue
		}
		if got := webtest.FieldError(webtest.Doc(t, rec).Selection, tt.field); !strings.Contains(got, tt.want) {
			t.Errorf("%q/%q: message next to %s = %q, want %q", tt.amount, tt.method, tt.field, got, tt.want)
		}
	}
	// htmx gets only the form back, with the message.
	rec := pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"amount": {"9999"}, "method": {"card"}}, "HX-Request", "true", "HX-Target", "pay-form")
	if rec.Code != http.StatusUnprocessableEntity || strings.Contains(rec.Body.String(), "<html") ||
		webtest.FieldError(webtest.Doc(t, rec).Selection, "amount") == "" {
		t.Errorf("htmx refusal: %d %.400s", rec.Code, rec.Body.String())
	}
	if n := pb.Count(`SELECT count(*) FROM payments`); n != 0 {
		t.Errorf("%d payments created from bad input", n)
	}

	// Towards the account, the limit is the balance; a part amount within
	// it starts a payment without an invoice.
	acct := "/money/units/" + pb.Ppl.FlatA.PublicID + "/pay"
	rec = pb.Alice.Post(acct, url.Values{"amount": {"600"}, "method": {"card"}})
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "owed on your account") {
		t.Errorf("account over-payment: %d %q", rec.Code, got)
	}
	rec = pb.Alice.Post(acct, url.Values{"amount": {"120.50"}, "method": {"card"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("account payment: %d %.500s", rec.Code, rec.Body.String())
	}
	if p := pb.Payment(t); p.Amount != 12050 || p.InvoiceID != 0 || p.UnitID != pb.Ppl.FlatA.ID {
		t.Errorf("account payment row = %+v", p)
	}
}

func TestPayIsOnlyForTheUnitsPeople(t *testing.T) {
	t.Parallel()
	pb := webtest.NewPayBook(t, webtest.PayOptions{Dev: true, NoKeys: true})
	inv := pb.Raise(t, "300")
	if rec := pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d %.500s", rec.Code, rec.Body.String())
	}
	p := pb.Payment(t)
	paths := []struct{ method, path string }{
		{"GET", webtest.InvoicePayPath(inv)},
		{"POST", webtest.InvoicePayPath(inv)},
		{"GET", "/money/units/" + pb.Ppl.FlatA.PublicID + "/pay"},
		{"POST", "/money/units/" + pb.Ppl.FlatA.PublicID + "/pay"},
		{"GET", "/money/payments/" + p.PublicID + "/return"},
		{"GET", "/money/payments/" + p.PublicID + "/test-checkout"},
		{"POST", "/money/payments/" + p.PublicID + "/test-checkout"},
		{"GET", "/money/invoices/nosuchinvoice/pay"},
		{"GET", "/money/payments/nosuchpayment/return"},
	}
	payments0 := pb.Count(`SELECT count(*) FROM payments`)
	for _, pp := range paths {
		var code int
		if pp.method == "GET" {
			code = pb.Bob.Get(pp.path).Code
		} else {
			code = pb.Bob.Post(pp.path, url.Values{"method": {"card"}, "amount": {"1"}, "outcome": {"pay"}}).Code
		}
		if code != http.StatusNotFound {
			t.Errorf("Bob %s %s: %d, want 404", pp.method, pp.path, code)
		}
	}
	if got := pb.Count(`SELECT count(*) FROM payments`); got != payments0 {
		t.Errorf("payments %d -> %d from another flat's resident", payments0, got)
	}
	if pb.PaymentByID(t, p.PublicID).Status != payments.StatusOpen {
		t.Error("another resident settled the payment")
	}
	// Signed out, the pages ask to sign in.
	anon := pb.F.Browser("acme." + webtest.Base)
	if rec := anon.Get(webtest.InvoicePayPath(inv)); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Errorf("anonymous pay page: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}
