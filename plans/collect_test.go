package plans

import (
	"bytes"
	"database/sql"
	"path"
	"strconv"
	"testing"
	"time"

	"porch/internal/testclock"
	"porch/payments"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

// directDebit gives Rita a working mandate for Flat 1 through the
// GoCardless fake, as she would by completing its pages.
func (w *world) directDebit() (*gctest.Server, gocardless.API, payments.Mandate) {
	w.t.Helper()
	fake := gctest.New(gctest.Options{Now: testclock.Ticking(now)})
	w.t.Cleanup(fake.Close)
	api, err := gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: fake.URL, MaxRetries: -1})
	if err != nil {
		w.t.Fatal(err)
	}
	w.write(func(tx *sql.Tx) error {
		return payments.SaveSettings(w.ctx, tx, now, bytes.Repeat([]byte("s"), 32), "acme", 0, payments.SettingsInput{
			DirectDebitEnabled: true, GoCardlessToken: gctest.DefaultAccessToken, GoCardlessEnvironment: "sandbox",
			GoCardlessWebhook: "whsec-gocardless"})
	})
	m, url, err := payments.SetUpMandate(w.ctx, w.db, now, api, payments.MandateSetup{PersonID: w.person, UnitID: w.unit,
		PersonPublic: "P1", UnitPublic: "U1", ExitURI: "https://acme.example/exit",
		RedirectURI: func(pub string) string { return "https://acme.example/money/direct-debit/return?mandate=" + pub }})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := fake.CompleteFlow(path.Base(url), gctest.Payer{AccountNumberEnding: "42"}); err != nil {
		w.t.Fatal(err)
	}
	if m, err = payments.RefreshMandate(w.ctx, w.db, now, api, m); err != nil || !m.Usable() {
		w.t.Fatalf("mandate: %+v %v", m, err)
	}
	return fake, api, m
}

// deliver applies the fake's events as its signed webhook would.
func (w *world) deliver(fake *gctest.Server, seen *int) {
	w.t.Helper()
	var ids []string
	for _, ev := range fake.Events()[*seen:] {
		ids = append(ids, ev.ID)
	}
	*seen += len(ids)
	body, err := fake.WebhookBody(ids...)
	if err != nil {
		w.t.Fatal(err)
	}
	in, err := payments.ReadGoCardlessWebhook(body, gctest.Sign(body, "whsec"), "whsec")
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range in {
		w.write(func(tx *sql.Tx) error {
			if e.ForMandates() {
				_, err := payments.ApplyMandateEvent(w.ctx, tx, now, e.Event, payments.ViaWebhook, e.Raw)
				return err
			}
			_, err := payments.Apply(w.ctx, tx, now, payments.GoCardlessEvent(e.Event, payments.ViaWebhook, e.Raw, ""))
			return err
		})
	}
}

func TestInstalmentsCollectedByDirectDebit(t *testing.T) {
	w := newWorld(t)
	fake, api, m := w.directDebit()
	seen := len(fake.Events()) // the mandate's set-up is already known
	p := w.accepted(3, "2026-04-01")
	if p.Method != MethodDirectDebit || p.MandateID != m.ID {
		t.Fatalf("accepted with a mandate: %+v", p)
	}
	// Not yet within reach of the first date: nothing is asked for.
	if n, err := Collect(w.ctx, w.db, day("2026-03-20").Add(9*time.Hour), api); err != nil || n != 0 {
		t.Fatalf("too early: %d %v", n, err)
	}
	at := day("2026-03-25").Add(9 * time.Hour)
	for range 2 { // the second run asks for nothing more
		if n, err := Collect(w.ctx, w.db, at, api); err != nil || n > 1 {
			t.Fatalf("collect: %d %v", n, err)
		}
	}
	gps := fake.Payments()
	if len(gps) != 1 || gps[0].Amount != 183_43 || gps[0].ChargeDate != "2026-04-01" ||
		gps[0].Description != "Payment plan instalment 1 of 3" {
		t.Fatalf("GoCardless payments: %+v", gps)
	}
	sched, _ := InstalmentsOf(w.ctx, w.db.Read(), p.ID)
	if sched[0].PaymentID == 0 || sched[1].PaymentID != 0 {
		t.Fatalf("instalments: %+v", sched)
	}
	// While the collection is on its way the instalment is not missed.
	if evs := w.review("2026-04-08"); len(evs) != 0 {
		t.Fatalf("reviewed while collecting: %+v", evs)
	}
	if err := fake.SubmitPayment(gps[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := fake.ConfirmPayment(gps[0].ID); err != nil {
		t.Fatal(err)
	}
	w.deliver(fake, &seen)
	pr, err := Progressed(w.ctx, w.db.Read(), p, day("2026-04-08"))
	if err != nil || pr.Paid != 183_43 || pr.Rows[0].State != StatePaid || pr.Next.Number != 2 {
		t.Fatalf("after the collection: %+v %v", pr, err)
	}
	// The receipt paid the oldest covered invoice, as any receipt would.
	if got := w.count(`SELECT paid FROM invoices WHERE id = ` + strconv.FormatInt(w.overdue[0].ID, 10)); got != 183_43 {
		t.Fatalf("oldest invoice paid %d", got)
	}

	// The mandate is cancelled: the plan goes over to pay links.
	if err := fake.CancelMandate(m.MandateRef); err != nil {
		t.Fatal(err)
	}
	w.deliver(fake, &seen)
	if n, err := Collect(w.ctx, w.db, day("2026-04-25").Add(9*time.Hour), api); err != nil || n != 0 {
		t.Fatalf("after the mandate was cancelled: %d %v", n, err)
	}
	if got := w.plan(p.PublicID); got.Method != MethodPayLink || got.MandateID != 0 {
		t.Fatalf("plan after the mandate ended: %+v", got)
	}
	if len(fake.Payments()) != 1 {
		t.Fatalf("GoCardless asked again: %+v", fake.Payments())
	}
}

func TestPayLinkPlansAreNotCollected(t *testing.T) {
	w := newWorld(t)
	fake, api, _ := w.directDebit()
	// The mandate is Rita's for another home: her plan here is paid by link.
	w.write(func(tx *sql.Tx) error {
		_, err := tx.ExecContext(w.ctx, `UPDATE mandates SET person_id = ?`, w.manager)
		return err
	})
	p := w.accepted(2, "2026-04-01")
	if p.Method != MethodPayLink {
		t.Fatalf("method %q", p.Method)
	}
	if n, err := Collect(w.ctx, w.db, day("2026-03-30").Add(9*time.Hour), api); err != nil || n != 0 || len(fake.Payments()) != 0 {
		t.Fatalf("collected a pay-link plan: %d %v", n, err)
	}
	evs := w.review("2026-03-27")
	if len(evs) != 1 || evs[0].Kind != EventReminder || evs[0].Row.Owed != 275_13 {
		t.Fatalf("pay link reminder: %+v", evs)
	}
}
