package payments

import (
	"database/sql"
	"errors"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/internal/testclock"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

// gcWorld is a book with a GoCardless fake and a client for it.
type gcWorld struct {
	*book
	fake *gctest.Server
	api  *gocardless.Client
	seen int // events of the fake already delivered
}

func newGCWorld(t *testing.T, clock func() time.Time) *gcWorld {
	t.Helper()
	if clock == nil {
		clock = testclock.Ticking(t0)
	}
	w := &gcWorld{book: newBook(t), fake: gctest.New(gctest.Options{Now: clock})}
	t.Cleanup(w.fake.Close)
	var err error
	w.api, err = gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: w.fake.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// setUp starts a mandate for unit and completes GoCardless's pages as the
// payer would.
func (w *gcWorld) setUp(unit int64) Mandate {
	w.t.Helper()
	m, url, err := SetUpMandate(w.ctx, w.db, t0, w.api, MandateSetup{PersonID: w.person, UnitID: unit, PersonPublic: "P1",
		UnitPublic: "U1", ExitURI: "https://acme.example/exit",
		RedirectURI: func(pub string) string { return "https://acme.example/money/direct-debit/return?mandate=" + pub }})
	if err != nil {
		w.t.Fatal(err)
	}
	if m.Status != MandatePending || m.MandateRef != "" || !strings.HasPrefix(m.BillingRequest, "BRQ") || !strings.HasPrefix(m.FlowID, "BRF") {
		w.t.Fatalf("new mandate row: %+v", m)
	}
	to, err := w.fake.CompleteFlow(path.Base(url), gctest.Payer{AccountNumberEnding: "42"})
	if err != nil || to != "https://acme.example/money/direct-debit/return?mandate="+m.PublicID {
		w.t.Fatalf("complete flow: %q %v", to, err)
	}
	return m
}

// newEvents returns the fake's events not yet delivered, oldest first.
func (w *gcWorld) newEvents() []string {
	var ids []string
	for _, ev := range w.fake.Events()[w.seen:] {
		ids = append(ids, ev.ID)
	}
	w.seen += len(ids)
	return ids
}

// deliver sends the events in one signed webhook body through the same
// split the webhook handler makes, each event in its own transaction, and
// counts the duplicates.
func (w *gcWorld) deliver(ids ...string) (dups int) {
	w.t.Helper()
	body, err := w.fake.WebhookBody(ids...)
	if err != nil {
		w.t.Fatal(err)
	}
	in, err := ReadGoCardlessWebhook(body, gctest.Sign(body, "whsec"), "whsec")
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range in {
		err := w.db.Write(w.ctx, func(tx *sql.Tx) error {
			var err error
			if e.ForMandates() {
				_, err = ApplyMandateEvent(w.ctx, tx, t0.Add(time.Hour), e.Event, ViaWebhook, e.Raw)
			} else {
				_, err = Apply(w.ctx, tx, t0.Add(time.Hour), GoCardlessEvent(e.Event, ViaWebhook, e.Raw, ""))
			}
			return err
		})
		if errors.Is(err, ErrDuplicate) {
			dups++
			continue
		}
		if err != nil {
			w.t.Fatalf("apply %s %s.%s: %v", e.Event.ID, e.Event.ResourceType, e.Event.Action, err)
		}
	}
	return dups
}

func (w *gcWorld) mandate(pub string) Mandate {
	w.t.Helper()
	m, err := GetMandate(w.ctx, w.db.Read(), pub)
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

func TestMandateSetUpAndEvents(t *testing.T) {
	w := newGCWorld(t, nil)
	m := w.setUp(w.units[0])

	// Coming back from GoCardless: Porch asks what happened.
	m, err := RefreshMandate(w.ctx, w.db, t0, w.api, m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.MandateRef, "MD") || m.Status != MandatePendingSubmission || m.BankHint != "BARCLAYS BANK PLC, account ending 42" ||
		!m.StatusAt.IsZero() || !m.Usable() {
		t.Fatalf("after return: %+v", m)
	}

	// The webhooks: everything so far, newest first, twice.
	evs := w.newEvents()
	slices.Reverse(evs)
	if d := w.deliver(evs...); d != 0 {
		t.Fatalf("%d duplicates on first delivery", d)
	}
	if d := w.deliver(evs...); d != len(evs) {
		t.Fatalf("second delivery: %d duplicates of %d", d, len(evs))
	}
	if got := w.mandate(m.PublicID); got.Status != MandatePendingSubmission || got.StatusAt.IsZero() {
		t.Fatalf("after set-up events: %+v", got)
	}
	if err := w.fake.ActivateMandate(m.MandateRef); err != nil {
		t.Fatal(err)
	}
	w.deliver(w.newEvents()...)
	if got := w.mandate(m.PublicID); got.Status != MandateActive {
		t.Fatalf("after activation: %s", got.Status)
	}

	var stored, ignored, applied int
	w.db.ReadPool().QueryRow(`SELECT count(*), count(*) FILTER (WHERE outcome = 'ignored'), count(*) FILTER (WHERE outcome = 'applied')
		FROM provider_events WHERE provider = 'gocardless'`).Scan(&stored, &ignored, &applied)
	if stored != len(w.fake.Events()) || ignored == 0 || applied == 0 {
		t.Errorf("stored %d of %d events; %d ignored, %d applied", stored, len(w.fake.Events()), ignored, applied)
	}

	// A stale read does not move it back; a cancellation does end it.
	err = w.db.Write(w.ctx, func(tx *sql.Tx) error {
		_, err := MandateLearnt(w.ctx, tx, t0, m.ID, m.MandateRef, MandateSubmitted, "")
		return err
	})
	if got := w.mandate(m.PublicID); err != nil || got.Status != MandateActive {
		t.Fatalf("stale read: %s %v", got.Status, err)
	}
	if err := w.fake.CancelMandate(m.MandateRef); err != nil {
		t.Fatal(err)
	}
	w.deliver(w.newEvents()...)
	if got := w.mandate(m.PublicID); got.Status != MandateCancelled || got.Usable() || !MandateEnded(got.Status) {
		t.Fatalf("after cancellation: %+v", got)
	}
}

// TestMandateEventsBeforeReturn: the payer never comes back to Porch and
// the webhooks arrive newest first: the mandate's events still find their
// row through Porch's id in the metadata.
func TestMandateEventsBeforeReturn(t *testing.T) {
	w := newGCWorld(t, nil)
	m := w.setUp(w.units[1])
	var ref string
	for _, ev := range w.fake.Events() {
		if ev.ResourceType == "mandates" {
			ref = ev.Links["mandate"]
		}
	}
	if err := w.fake.ActivateMandate(ref); err != nil {
		t.Fatal(err)
	}
	evs := w.newEvents()
	var mandateOnly, rest []string
	for i, ev := range w.fake.Events() {
		if ev.ResourceType == "mandates" {
			mandateOnly = append(mandateOnly, evs[i])
		} else {
			rest = append(rest, evs[i])
		}
	}
	slices.Reverse(mandateOnly)
	w.deliver(mandateOnly...)
	got := w.mandate(m.PublicID)
	if got.MandateRef != ref || got.Status != MandateActive {
		t.Fatalf("mandate events first: %+v", got)
	}
	w.deliver(rest...) // the billing request's, older
	if got := w.mandate(m.PublicID); got.Status != MandateActive || got.MandateRef != ref {
		t.Fatalf("older billing request events moved it: %+v", got)
	}
}

func TestMandateEventOutcomes(t *testing.T) {
	b := newBook(t)
	apply := func(ev gocardless.Event) MandateEffect {
		t.Helper()
		var eff MandateEffect
		err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
			var err error
			eff, err = ApplyMandateEvent(b.ctx, tx, t0, ev, "", nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return eff
	}
	at := t0.Add(time.Hour)
	if eff := apply(gocardless.Event{ID: "EV1", CreatedAt: at, ResourceType: "mandates", Action: "active",
		Links: gocardless.EventLinks{Mandate: "MD_stranger"}}); eff.Outcome != OutcomeUnmatched || !strings.Contains(eff.Note, "MD_stranger") {
		t.Errorf("unknown mandate: %+v", eff)
	}
	if eff := apply(gocardless.Event{ID: "EV2", CreatedAt: at, ResourceType: "billing_requests", Action: "flow_created",
		Links: gocardless.EventLinks{BillingRequest: "BRQ_x"}}); eff.Outcome != OutcomeIgnored {
		t.Errorf("flow created: %+v", eff)
	}
	if eff := apply(gocardless.Event{ID: "EV3", CreatedAt: at, ResourceType: "mandates", Action: "transferred",
		Links: gocardless.EventLinks{Mandate: "MD_stranger"}}); eff.Outcome != OutcomeIgnored && eff.Outcome != OutcomeUnmatched {
		t.Errorf("transferred: %+v", eff)
	}

	var m Mandate
	b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var err error
		m, err = CreateMandateRecord(b.ctx, tx, t0, NewMandate{PersonID: b.person, UnitID: b.units[0], BillingRequest: "BRQ1"})
		return err
	})
	fulfilled := gocardless.Event{ID: "EV4", CreatedAt: at, ResourceType: "billing_requests", Action: "fulfilled",
		Links: gocardless.EventLinks{BillingRequest: "BRQ1", MandateRequestMandate: "MD1"}}
	if eff := apply(fulfilled); eff.Outcome != OutcomeApplied || eff.Mandate.MandateRef != "MD1" || eff.Mandate.Status != MandatePendingSubmission {
		t.Fatalf("fulfilled: %+v", eff)
	}
	// Out of order: active (later) before submitted (earlier).
	apply(gocardless.Event{ID: "EV6", CreatedAt: at.Add(2 * time.Hour), ResourceType: "mandates", Action: "active", Links: gocardless.EventLinks{Mandate: "MD1"}})
	eff := apply(gocardless.Event{ID: "EV5", CreatedAt: at.Add(time.Hour), ResourceType: "mandates", Action: "submitted", Links: gocardless.EventLinks{Mandate: "MD1"}})
	if eff.Outcome != OutcomeNoChange || eff.Mandate.Status != MandateActive {
		t.Fatalf("older event: %+v", eff)
	}
	// Replaced: payments go to the new mandate from now on.
	eff = apply(gocardless.Event{ID: "EV7", CreatedAt: at.Add(3 * time.Hour), ResourceType: "mandates", Action: "replaced",
		Links: gocardless.EventLinks{Mandate: "MD1", NewMandate: "MD2"}})
	if eff.Outcome != OutcomeApplied || eff.Mandate.MandateRef != "MD2" || eff.Mandate.Status != MandateActive {
		t.Fatalf("replaced: %+v", eff)
	}
	// The same event again.
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := ApplyMandateEvent(b.ctx, tx, t0, fulfilled, ViaSync, nil)
		return err
	})
	if !errors.Is(err, ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	var resource, payload string
	b.db.ReadPool().QueryRow(`SELECT resource, payload FROM provider_events WHERE event_id = 'EV4'`).Scan(&resource, &payload)
	if resource != "BRQ1" || !strings.Contains(payload, `"mandate_request_mandate":"MD1"`) {
		t.Errorf("stored event: %q %s", resource, payload)
	}

	// Auto-pay only on a usable mandate.
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := SetAutoPay(b.ctx, tx, t0, m.ID, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := AutoPayMandates(b.ctx, b.db.Read()); len(ms) != 1 || ms[0].ID != m.ID {
		t.Fatalf("auto-pay mandates: %+v", ms)
	}
	apply(gocardless.Event{ID: "EV8", CreatedAt: at.Add(4 * time.Hour), ResourceType: "mandates", Action: "cancelled", Links: gocardless.EventLinks{Mandate: "MD2"}})
	if ms, _ := AutoPayMandates(b.ctx, b.db.Read()); len(ms) != 0 {
		t.Fatalf("a cancelled mandate still pays automatically: %+v", ms)
	}
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := SetAutoPay(b.ctx, tx, t0, m.ID, true)
		return err
	})
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("auto-pay on a cancelled mandate: %v", err)
	}
}

