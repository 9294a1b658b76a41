package webtest

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/handlers"
	"porch/internal/stripemock"
	"porch/internal/testclock"
	"porch/ledger"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

// The Stripe credentials of the pay tests' organisation.
const (
	TestStripeKey     = "sk_test_51PorchPayTests0123456789"
	TestStripeWebhook = "whsec_porch_pay_tests_secret"
)

// PayBook is the ledger fixture with online payments set up: a manager, a
// client bank account, Alice signed in on her own browser and Bob (who
// holds the other flat) on his.
type PayBook struct {
	*LedgerBook
	Alice, Bob *Browser
}

// PayOptions configure a payBook.
type PayOptions struct {
	StripeURL string // Stripe's API; "" starts stripe-mock
	Dev       bool
	NoKeys    bool // enter no Stripe credentials
	Part      bool // allow part payments
}

func NewPayBook(t *testing.T, o PayOptions) *PayBook {
	t.Helper()
	if o.StripeURL == "" && !o.NoKeys {
		o.StripeURL = stripemock.Start(t)
	}
	f := NewFixture(t, func(cfg *handlers.Config) {
		cfg.Stripe = payments.StripeConfig{BaseURL: o.StripeURL}
		cfg.Dev = o.Dev
	}, Acme)
	lb := &LedgerBook{F: f, Ppl: f.SeedPeople("acme"), Mgr: f.Browser("acme." + Base)}
	lb.Mgr.SignInAs("acme", lb.Ppl.Manager)
	rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {lb.Ppl.FlatA.SitePublicID},
		"name": {"Harbour View client account"}, "sort_code": {"12-34-56"}, "account_number": {"12345678"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add bank account: %d %.500s", rec.Code, rec.Body.String())
	}
	in := payments.SettingsInput{CardEnabled: true, PartPayments: o.Part, GoCardlessEnvironment: "sandbox"}
	if !o.NoKeys {
		in.StripeKey, in.StripeWebhook = TestStripeKey, TestStripeWebhook
	}
	ctx := context.Background()
	err := f.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, Now, f.Cfg.Keys.Secrets, "acme", lb.Ppl.Manager.ID, in)
	})
	if err != nil {
		t.Fatal(err)
	}
	pb := &PayBook{LedgerBook: lb, Alice: f.Browser("acme." + Base), Bob: f.Browser("acme." + Base)}
	pb.Alice.SignInAs("acme", lb.Ppl.Alice)
	pb.Bob.SignInAs("acme", lb.Ppl.Bob)
	return pb
}

