package payments

import (
	"bytes"
	"database/sql"
	"testing"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/payments/gocardless/gctest"
)

func TestAutoPayCollectsEachInvoiceOnce(t *testing.T) {
	w := newGCWorld(t, nil)
	key := bytes.Repeat([]byte("s"), 32)
	cfg := GoCardlessConfig{Key: key, BaseURL: w.fake.URL}

	// Without Direct Debit set up, the run does nothing.
	if res, err := RunAutoPay(w.ctx, w.db, "acme", t0, cfg); err != nil || res != (AutoPayResult{}) {
		t.Fatalf("no Direct Debit: %+v %v", res, err)
	}
	err := w.db.Write(w.ctx, func(tx *sql.Tx) error {
		return SaveSettings(w.ctx, tx, t0, key, "acme", 0, SettingsInput{DirectDebitEnabled: true,
			GoCardlessToken: gctest.DefaultAccessToken, GoCardlessEnvironment: "sandbox", GoCardlessWebhook: "whsec-gocardless"})
	})
	if err != nil {
		t.Fatal(err)
	}

	auto, manual := w.units[0], w.units[1]
	m := w.setUp(auto)
	m, _ = RefreshMandate(w.ctx, w.db, t0, w.api, m)
	w.setUp(manual)
	err = w.db.Write(w.ctx, func(tx *sql.Tx) error {
		_, err := SetAutoPay(w.ctx, tx, t0, m.ID, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second invoice due at once: collected as soon as the mandate allows.
	var soon ledger.Invoice
	err = w.db.Write(w.ctx, func(tx *sql.Tx) error {
		cts, err := ledger.ChargeTypes(w.ctx, tx)
		if err != nil {
			return err
		}
		soon, err = ledger.RaiseDemand(w.ctx, tx, t0, ledger.DemandInput{UnitID: auto, IssueDate: estate.UKDate(t0),
			DueDate: estate.UKDate(t0), Lines: []ledger.DemandLine{{ChargeTypeID: cts[0].ID, Amount: 1250}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	res, err := RunAutoPay(w.ctx, w.db, "acme", t0, cfg)
	if err != nil || res.Units != 1 || res.Created != 2 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	byInvoice := map[int64]Payment{}
	ps, _ := OfUnit(w.ctx, w.db.Read(), auto)
	for _, p := range ps {
		byInvoice[p.InvoiceID] = p
		if !p.Automatic || p.MandateID != m.ID || p.PersonID != w.person || p.Status != StatusPendingSubmission || p.ProviderRef == "" {
			t.Errorf("automatic payment: %+v", p)
		}
	}
	gm, _ := w.fake.Mandate(m.MandateRef)
	if p := byInvoice[w.invoice[auto]]; p.Amount != 50000 || p.ChargeDate != "2026-03-30" {
		t.Errorf("invoice due later: %+v (want charge on its due date)", p)
	}
	if p := byInvoice[soon.ID]; p.Amount != 1250 || p.ChargeDate != gm.NextPossibleChargeDate || p.ChargeDate <= "2026-03-02" {
		t.Errorf("invoice due now: %+v (want %s)", p, gm.NextPossibleChargeDate)
	}

	// Again, and again after the bank returned one: nothing new.
	for i := range 2 {
		if i == 1 {
			if err := w.fake.FailPayment(byInvoice[soon.ID].ProviderRef, ""); err != nil {
				t.Fatal(err)
			}
			w.deliver(w.newEvents()...)
		}
		res, err = RunAutoPay(w.ctx, w.db, "acme", t0.Add(24*time.Hour), cfg)
		if err != nil || res.Created != 0 {
			t.Fatalf("run %d: %+v %v", i+2, res, err)
		}
		if n := len(w.fake.Payments()); n != 2 {
			t.Fatalf("GoCardless has %d payments, want 2", n)
		}
	}
	if got, _ := Get(w.ctx, w.db.Read(), byInvoice[soon.ID].PublicID); got.Status != StatusFailed {
		t.Fatalf("returned payment: %s", got.Status)
	}

	// Turned off: a new invoice is left for the resident.
	w.db.Write(w.ctx, func(tx *sql.Tx) error {
		_, err := SetAutoPay(w.ctx, tx, t0, m.ID, false)
		return err
	})
	if res, err := RunAutoPay(w.ctx, w.db, "acme", t0, cfg); err != nil || res.Units != 0 || res.Created != 0 {
		t.Fatalf("after opting out: %+v %v", res, err)
	}
}
