package plans

import (
	"database/sql"
	"testing"

	"porch/errs"
	"porch/ledger"
)

// ledgerCounts is every row the ledger writes, to show a plan writes none.
const ledgerCounts = `SELECT (SELECT count(*) FROM journals) || '/' || (SELECT count(*) FROM postings) || '/' ||
	(SELECT count(*) FROM allocations) || '/' || (SELECT count(*) FROM invoices) || '/' || (SELECT coalesce(sum(paid), 0) FROM invoices)`

func (w *world) ledgerState() string {
	w.t.Helper()
	var s string
	if err := w.db.Read().QueryRowContext(w.ctx, ledgerCounts).Scan(&s); err != nil {
		w.t.Fatal(err)
	}
	return s
}

func TestOfferCoversTheArrearsAndTheLedgerIsUnchanged(t *testing.T) {
	w := newWorld(t)
	before := w.ledgerState()
	var p Plan
	w.write(func(tx *sql.Tx) error {
		var err error
		p, err = Offer(w.ctx, tx, now, day("2026-03-14"), w.proposal(3, "2026-04-01"))
		return err
	})
	if p.Status != StatusOffered || p.Terms.Total != 550_25 || p.OfferedBy != w.manager {
		t.Fatalf("offer: %+v", p)
	}
	ids, _ := CoveredInvoiceIDs(w.ctx, w.db.Read(), p.ID)
	if len(ids) != 2 || ids[0] != w.overdue[0].ID || ids[1] != w.overdue[1].ID {
		t.Fatalf("covered %v, want the two overdue invoices", ids)
	}
	sched, _ := InstalmentsOf(w.ctx, w.db.Read(), p.ID)
	var sum int64
	for _, s := range sched {
		sum += s.Amount
	}
	if len(sched) != 3 || sum != 550_25 || sched[0].Amount != 183_43 || sched[2].Amount != 183_41 ||
		sched[1].Due != day("2026-05-01") {
		t.Fatalf("instalments %+v (sum %d)", sched, sum)
	}
	// A second plan for the same account is refused while one is open.
	err := w.try(func(tx *sql.Tx) error {
		_, err := Offer(w.ctx, tx, now, day("2026-03-14"), w.proposal(2, "2026-04-01"))
		return err
	})
	if e, ok := errs.As(err); !ok || e.Fields["account"] == "" {
		t.Fatalf("second offer: %v", err)
	}
	w.write(func(tx *sql.Tx) error {
		var err error
		if p, err = Accept(w.ctx, tx, now, day("2026-03-14"), p, w.person); err != nil {
			return err
		}
		p, err = Cancel(w.ctx, tx, now, p, w.manager, "Paid in full by the mortgage lender.")
		return err
	})
	if p.Status != StatusCancelled || p.Method != MethodPayLink {
		t.Fatalf("after cancelling: %+v", p)
	}
	if after := w.ledgerState(); after != before {
		t.Fatalf("a plan changed the ledger: %s -> %s", before, after)
	}
}

func TestOfferRefusals(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		name  string
		pr    Proposal
		field string
	}{
		{"one instalment", w.proposal(1, "2026-04-01"), "instalments"},
		{"first date past", w.proposal(3, "2026-03-01"), "first_date"},
		{"first date too far", w.proposal(3, "2026-08-01"), "first_date"},
		{"no frequency", Proposal{UnitID: w.unit, OccupancyID: w.occ, Instalments: 3, First: day("2026-04-01")}, "frequency"},
		{"account not in arrears", Proposal{UnitID: w.unit, OccupancyID: w.occ + 99, Instalments: 3, Frequency: Monthly, First: day("2026-04-01")}, "account"},
	}
	for _, c := range cases {
		err := w.try(func(tx *sql.Tx) error {
			_, err := Offer(w.ctx, tx, now, day("2026-03-14"), c.pr)
			return err
		})
		if e, ok := errs.As(err); !ok || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a message for %s", c.name, err, c.field)
		}
	}
	if n := w.count(`SELECT count(*) FROM payment_plans`); n != 0 {
		t.Fatalf("%d plans saved by refused offers", n)
	}
}

func TestRequestWithinTheSiteLimits(t *testing.T) {
	w := newWorld(t)
	ask := func(n int, freq string) error {
		pr := w.proposal(n, "2026-04-01")
		pr.Frequency, pr.By = freq, w.person
		return w.try(func(tx *sql.Tx) error {
			_, err := Request(w.ctx, tx, now, day("2026-03-14"), w.site, pr)
			return err
		})
	}
	if e, ok := errs.As(ask(12, Monthly)); !ok || e.Fields["instalments"] != "You can ask for up to 6 instalments." {
		t.Fatalf("12 instalments: %v", e)
	}
	if e, ok := errs.As(ask(4, Weekly)); !ok || e.Fields["frequency"] == "" {
		t.Fatalf("weekly: %v", e)
	}
	w.write(func(tx *sql.Tx) error {
		_, err := SetSiteLimits(w.ctx, tx, now, w.site, Limits{Requests: true, MaxInstalments: 12,
			Frequencies: []string{Weekly, Monthly}, MinArrears: 1000_00, LapseAfter: 3})
		return err
	})
	if e, ok := errs.As(ask(4, Weekly)); !ok || e.Fields["account"] == "" || e.Fields["frequency"] != "" {
		t.Fatalf("arrears under the site's minimum: %v", e)
	}
	w.write(func(tx *sql.Tx) error {
		_, err := SetSiteLimits(w.ctx, tx, now, w.site, Limits{Requests: false, MaxInstalments: 12,
			Frequencies: []string{Monthly}, MinArrears: 0, LapseAfter: 3})
		return err
	})
	if err := ask(4, Monthly); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("requests turned off: %v", err)
	}
	w.write(func(tx *sql.Tx) error {
		_, err := SetSiteLimits(w.ctx, tx, now, w.site, DefaultLimits)
		return err
	})
	if err := ask(4, Monthly); err != nil {
		t.Fatal(err)
	}
	p, err := OpenFor(w.ctx, w.db.Read(), w.unit, w.occ)
	if err != nil || p.Status != StatusRequested || p.RequestedBy != w.person || p.Terms.Instalments != 4 {
		t.Fatalf("request: %+v %v", p, err)
	}
	// Declining needs a reason; approving settles the terms as an offer.
	if err := w.try(func(tx *sql.Tx) error { _, err := Decline(w.ctx, tx, now, p, w.manager, " "); return err }); err == nil {
		t.Fatal("declined without a reason")
	}
	w.write(func(tx *sql.Tx) error {
		pr := w.proposal(5, "2026-04-15")
		pr.Note = "Five months, as we discussed on the phone."
		var err error
		p, err = Approve(w.ctx, tx, now, day("2026-03-14"), p, pr)
		return err
	})
	if p.Status != StatusOffered || p.Terms.Instalments != 5 || p.Terms.Total != 550_25 || p.DecisionNote == "" {
		t.Fatalf("approved: %+v", p)
	}
	if err := w.try(func(tx *sql.Tx) error { _, err := Decline(w.ctx, tx, now, p, w.manager, "No"); return err }); !errs.Is(err, errs.Conflict) {
		t.Fatalf("declining an offer: %v", err)
	}
}