// Payment is the newest payment row.
func (pb *PayBook) Payment(t *testing.T) payments.Payment {
	t.Helper()
	var pub string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM payments ORDER BY id DESC LIMIT 1`).Scan(&pub); err != nil {
		t.Fatalf("no payment: %v", err)
	}
	return pb.PaymentByID(t, pub)
}

func (pb *PayBook) PaymentByID(t *testing.T, pub string) payments.Payment {
	t.Helper()
	p, err := payments.Get(context.Background(), pb.F.DB("acme").Read(), pub)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Invoice reads an invoice again.
func (pb *PayBook) Invoice(t *testing.T, inv ledger.Invoice) ledger.Invoice {
	t.Helper()
	got, err := ledger.GetInvoice(context.Background(), pb.F.DB("acme").Read(), inv.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func InvoicePayPath(inv ledger.Invoice) string { return "/money/invoices/" + inv.PublicID + "/pay" }

// The GoCardless webhook secret of the Direct Debit tests' organisation.
const TestGCWebhook = "gc-webhook-endpoint-secret-1"

// DDBook is the ledger fixture with Direct Debit set up against the
// GoCardless fake, whose webhooks reach the app through a real listener:
// a manager, a client bank account, Alice (Flat 1) and Bob (Flat 2) each
// signed in on their own browser.
type DDBook struct {
	*LedgerBook
	Fake       *gctest.Server
	Alice, Bob *Browser
}

func NewDDBook(t *testing.T, enabled bool) *DDBook {
	t.Helper()
	fake := gctest.New(gctest.Options{Now: testclock.Ticking(Now.Add(24 * time.Hour))})
	t.Cleanup(fake.Close)
	f := NewFixture(t, func(cfg *handlers.Config) { cfg.GoCardlessURL = fake.URL }, Acme)
	// GoCardless posts to the organisation's own host.
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Host = "acme." + Base
		f.Echo.ServeHTTP(w, r)
	}))
	t.Cleanup(app.Close)
	fake.SetWebhook(app.URL+"/webhooks/gocardless", TestGCWebhook)

	lb := &LedgerBook{F: f, Ppl: f.SeedPeople("acme"), Mgr: f.Browser("acme." + Base)}
	lb.Mgr.SignInAs("acme", lb.Ppl.Manager)
	rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {lb.Ppl.FlatA.SitePublicID},
		"name": {"Harbour View client account"}, "sort_code": {"12-34-56"}, "account_number": {"12345678"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add bank account: %d %.500s", rec.Code, rec.Body.String())
	}
	ctx := context.Background()
	err := f.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, Now, f.Cfg.Keys.Secrets, "acme", lb.Ppl.Manager.ID, payments.SettingsInput{
			DirectDebitEnabled: enabled, GoCardlessToken: gctest.DefaultAccessToken, GoCardlessEnvironment: "sandbox",
			GoCardlessWebhook: TestGCWebhook})
	})
	if err != nil {
		t.Fatal(err)
	}
	db := &DDBook{LedgerBook: lb, Fake: fake, Alice: f.Browser("acme." + Base), Bob: f.Browser("acme." + Base)}
	db.Alice.SignInAs("acme", lb.Ppl.Alice)
	db.Bob.SignInAs("acme", lb.Ppl.Bob)
	return db
}

func (db *DDBook) DDPath() string { return "/money/units/" + db.Ppl.FlatA.PublicID + "/direct-debit" }

// Deliver sends GoCardless's pending webhooks and expects each answered
// 204.
func (db *DDBook) Deliver(t *testing.T, o gctest.DeliverOptions) {
	t.Helper()
	statuses, err := db.Fake.DeliverPending(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range statuses {
		if st != http.StatusNoContent {
			t.Fatalf("webhook answered %v", statuses)
		}
	}
	if p := db.Fake.Pending(); len(p) != 0 {
		t.Fatalf("events still pending: %v", p)
	}
}

func (db *DDBook) Mandate(t *testing.T) payments.Mandate {
	t.Helper()
	ms, err := payments.MandatesOf(context.Background(), db.F.DB("acme").Read(), db.Ppl.FlatA.ID, db.Ppl.Alice.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("no mandate: %v", err)
	}
	return ms[0]
}

func (db *DDBook) Events() int { return db.Count(`SELECT count(*) FROM provider_events`) }

// SetUpMandate takes Alice through GoCardless's pages and back, and has
// GoCardless activate the mandate and tell Porch.
func (db *DDBook) SetUpMandate(t *testing.T) payments.Mandate {
	t.Helper()
	rec := db.Alice.Get(db.DDPath())
	if rec.Code != http.StatusOK {
		t.Fatalf("direct debit page: %d %.500s", rec.Code, rec.Body.String())
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://pay.gocardless.com") ||
		!strings.Contains(csp, db.Fake.URL) {
		t.Errorf("the page's policy stops the form reaching GoCardless: %s", csp)
	}
	d := Doc(t, rec)
	if d.Find(`form[action="`+db.DDPath()+`"] button`).Length() != 1 {
		t.Fatalf("no set-up button: %.2000s", rec.Body.String())
	}
	rec = db.Alice.Post(db.DDPath(), nil)
	to := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(to, db.Fake.URL+"/flow/BRF") {
		t.Fatalf("set up: %d to %q %.500s", rec.Code, to, rec.Body.String())
	}
	m := db.Mandate(t)
	if m.Status != payments.MandatePending || m.MandateRef != "" {
		t.Fatalf("mandate before the payer finished: %+v", m)
	}
	// The payer's browser on GoCardless's pages.
	gc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := gc.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	page := new(bytes.Buffer)
	page.ReadFrom(res.Body)
	res.Body.Close()
	if !strings.Contains(page.String(), `value="alice@example.com"`) || !strings.Contains(page.String(), `value="Adeyemi"`) {
		t.Errorf("the payer's details were not prefilled: %s", page)
	}
	res, err = gc.PostForm(to+"/complete", url.Values{"account_number_ending": {"42"}, "email": {"alice@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || back.Host != "acme."+Base || back.Path != "/money/direct-debit/return" {
		t.Fatalf("back from GoCardless: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	rec = db.Alice.Get(back.RequestURI())
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Your Direct Debit is set up") ||
		!strings.Contains(body, "BARCLAYS BANK PLC, account ending 42") || !strings.Contains(body, "Being set up") {
		t.Fatalf("return page: %d %.3000s", rec.Code, body)
	}
	m = db.Mandate(t)
	if m.Status != payments.MandatePendingSubmission || !strings.HasPrefix(m.MandateRef, "MD") {
		t.Fatalf("mandate after the return: %+v", m)
	}
	if err := db.Fake.ActivateMandate(m.MandateRef); err != nil {
		t.Fatal(err)
	}
	db.Deliver(t, gctest.DeliverOptions{})
	if m = db.Mandate(t); m.Status != payments.MandateActive {
		t.Fatalf("mandate after the webhooks: %+v", m)
	}
	if !strings.Contains(db.Alice.Get(db.DDPath()).Body.String(), `<span class="badge ok">Active</span>`) {
		t.Error("the page does not show the mandate active")
	}
	return m
}
