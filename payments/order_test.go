package payments

import (
	"database/sql"
	"fmt"
	"testing"

	"porch/internal/timeorder"
)

// Every payments list sorted by a stored instant comes back in true time
// order for rows written a fraction of a second apart: a unit's and an
// invoice's payments (newest first), the payments a sync asks about
// (oldest first), a person's mandates and the mandate that pays
// automatically (newest), and the provider events to review (latest
// received first).
func TestPaymentListsInTimeOrderWithinASecond(t *testing.T) {
	b := newBook(t)
	unit, invoice := b.units[0], b.invoice[b.units[0]]
	var pays, mandates, events []timeorder.Row
	for i, at := range timeorder.Instants(t0) {
		err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
			p, err := Create(b.ctx, tx, at, NewPayment{Provider: Stripe, UnitID: unit, InvoiceID: invoice, Amount: 100})
			if err != nil {
				return err
			}
			pays = append(pays, timeorder.Row{Key: p.ID, At: at})
			if err := Started(b.ctx, tx, at, p.ID, fmt.Sprint("cs_order_", i), StatusOpen, ""); err != nil {
				return err
			}
			m, err := CreateMandateRecord(b.ctx, tx, at, NewMandate{PersonID: b.person, UnitID: b.units[1],
				BillingRequest: fmt.Sprint("BRQ_order_", i)})
			if err != nil {
				return err
			}
			mandates = append(mandates, timeorder.Row{Key: m.ID, At: at})
			if _, err := MandateLearnt(b.ctx, tx, at, m.ID, fmt.Sprint("MD_order_", i), MandateActive, ""); err != nil {
				return err
			}
			// Each paying automatically, as the mandates of several people
			// at one home (joint tenants) may: SetAutoPay keeps one per
			// person, and the newest pays for the home.
			if _, err := tx.ExecContext(b.ctx, `UPDATE mandates SET auto_pay = 1 WHERE id = ?`, m.ID); err != nil {
				return err
			}
			eff, err := Apply(b.ctx, tx, at, Event{Provider: Stripe, ID: fmt.Sprint("evt_order_", i), Type: "checkout.session.completed",
				Created: at, Via: ViaWebhook, Payload: []byte(`{}`), PaymentRef: fmt.Sprint("cs_nobody_", i), Status: StatusPaid})
			if err != nil {
				return err
			}
			if eff.Outcome != OutcomeUnmatched {
				return fmt.Errorf("event outcome %s, want unmatched", eff.Outcome)
			}
			events = append(events, timeorder.Row{Key: eff.EventRow, At: at})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	q := b.db.Read()
	paymentIDs := func(list []Payment, err error) ([]any, error) {
		return timeorder.Keys(list, err, func(p Payment) any { return p.ID })
	}
	mandateIDs := func(list []Mandate, err error) ([]any, error) {
		return timeorder.Keys(list, err, func(m Mandate) any { return m.ID })
	}
	lists := []struct {
		rows []timeorder.Row
		list timeorder.List
	}{
		{pays, timeorder.List{Name: "OfUnit", Table: "payments", Column: "created_at", NewestFirst: true,
			Read: func() ([]any, error) { return paymentIDs(OfUnit(b.ctx, q, unit)) }}},
		{pays, timeorder.List{Name: "OfInvoice", Table: "payments", Column: "created_at", NewestFirst: true,
			Read: func() ([]any, error) { return paymentIDs(OfInvoice(b.ctx, q, invoice)) }}},
		{pays, timeorder.List{Name: "InProgress", Table: "payments", Column: "created_at",
			Read: func() ([]any, error) { return paymentIDs(InProgress(b.ctx, q, Stripe)) }}},
		{mandates, timeorder.List{Name: "MandatesOf", Table: "mandates", Column: "created_at", NewestFirst: true,
			Read: func() ([]any, error) { return mandateIDs(MandatesOf(b.ctx, q, b.units[1], b.person)) }}},
		{mandates, timeorder.List{Name: "AutoPayMandates", Table: "mandates", Column: "created_at", NewestFirst: true,
			Read: func() ([]any, error) { return mandateIDs(AutoPayMandates(b.ctx, q)) }}},
		{events, timeorder.List{Name: "StoredEvents", Table: "provider_events", Column: "received_at", NewestFirst: true,
			Read: func() ([]any, error) {
				list, err := StoredEvents(b.ctx, q, EventFilter{ToReview: true})
				return timeorder.Keys(list, err, func(e StoredEvent) any { return e.ID })
			}}},
	}
	for _, l := range lists {
		l.list.Key, l.list.Old, l.list.TieByKey = "id", timeorder.Trimmed, true
		timeorder.Check(t, b.db.Writer(), l.list, l.rows)
	}
}