func TestSiteLimitsRefused(t *testing.T) {
	w := newWorld(t)
	err := w.try(func(tx *sql.Tx) error {
		_, err := SetSiteLimits(w.ctx, tx, now, w.site, Limits{MaxInstalments: 1, MinArrears: -1, LapseAfter: 0})
		return err
	})
	e, ok := errs.As(err)
	if !ok || len(e.Fields) != 4 {
		t.Fatalf("bad limits: %v", err)
	}
	if l, _ := SiteLimits(w.ctx, w.db.Read(), w.site); l.MaxInstalments != DefaultLimits.MaxInstalments {
		t.Fatalf("limits after a refusal: %+v", l)
	}
}

func TestChasingPausedWhileKeptAndResumedOnLapse(t *testing.T) {
	w := newWorld(t)
	w.write(func(tx *sql.Tx) error {
		_, _, err := ledger.SetReminderSteps(w.ctx, tx, now, w.site, "7, 21")
		return err
	})
	chased := func(on string) int {
		due, err := ledger.DueReminders(w.ctx, w.db.Read(), day(on))
		if err != nil {
			t.Fatal(err)
		}
		return len(due)
	}
	if n := chased("2026-03-14"); n != 2 {
		t.Fatalf("before the plan %d reminders due, want 2", n)
	}
	p := w.accepted(3, "2026-03-20")
	if n := chased("2026-03-14"); n != 0 {
		t.Fatalf("while the plan is kept %d reminders due, want none", n)
	}
	// Nothing paid: the first instalment is missed after its grace days,
	// the second too, and the plan lapses (two misses by default).
	if evs := w.review("2026-03-15"); len(evs) != 1 || evs[0].Kind != EventReminder || evs[0].Row.Number != 1 {
		t.Fatalf("five days ahead: %+v", evs)
	}
	if evs := w.review("2026-03-16"); len(evs) != 0 {
		t.Fatalf("the reminder again: %+v", evs)
	}
	if evs := w.review("2026-03-25"); len(evs) != 0 {
		t.Fatalf("within the grace days: %+v", evs)
	}
	evs := w.review("2026-03-26")
	if len(evs) != 1 || evs[0].Kind != EventMissed || evs[0].Row.Number != 1 || evs[0].Plan.Missed != 1 {
		t.Fatalf("missed: %+v", evs)
	}
	if evs := w.review("2026-04-15"); len(evs) != 1 || evs[0].Kind != EventReminder || evs[0].Row.Number != 2 {
		t.Fatalf("second reminder: %+v", evs)
	}
	evs = w.review("2026-04-26")
	if len(evs) != 1 || evs[0].Kind != EventLapsed || w.plan(p.PublicID).Status != StatusLapsed {
		t.Fatalf("lapse: %+v", evs)
	}
	// The two covered invoices are chased again, with the April quarter
	// that fell overdue meanwhile.
	if n := chased("2026-04-26"); n != 3 {
		t.Fatalf("after the lapse %d reminders due, want 3", n)
	}
	if evs := w.review("2026-05-26"); len(evs) != 0 {
		t.Fatalf("a lapsed plan reviewed: %+v", evs)
	}
}

func TestInstalmentsPaidAsReceiptsCompleteThePlan(t *testing.T) {
	w := newWorld(t)
	p := w.accepted(2, "2026-04-01")
	w.pay("2026-03-30", 275_13) // the first instalment, by bank transfer
	pr, err := Progressed(w.ctx, w.db.Read(), p, day("2026-04-10"))
	if err != nil || pr.Paid != 275_13 || pr.Rows[0].State != StatePaid || pr.Next == nil || pr.Next.Number != 2 || pr.Next.Owed != 275_12 {
		t.Fatalf("after the first: %+v %v", pr, err)
	}
	if evs := w.review("2026-04-10"); len(evs) != 0 {
		t.Fatalf("a paid instalment reviewed: %+v", evs)
	}
	// A receipt larger than the instalment goes towards the next; the
	// invoice not on the plan is not counted.
	w.pay("2026-04-20", 300_00)
	evs := w.review("2026-04-21")
	if len(evs) != 1 || evs[0].Kind != EventCompleted || w.plan(p.PublicID).Status != StatusCompleted {
		t.Fatalf("completion: %+v", evs)
	}
}
