package providers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
	"porch/payments"
)

// refund posts the refund form of a payment as the manager, by htmx.
func (pb *payBook) refund(p payments.Payment, amount, reason string) *httptest.ResponseRecorder {
	return pb.Mgr.Post("/admin/payments/"+p.PublicID+"/refund", url.Values{"amount": {amount}, "reason": {reason}},
		"HX-Request", "true", "HX-Target", "payment")
}

func TestManagerRefundsACardPaymentThroughStripe(t *testing.T) {
	t.Parallel()
	pb, inv, p, at := paidBook(t, webtest.PayOptions{}, "cs_test_manager_refund") // stripe-mock
	path := "/admin/payments/" + p.PublicID

	// The list and the payment's screen, with the refund form.
	d := webtest.Doc(t, pb.Mgr.Get("/admin/payments"))
	if href, _ := d.Find(`a[href="` + path + `"]`).Attr("href"); href != path {
		t.Fatalf("the payments list does not link the payment: %.1500s", d.Find("main").Text())
	}
	d = webtest.Doc(t, pb.Mgr.Get(path))
	if got := d.Find("#payment-refund .hint").First().Text(); got != "Up to £100.00." {
		t.Errorf("refund hint = %q", got)
	}

	// Refusals: a message next to the field, nothing kept, nothing asked.
	journals := pb.Journals()
	for _, tt := range []struct{ amount, reason, field, want string }{
		{"0", "Overpaid", "amount", "Enter an amount greater than zero."},
		{"ten pounds", "Overpaid", "amount", "Enter the amount in pounds and pence, for example 1,234.56."},
		{"100.01", "Overpaid", "amount", "At most £100.00 of this payment can be refunded."},
		{"-5", "Overpaid", "amount", "The amount cannot be negative."},
		{"10.00", "  ", "reason", "Say why the payment is refunded; the payer and the other managers are told."},
	} {
		rec := pb.refund(p, tt.amount, tt.reason)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%q %q: %d, want 422", tt.amount, tt.reason, rec.Code)
			continue
		}
		d := webtest.Doc(t, rec)
		if got := webtest.FieldError(d.Selection, tt.field); got != tt.want {
			t.Errorf("%q %q: %s message %q, want %q", tt.amount, tt.reason, tt.field, got, tt.want)
		}
		if v, _ := d.Find(`input[name="amount"]`).Attr("value"); v != tt.amount {
			t.Errorf("the form lost what was typed: %q", v)
		}
	}
	if n := pb.Count(`SELECT count(*) FROM payment_refunds`); n != 0 || pb.Journals() != journals {
		t.Fatalf("a refused refund left %d requests, journals %d -> %d", n, journals, pb.Journals())
	}

	// £30 refunded: asked of Stripe, pending until Stripe's event.
	rec := pb.refund(p, "30.00", "Overpaid service charge")
	if rec.Code != http.StatusOK {
		t.Fatalf("refund: %d %.800s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if got := d.Find(".refund-list li").Text(); !strings.Contains(got, "£30.00") || !strings.Contains(got, "Waiting for Stripe") ||
		!strings.Contains(got, "Overpaid service charge") || !strings.Contains(got, pb.Ppl.Manager.FullName) {
		t.Errorf("the refund is not shown pending: %q", got)
	}
	var ref, status string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT provider_ref, status FROM payment_refunds`).Scan(&ref, &status); err != nil ||
		!strings.HasPrefix(ref, "re_") || status != payments.RefundPending {
		t.Errorf("refund row %q %q %v", ref, status, err)
	}
	if pb.Journals() != journals || pb.Invoice(t, inv).Outstanding() != 0 {
		t.Error("the request changed the ledger before Stripe's event")
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'payments.refund_requested'`); n != 1 {
		t.Errorf("%d audit entries for the refund, want 1", n)
	}
	// What is asked for counts against what is left.
	if got := webtest.FieldError(webtest.Doc(t, pb.refund(p, "80", "More")).Selection, "amount"); got != "At most £70.00 of this payment can be refunded." {
		t.Errorf("second refund beyond what is left: %q", got)
	}

	// Stripe's event lands it, once.
	refunded := webtest.StripeRefundedBody("evt_mgr_refund", at.Add(time.Minute), p.ProviderPayment, 10000, 3000)
	pb.deliver(t, refunded)
	pb.deliver(t, refunded)
	pb.wantFigures(t, "refund landed", inv, figures{owed: 3000, balance: 3000, clearing: 7000, debtors: 3000})
	d = webtest.Doc(t, pb.Mgr.Get(path))
	if got := d.Find(".refund-list li").Text(); !strings.Contains(got, "Refunded") {
		t.Errorf("the landed refund still shows %q", got)
	}
	if got := d.Find("#payment-refund .hint").First().Text(); got != "Up to £70.00." {
		t.Errorf("refund hint after £30 = %q", got)
	}

	// Without JavaScript the form posts and redirects.
	rec = pb.Mgr.Post(path+"/refund", url.Values{"amount": {"70"}, "reason": {"Sold the flat"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=refund" {
		t.Errorf("plain refund: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if got := webtest.Doc(t, pb.Mgr.Get(path)).Find("#payment-refund").Length(); got != 0 {
		t.Error("a refund is still offered with all of it asked for")
	}
}

func TestRefundsAreForThoseWhoMoveClientMoney(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{NoKeys: true})
	inv := pb.Raise(t, "100")
	// With no webhook secret, the payment is applied as a verified event
	// would be.
	p := pb.openPayment(t, inv, inv.Total, "cs_test_roles")
	ctx := context.Background()
	err := pb.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		_, err := payments.Apply(ctx, tx, pb.F.Clock.Now(), payments.Event{Provider: payments.Stripe, ID: "evt_roles_paid",
			Type: "checkout.session.completed", Created: pb.F.Clock.Now(), PaymentRef: "cs_test_roles", Status: payments.StatusPaid,
			Amount: inv.Total, ProviderPayment: "pi_cs_test_roles", Payload: []byte("{}")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/payments/" + p.PublicID
	for _, role := range []string{estate.StaffRoleStaff, estate.StaffRoleReadOnly} {
		person := pb.F.AddStaffAs("acme", "Sam "+role, role+"@example.com", role)
		b := pb.F.Browser("acme." + webtest.Base)
		b.SignInAs("acme", person)
		d := webtest.Doc(t, b.Get(path))
		if d.Find("#payment").Length() != 1 || d.Find("#payment-refund").Length() != 0 {
			t.Errorf("%s: sees the payment %d, a refund form %d", role, d.Find("#payment").Length(), d.Find("#payment-refund").Length())
		}
		if rec := b.Post(path+"/refund", url.Values{"amount": {"10"}, "reason": {"x"}}); rec.Code != http.StatusForbidden {
			t.Errorf("%s refund: %d, want 403", role, rec.Code)
		}
	}
	// With no Stripe key stored, the manager is told so at the field.
	rec := pb.refund(p, "10", "Overpaid")
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "No Stripe secret key") {
		t.Errorf("refund without a key: %d %q", rec.Code, got)
	}
	if n := pb.Count(`SELECT count(*) FROM payment_refunds`); n != 0 {
		t.Errorf("%d refund requests kept", n)
	}
}

func TestStripeRefusingARefundKeepsNothing(t *testing.T) {
	t.Parallel()
	// Stripe answers every refund with its error for a charge already
	// refunded.
	refusing := webtest.StripeRefusing(t, "charge_already_refunded", "Charge ch_1 has already been refunded.")
	pb, _, p, _ := paidBook(t, webtest.PayOptions{StripeURL: refusing}, "cs_test_refused")
	rec := pb.refund(p, "10", "Overpaid")
	got := webtest.FieldError(webtest.Doc(t, rec).Selection, "amount")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "Charge ch_1 has already been refunded.") {
		t.Errorf("refused refund: %d %q", rec.Code, got)
	}
	if n := pb.Count(`SELECT count(*) FROM payment_refunds`); n != 0 {
		t.Errorf("%d refund requests kept after Stripe refused", n)
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'payments.refund_requested'`); n != 0 {
		t.Errorf("%d audit entries kept after Stripe refused", n)
	}
}
