package gocardless_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/internal/testclock"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

// TestMandateFlow walks the billing request journey the way a resident's
// browser does: create, redirect to the hosted page, confirm, come back.
func TestMandateFlow(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})

	br, err := c.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
		MandateRequest: &gocardless.MandateRequestParams{Scheme: gocardless.SchemeBacs, Currency: gocardless.GBP},
		Metadata:       gocardless.Metadata{"org": "acme", "person": "P42"},
	}, key("br"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(br.ID, "BRQ") || br.Status != gocardless.BillingRequestPending ||
		br.MandateRequest == nil || br.MandateRequest.Scheme != "bacs" || br.MandateRequest.Currency != "GBP" ||
		br.Metadata["org"] != "acme" || br.Links.Customer == "" || br.CreatedAt.IsZero() {
		t.Fatalf("billing request: %+v", br)
	}

	flow, err := c.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{
		RedirectURI:       "https://acme.example/dd/return?brq=" + br.ID,
		ExitURI:           "https://acme.example/dd/exit",
		PrefilledCustomer: &gocardless.PrefilledCustomer{GivenName: "Ada", FamilyName: "Lovelace", Email: "ada@example.com"},
		Links:             gocardless.BillingRequestFlowLinks{BillingRequest: br.ID},
	}, key("brf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(flow.ID, "BRF") || !strings.HasPrefix(flow.AuthorisationURL, fake.URL+"/") ||
		flow.Links.BillingRequest != br.ID || flow.ExpiresAt.Before(flow.CreatedAt) {
		t.Fatalf("flow: %+v", flow)
	}

	// The payer's browser: open the hosted page, submit it, get redirected.
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := browser.Get(flow.AuthorisationURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), `value="Ada"`) {
		t.Fatalf("hosted page %d: %s", res.StatusCode, page)
	}
	res, err = browser.PostForm(flow.AuthorisationURL+"/complete", url.Values{"account_number_ending": {"42"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != flow.RedirectURI {
		t.Fatalf("complete: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	br, err = c.GetBillingRequest(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	mandateID := br.Links.MandateRequestMandate
	if br.Status != gocardless.BillingRequestFulfilled || !strings.HasPrefix(mandateID, "MD") ||
		br.MandateRequest.Links.Mandate != mandateID {
		t.Fatalf("after the flow: %+v", br)
	}
	if cu, ba := br.Resources.Customer, br.Resources.CustomerBankAccount; cu == nil || cu.GivenName != "Ada" ||
		cu.Email != "ada@example.com" || ba == nil || ba.AccountNumberEnding != "42" || !strings.HasPrefix(ba.ID, "BA") {
		t.Fatalf("resources: %+v", br.Resources)
	}
	m, err := c.GetMandate(ctx, mandateID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != gocardless.MandatePendingSubmission || m.Scheme != "bacs" || m.Links.Customer != br.Links.Customer ||
		m.NextPossibleChargeDate == "" || m.Reference == "" {
		t.Fatalf("mandate: %+v", m)
	}

	// The same flow cannot be completed twice.
	if _, err := fake.CompleteFlow(flow.ID, gctest.Payer{}); !errors.Is(err, gctest.ErrFlow) {
		t.Fatalf("second completion: %v", err)
	}

	if err := fake.ActivateMandate(mandateID); err != nil {
		t.Fatal(err)
	}
	if m, _ = c.GetMandate(ctx, mandateID); m.Status != gocardless.MandateActive {
		t.Fatalf("mandate after activation: %s", m.Status)
	}

	page1, err := c.ListEvents(ctx, gocardless.EventListParams{ResourceType: gocardless.ResourceBillingRequests, BillingRequest: br.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := actions(page1.Items)
	slices.Reverse(got)
	want := []string{"billing_requests.created", "billing_requests.flow_created", "billing_requests.collect_customer_details",
		"billing_requests.collect_bank_account", "billing_requests.payer_details_confirmed", "billing_requests.fulfilled"}
	if !slices.Equal(got, want) {
		t.Fatalf("billing request events:\n got %v\nwant %v", got, want)
	}
	fulfilled := page1.Items[0]
	if fulfilled.Links.MandateRequestMandate != mandateID || fulfilled.ResourceMetadata["org"] != "acme" {
		t.Fatalf("fulfilled event: %+v", fulfilled)
	}
	mev, err := c.ListEvents(ctx, gocardless.EventListParams{Mandate: mandateID, ResourceType: gocardless.ResourceMandates, Include: "mandate"})
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(mev.Items); !slices.Equal(got, []string{"mandates.active", "mandates.submitted", "mandates.created"}) {
		t.Fatalf("mandate events: %v", got)
	}
	if mev.Linked == nil || len(mev.Linked.Mandates) != 1 || mev.Linked.Mandates[0].Status != gocardless.MandateActive {
		t.Fatalf("linked mandates: %+v", mev.Linked)
	}
}

func TestFlowExit(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	br, err := c.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
		MandateRequest: &gocardless.MandateRequestParams{Currency: gocardless.GBP},
	}, key("br"))
	if err != nil {
		t.Fatal(err)
	}
	flow, err := c.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{
		RedirectURI: "https://acme.example/ok", ExitURI: "https://acme.example/exit",
		Links: gocardless.BillingRequestFlowLinks{BillingRequest: br.ID},
	}, key("brf"))
	if err != nil {
		t.Fatal(err)
	}
	to, err := fake.ExitFlow(flow.ID)
	if err != nil || to != "https://acme.example/exit" {
		t.Fatalf("exit: %q %v", to, err)
	}
	if br, _ = c.GetBillingRequest(ctx, br.ID); br.Status != gocardless.BillingRequestPending || br.Links.MandateRequestMandate != "" {
		t.Fatalf("after exit: %+v", br)
	}
}

// TestPaymentLifecycle takes one payment through every state the app
// shows, with its events, a payout with fees, and a late failure.
func TestPaymentLifecycle(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // a Monday
	fake, c := setup(t, gctest.Options{Now: clk.Now})
	mandate := setUpMandate(t, ctx, c, fake)

	p, err := c.CreatePayment(ctx, gocardless.PaymentParams{
		Amount:      12345,
		Currency:    gocardless.GBP,
		Reference:   "INV1042",
		Description: "Service charge Q2",
		Metadata:    gocardless.Metadata{"invoice": "1042", "unit": "U7"},
		Links:       gocardless.PaymentLinks{Mandate: mandate},
	}, key("pm"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ID, "PM") || p.Status != gocardless.PaymentPendingSubmission || p.Amount != 12345 ||
		p.ChargeDate != "2026-03-05" || p.Links.Mandate != mandate || p.Metadata["invoice"] != "1042" || p.Reference != "INV1042" {
		t.Fatalf("payment: %+v", p)
	}

	status := func() string {
		t.Helper()
		got, err := c.GetPayment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	if err := fake.SubmitPayment(p.ID); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != gocardless.PaymentSubmitted {
		t.Fatalf("after submit: %s", s)
	}
	if err := fake.ConfirmPayment(p.ID); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != gocardless.PaymentConfirmed {
		t.Fatalf("after confirm: %s", s)
	}
	if _, err := c.CancelPayment(ctx, p.ID, nil); !hasReason(err, "cancellation_failed") {
		t.Fatalf("cancelling a confirmed payment: %v", err)
	}

	payoutID, err := fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != gocardless.PaymentPaidOut || got.Links.Payout != payoutID {
		t.Fatalf("after payout: %+v", got)
	}
	po, err := c.GetPayout(ctx, payoutID)
	if err != nil {
		t.Fatal(err)
	}
	// 1% + 20p = 123.45p + 20p -> 143.4p in tenths; the payout rounds the total.
	if po.Status != gocardless.PayoutPaid || po.DeductedFees != 143 || po.Amount != 12345-143 || po.Currency != "GBP" {
		t.Fatalf("payout: %+v", po)
	}
	items, err := c.ListPayoutItems(ctx, gocardless.PayoutItemListParams{Payout: payoutID})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	var fee string
	for _, it := range items.Items {
		n, err := it.Tenths()
		if err != nil {
			t.Fatal(err)
		}
		total += n
		if it.Type == gocardless.PayoutItemGoCardlessFee {
			fee = it.Amount
		}
	}
	if len(items.Items) != 2 || items.Items[0].Type != gocardless.PayoutItemPaymentPaidOut || items.Items[0].Amount != "12345.0" ||
		items.Items[0].Links.Payment != p.ID || fee != "-143.4" || (total+5)/10 != po.Amount {
		t.Fatalf("payout items: %+v (total %d tenths)", items.Items, total)
	}
	pos, err := c.ListPayouts(ctx, gocardless.PayoutListParams{Status: gocardless.PayoutPaid})
	if err != nil || len(pos.Items) != 1 || pos.Items[0].ID != payoutID {
		t.Fatalf("list payouts: %+v %v", pos, err)
	}

	// A late failure after the money was paid out, settled on the next payout.
	if err := fake.LateFailPayment(p.ID); err != nil {
		t.Fatal(err)
	}
	second, err := fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	evs, err := c.ListEvents(ctx, gocardless.EventListParams{ResourceType: gocardless.ResourcePayments, Payment: p.ID, Include: "payment"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"payments.late_failure_settled", "payments.failed", "payments.paid_out", "payments.confirmed", "payments.submitted", "payments.created"}
	if got := actions(evs.Items); !slices.Equal(got, want) {
		t.Fatalf("payment events:\n got %v\nwant %v", got, want)
	}
	failed := evs.Items[1]
	if failed.Details.Origin != "bank" || failed.Details.Cause == "" || failed.Details.Scheme != "bacs" ||
		failed.ResourceMetadata["invoice"] != "1042" || evs.Items[0].Links.Payout != second || evs.Items[2].Links.Payout != payoutID {
		t.Fatalf("events: %+v", evs.Items)
	}
	if evs.Linked == nil || len(evs.Linked.Payments) != 1 || evs.Linked.Payments[0].Status != gocardless.PaymentFailed {
		t.Fatalf("linked: %+v", evs.Linked)
	}
	debit, _ := c.ListPayoutItems(ctx, gocardless.PayoutItemListParams{Payout: second})
	if len(debit.Items) != 1 || debit.Items[0].Type != gocardless.PayoutItemPaymentFailed || debit.Items[0].Amount != "-12345.0" {
		t.Fatalf("late failure debit: %+v", debit.Items)
	}
}

func TestChargebackAndCancel(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)

	kept := createPayment(t, ctx, c, mandate, 5000)
	disputed := createPayment(t, ctx, c, mandate, 2000)
	for _, id := range []string{kept.ID, disputed.ID} {
		if err := fake.ConfirmPayment(id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fake.PayOut(); err != nil {
		t.Fatal(err)
	}
	if err := fake.ChargeBackPayment(disputed.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.GetPayment(ctx, disputed.ID); p.Status != gocardless.PaymentChargedBack {
		t.Fatalf("charged back: %+v", p)
	}
	poID, err := fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	items, _ := c.ListPayoutItems(ctx, gocardless.PayoutItemListParams{Payout: poID})
	if len(items.Items) != 2 || items.Items[0].Type != gocardless.PayoutItemPaymentChargedBack || items.Items[0].Amount != "-2000.0" ||
		items.Items[1].Type != gocardless.PayoutItemGoCardlessFee || items.Items[1].Amount != "40.0" {
		t.Fatalf("chargeback items: %+v", items.Items)
	}
	if err := fake.ChargeBackPayment(disputed.ID); !errors.Is(err, gctest.ErrTransition) {
		t.Fatalf("second chargeback: %v", err)
	}

	pending := createPayment(t, ctx, c, mandate, 700)
	cancelled, err := c.CancelPayment(ctx, pending.ID, gocardless.Metadata{"reason": "invoice credited"})
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.Status != gocardless.PaymentCancelled || cancelled.Metadata["reason"] != "invoice credited" {
		t.Fatalf("cancelled: %+v", cancelled)
	}

	all, err := c.ListPayments(ctx, gocardless.PaymentListParams{Mandate: mandate, Status: gocardless.PaymentPaidOut})
	if err != nil || len(all.Items) != 1 || all.Items[0].ID != kept.ID {
		t.Fatalf("paid out payments: %+v %v", all, err)
	}
}

// TestMandateCancelledCancelsPayments: GoCardless cancels a mandate's
// unsubmitted payments with it, and refuses new ones.
func TestMandateCancelledCancelsPayments(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)
	p := createPayment(t, ctx, c, mandate, 1500)
	if err := fake.CancelMandate(mandate); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetPayment(ctx, p.ID); got.Status != gocardless.PaymentCancelled {
		t.Fatalf("payment of a cancelled mandate: %s", got.Status)
	}
	_, err := c.CreatePayment(ctx, gocardless.PaymentParams{Amount: 100, Currency: "GBP", Links: gocardless.PaymentLinks{Mandate: mandate}}, key("pm"))
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) || apiErr.Type != gocardless.ErrorTypeInvalidState || !apiErr.HasReason("mandate_is_inactive") {
		t.Fatalf("payment on a cancelled mandate: %v", err)
	}
}

func hasReason(err error, reason string) bool {
	var apiErr *gocardless.Error
	return errors.As(err, &apiErr) && apiErr.HasReason(reason)
}