// TestDirectDebitPaymentJourney: a one-off collection through its states,
// the receipt on confirmation and its reversal on a late failure.
func TestDirectDebitPaymentJourney(t *testing.T) {
	w := newGCWorld(t, nil)
	unit := w.units[0]
	m := w.setUp(unit)
	m, err := RefreshMandate(w.ctx, w.db, t0, w.api, m)
	if err != nil {
		t.Fatal(err)
	}
	w.deliver(w.newEvents()...)
	p, err := CollectDirectDebit(w.ctx, w.db, t0, w.api, DirectDebitRequest{UnitID: unit, InvoiceID: w.invoice[unit],
		PersonID: w.person, Mandate: w.mandate(m.PublicID), Amount: 50000, Description: "Invoice 1"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ProviderRef, "PM") || p.Status != StatusPendingSubmission || p.ChargeDate == "" || p.MandateID != m.ID {
		t.Fatalf("payment: %+v", p)
	}
	gp, _ := w.fake.Payment(p.ProviderRef)
	if gp.Metadata[MetaPayment] != p.PublicID || gp.Links["mandate"] != m.MandateRef || gp.Amount != 50000 {
		t.Fatalf("at GoCardless: %+v", gp)
	}
	if live, err := LiveDirectDebit(w.ctx, w.db.Read(), w.invoice[unit]); err != nil || live.ID != p.ID {
		t.Fatalf("live: %+v %v", live, err)
	}

	status := func() Payment {
		t.Helper()
		got, err := Get(w.ctx, w.db.Read(), p.PublicID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	w.fake.SubmitPayment(p.ProviderRef)
	w.deliver(w.newEvents()...)
	if got := status(); got.Status != StatusSubmitted || got.ReceiptJournal != 0 {
		t.Fatalf("submitted: %+v", got)
	}
	w.fake.ConfirmPayment(p.ProviderRef)
	w.deliver(w.newEvents()...)
	if got := status(); got.Status != StatusConfirmed || got.ReceiptJournal == 0 || w.balance(unit) != 0 || w.accountBalance("1210") != 50000 {
		t.Fatalf("confirmed: %+v balance %d", got, w.balance(unit))
	}
	payout, _ := w.fake.PayOut()
	w.deliver(w.newEvents()...)
	if got := status(); got.Status != StatusPaidOut || got.PayoutRef != payout || got.ReceiptJournal == 0 {
		t.Fatalf("paid out: %+v", got)
	}
	w.fake.LateFailPayment(p.ProviderRef)
	w.fake.PayOut()
	evs := w.newEvents()
	slices.Reverse(evs)
	w.deliver(evs...)
	got := status()
	if got.Status != StatusLateFailureSettled || got.ReceiptJournal != 0 || got.Failure == "" || w.balance(unit) != 50000 || w.accountBalance("1210") != 0 {
		t.Fatalf("late failure: %+v balance %d", got, w.balance(unit))
	}
	if _, err := LiveDirectDebit(w.ctx, w.db.Read(), w.invoice[unit]); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a failed payment is live: %v", err)
	}
}

func TestCollectDirectDebitRefusedOrLost(t *testing.T) {
	w := newGCWorld(t, nil)
	unit := w.units[2]
	m := w.setUp(unit)
	m, _ = RefreshMandate(w.ctx, w.db, t0, w.api, m)
	req := DirectDebitRequest{UnitID: unit, InvoiceID: w.invoice[unit], PersonID: w.person, Mandate: m, Amount: 50000}

	// GoCardless created the payment but answered with an error: the
	// retry resumes the same payment with the same key.
	w.fake.InjectFault(gctest.Fault{Method: http.MethodPost, Path: "/payments", AfterHandling: true, Status: http.StatusBadGateway})
	p1, err := CollectDirectDebit(w.ctx, w.db, t0, w.api, req)
	if !errs.Is(err, errs.Unavailable) || p1.Status != StatusCreated {
		t.Fatalf("lost answer: %+v %v", p1, err)
	}
	p2, err := CollectDirectDebit(w.ctx, w.db, t0, w.api, req)
	if err != nil || p2.ID != p1.ID || p2.ProviderRef == "" {
		t.Fatalf("resumed: %+v %v", p2, err)
	}
	if n := len(w.fake.Payments()); n != 1 {
		t.Fatalf("GoCardless has %d payments, want 1", n)
	}

	// A mandate GoCardless has cancelled: refused, recorded as failed.
	w.fake.CancelMandate(m.MandateRef)
	req.Amount = 100
	p3, err := CollectDirectDebit(w.ctx, w.db, t0, w.api, req)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "no longer active") {
		t.Fatalf("inactive mandate: %v", err)
	}
	if got, _ := Get(w.ctx, w.db.Read(), p3.PublicID); got.Status != StatusFailed || got.ProviderRef != "" || got.Failure == "" {
		t.Fatalf("refused payment row: %+v", got)
	}
	// A mandate not set up yet is refused before GoCardless is asked.
	req.Mandate.MandateRef = ""
	if _, err := CollectDirectDebit(w.ctx, w.db, t0, w.api, req); !errs.Is(err, errs.Conflict) {
		t.Fatalf("unfinished mandate: %v", err)
	}
}
