package gocardless_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func TestValidationError(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)
	before := len(fake.Requests())
	_, err := c.CreatePayment(ctx, gocardless.PaymentParams{
		Amount: 0, Currency: "GBP", Reference: "FAR-TOO-LONG-REF",
		Links: gocardless.PaymentLinks{Mandate: mandate},
	}, key("pm"))
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.StatusCode != 422 || apiErr.Code != 422 || apiErr.Type != gocardless.ErrorTypeValidationFailed ||
		apiErr.Message != "Validation failed" || apiErr.RequestID == "" || apiErr.DocumentationURL == "" {
		t.Fatalf("error: %+v", apiErr)
	}
	fields := apiErr.FieldErrors()
	if fields["amount"] != "must be greater than or equal to 1" || fields["reference"] == "" {
		t.Fatalf("field errors: %v", fields)
	}
	msg := err.Error()
	for _, want := range []string{"422", "validation_failed", "amount must be greater than or equal to 1", "reference", apiErr.RequestID} {
		if !strings.Contains(msg, want) {
			t.Errorf("Error() = %q lacks %q", msg, want)
		}
	}
	if n := len(fake.Requests()) - before; n != 1 {
		t.Fatalf("a 422 was sent %d times; it must not be retried", n)
	}
	if len(fake.Payments()) != 0 {
		t.Fatal("an invalid payment was created")
	}
}

func TestUnauthorized(t *testing.T) {
	ctx := context.Background()
	fake, _ := setup(t, gctest.Options{AccessToken: "right-token"})
	c := newClient(t, fake.URL, "wrong-token")
	_, err := c.TestConnection(ctx)
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, gocardless.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.StatusCode != 401 || apiErr.Type != gocardless.ErrorTypeInvalidAPIUsage || !apiErr.HasReason("access_token_not_found") {
		t.Fatalf("error: %+v", apiErr)
	}
	if strings.Contains(err.Error(), "wrong-token") {
		t.Fatal("the token leaked into the error")
	}
	if got := len(fake.Requests()); got != 1 {
		t.Fatalf("a 401 was sent %d times", got)
	}

	ok := newClient(t, fake.URL, "right-token")
	cr, err := ok.TestConnection(ctx)
	if err != nil || cr.Name != "Porch Test Creditor" || !strings.HasPrefix(cr.ID, "CR") {
		t.Fatalf("test connection: %+v %v", cr, err)
	}
	got, err := ok.GetCreditor(ctx, cr.ID)
	if err != nil || got.ID != cr.ID || got.VerificationStatus != "successful" {
		t.Fatalf("get creditor: %+v %v", got, err)
	}
}

func TestNotFoundAndVersion(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	_, err := c.GetPayment(ctx, "PM000NOPE")
	if !errors.Is(err, gocardless.ErrNotFound) || errors.Is(err, gocardless.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.GetPayment(ctx, ""); err == nil || errors.Is(err, gocardless.ErrNotFound) {
		t.Fatalf("an empty ID must fail before any request: %v", err)
	}

	old, err := gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: fake.URL, Version: "2014-11-03"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = old.ListCreditors(ctx, gocardless.CreditorListParams{})
	if !hasReason(err, "version_not_found") {
		t.Fatalf("wrong version: %v", err)
	}

	// Headers the fake requires: a raw request without the version header.
	req, _ := http.NewRequest(http.MethodGet, fake.URL+"/creditors", nil)
	req.Header.Set("Authorization", "Bearer "+gctest.DefaultAccessToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("no version header: %d", res.StatusCode)
	}
}

// TestNonJSONError: a proxy's HTML error page still gives an *Error.
func TestNonJSONError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<html>blocked</html>"))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, "t")
	_, err := c.GetMandate(context.Background(), "MD1")
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !errors.Is(err, gocardless.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if err.Error() != "gocardless: 403: Forbidden" {
		t.Fatalf("Error() = %q", err.Error())
	}
}

func TestNewValidatesConfig(t *testing.T) {
	for _, cfg := range []gocardless.Config{
		{Environment: "sandbox"},
		{AccessToken: "t"},
		{AccessToken: "t", Environment: "production"},
		{AccessToken: "t", BaseURL: "ftp://example.com"},
	} {
		if _, err := gocardless.New(cfg); err == nil {
			t.Errorf("New(%v) succeeded", cfg)
		}
	}
	for _, env := range []string{"sandbox", "live"} {
		if _, err := gocardless.New(gocardless.Config{AccessToken: "t", Environment: env}); err != nil {
			t.Errorf("%s: %v", env, err)
		}
	}
}
