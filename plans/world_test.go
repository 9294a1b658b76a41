package plans

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/ledger"
	"porch/tenants"
)

// now is the tests' clock: Saturday 14 March 2026, mid-morning.
var now = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

func day(s string) time.Time { return must(time.Parse(time.DateOnly, s)) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// world is a block with one leaseholder, Rita, two months in arrears on
// Flat 1: £300.00 due 29 December and £250.25 due 2 February, with the
// next quarter's £120.00 not due until April.
type world struct {
	t       *testing.T
	ctx     context.Context
	db      *tenants.DB
	site    int64
	unit    int64
	occ     int64
	person  int64
	manager int64
	bank    int64
	overdue []ledger.Invoice
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), db: testdb.Org(t, "acme")}
	w.write(func(tx *sql.Tx) error {
		if err := ledger.EnsureChart(w.ctx, tx, now); err != nil {
			return err
		}
		if err := testdb.Summaries(w.ctx, tx, now); err != nil {
			return err
		}
		site, err := estate.CreateSite(w.ctx, tx, estate.SiteInput{Name: "Quay House", Kind: estate.KindBlock,
			AddressLine1: "1 Quay", Town: "Bristol", Postcode: "BS1 4RN"}, now)
		if err != nil {
			return err
		}
		w.site = site.ID
		u, err := estate.CreateUnit(w.ctx, tx, site.ID, estate.UnitInput{Name: "Flat 1"}, now)
		if err != nil {
			return err
		}
		w.unit = u.ID
		p, err := estate.CreatePerson(w.ctx, tx, estate.PersonInput{FullName: "Rita Resident", Email: "rita@example.com", PortalEnabled: true}, now)
		if err != nil {
			return err
		}
		w.person = p.ID
		m, err := estate.CreatePerson(w.ctx, tx, estate.PersonInput{FullName: "Mo Manager", Email: "mo@example.com", PortalEnabled: true}, now)
		if err != nil {
			return err
		}
		w.manager = m.ID
		start := day("2020-01-01")
		if _, err := estate.LinkPerson(w.ctx, tx, now, u.ID, p.ID, estate.RoleLeaseholder, start, nil); err != nil {
			return err
		}
		occs, err := estate.OccupanciesOfUnit(w.ctx, tx, u.ID)
		if err != nil {
			return err
		}
		w.occ = occs[0].ID
		bank, err := ledger.CreateBankAccount(w.ctx, tx, now, site.ID, ledger.BankAccountInput{Name: "Quay client account",
			SortCode: "12-34-56", AccountNumber: "12345678"})
		if err != nil {
			return err
		}
		w.bank = bank.ID
		for _, d := range []struct {
			issue, due string
			amount     int64
		}{{"2025-12-01", "2025-12-29", 300_00}, {"2026-01-05", "2026-02-02", 250_25}, {"2026-03-10", "2026-04-07", 120_00}} {
			inv, err := w.demand(tx, d.issue, d.due, d.amount)
			if err != nil {
				return err
			}
			if d.due < "2026-03-14" {
				w.overdue = append(w.overdue, inv)
			}
		}
		return nil
	})
	return w
}

func (w *world) demand(tx *sql.Tx, issue, due string, amount int64) (ledger.Invoice, error) {
	cts, err := ledger.ChargeTypes(w.ctx, tx)
	if err != nil {
		return ledger.Invoice{}, err
	}
	return ledger.RaiseDemand(w.ctx, tx, now, ledger.DemandInput{UnitID: w.unit, IssueDate: day(issue), DueDate: day(due),
		Lines: []ledger.DemandLine{{ChargeTypeID: cts[0].ID, Description: "Service charge", Amount: amount}}})
}

func (w *world) write(fn func(tx *sql.Tx) error) {
	w.t.Helper()
	if err := w.db.Write(w.ctx, fn); err != nil {
		if e, ok := errs.As(err); ok && len(e.Fields) > 0 {
			w.t.Fatal(e.Fields)
		}
		w.t.Fatal(err)
	}
}

// try runs fn in a write transaction and returns its error.
func (w *world) try(fn func(tx *sql.Tx) error) error { return w.db.Write(w.ctx, fn) }

// proposal is a plan for Rita's arrears in n monthly instalments from
// first.
func (w *world) proposal(n int, first string) Proposal {
	return Proposal{UnitID: w.unit, OccupancyID: w.occ, Instalments: n, Frequency: Monthly, First: day(first), By: w.manager}
}

// offered offers Rita a plan and has her accept it.
func (w *world) accepted(n int, first string) Plan {
	w.t.Helper()
	var p Plan
	w.write(func(tx *sql.Tx) error {
		var err error
		if p, err = Offer(w.ctx, tx, now, day("2026-03-14"), w.proposal(n, first)); err != nil {
			return err
		}
		p, err = Accept(w.ctx, tx, now, day("2026-03-14"), p, w.person)
		return err
	})
	return p
}

// pay records a bank receipt from Rita on the day.
func (w *world) pay(on string, amount int64) {
	w.t.Helper()
	w.write(func(tx *sql.Tx) error {
		_, err := ledger.RecordReceipt(w.ctx, tx, now, ledger.ReceiptInput{UnitID: w.unit, AccountID: w.bank, Date: day(on),
			Amount: amount, Method: "bank transfer", Reference: "RITA"})
		return err
	})
}

// review runs the daily review on the day.
func (w *world) review(on string) []Event {
	w.t.Helper()
	var evs []Event
	w.write(func(tx *sql.Tx) error {
		var err error
		evs, err = Review(w.ctx, tx, now, day(on))
		return err
	})
	return evs
}

func (w *world) plan(publicID string) Plan {
	w.t.Helper()
	p, err := Get(w.ctx, w.db.Read(), publicID)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *world) count(query string) int {
	w.t.Helper()
	var n int
	if err := w.db.Read().QueryRowContext(w.ctx, query).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}
