package ledger

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// estateFor makes a block site with n units sharing it equally-ish, a let
// unit with a landlord, and a bank account; it returns the unit ids (the
// let unit last) and the bank account id.
func estateFor(t *testing.T, db *tenants.DB, ctx context.Context, n int) ([]int64, int64) {
	t.Helper()
	var units []int64
	var bank int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Quay", Kind: estate.KindBlock,
			AddressLine1: "1 Quay", Town: "Bristol", Postcode: "BS1 4RN"}, t0)
		if err != nil {
			return err
		}
		for i := range n {
			u, err := estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat " + string(rune('A'+i))}, t0)
			if err != nil {
				return err
			}
			units = append(units, u.ID)
		}
		let, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lettings", Kind: estate.KindLettings}, t0)
		if err != nil {
			return err
		}
		u, err := estate.CreateUnit(ctx, tx, let.ID, estate.UnitInput{Name: "12 Albion Road", AddressLine1: "12 Albion Road",
			Town: "London", Postcode: "N16 9JS"}, t0)
		if err != nil {
			return err
		}
		owner, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Lena Landlord"}, t0)
		if err != nil {
			return err
		}
		if _, err := estate.LinkPerson(ctx, tx, time.Now(), u.ID, owner.ID, estate.RoleOwner, t0.AddDate(-5, 0, 0), nil); err != nil {
			return err
		}
		units = append(units, u.ID)
		b, err := CreateBankAccount(ctx, tx, t0, site.ID, BankAccountInput{Name: "Client", SortCode: "12-34-56", AccountNumber: "12345678"})
		bank = b.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return units, bank
}

func chargeIDs(t *testing.T, db *tenants.DB, ctx context.Context) (income []int64, rent int64) {
	cts, err := ChargeTypes(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cts {
		if c.IsClientMoney() {
			rent = c.ID
		} else {
			income = append(income, c.ID)
		}
	}
	return income, rent
}

// randomHistory writes a random history of a few units' accounts, one
// step at a time: demands of one to three lines, receipts (some for a
// chosen invoice, which may be another unit's and is then refused), credit
// notes and reversals of any earlier entry.
type randomHistory struct {
	r                  *rand.Rand
	units              []int64 // the let unit last
	bank, rent         int64
	income             []int64
	date               time.Time
	journals, invoices []int64
}

func newRandomHistory(t *testing.T, db *tenants.DB, ctx context.Context, units int, seed uint64) *randomHistory {
	t.Helper()
	h := &randomHistory{r: rand.New(rand.NewPCG(seed, 7)), date: t0}
	h.units, h.bank = estateFor(t, db, ctx, units)
	h.income, h.rent = chargeIDs(t, db, ctx)
	return h
}

// step writes one random entry, a few days after the last.
func (h *randomHistory) step(ctx context.Context, tx *sql.Tx) error {
	r := h.r
	h.date = h.date.AddDate(0, 0, r.IntN(5))
	date := h.date
	unit := h.units[r.IntN(len(h.units))]
	charge := func() int64 {
		if unit == h.units[len(h.units)-1] {
			return h.rent
		}
		return h.income[r.IntN(len(h.income))]
	}
	switch op := r.IntN(10); {
	case op < 4:
		var lines []DemandLine
		for range 1 + r.IntN(3) {
			lines = append(lines, DemandLine{ChargeTypeID: charge(), Amount: 1 + r.Int64N(200000)})
		}
		inv, err := RaiseDemand(ctx, tx, date, DemandInput{UnitID: unit, IssueDate: date, DueDate: date.AddDate(0, 0, RentNoticeMinDays), Lines: lines})
		if err != nil {
			return err
		}
		h.journals, h.invoices = append(h.journals, inv.JournalID), append(h.invoices, inv.ID)
		return ApplyCredit(ctx, tx, date, unit)
	case op < 7:
		in := ReceiptInput{UnitID: unit, AccountID: h.bank, Date: date, Amount: 1 + r.Int64N(250000)}
		if len(h.invoices) > 0 && r.IntN(3) == 0 {
			in.InvoiceID = h.invoices[r.IntN(len(h.invoices))]
		}
		id, err := RecordReceipt(ctx, tx, date, in)
		if errs.Is(err, errs.Invalid) {
			return nil // another unit's invoice: refused, nothing written
		}
		h.journals = append(h.journals, id)
		return err
	case op < 8:
		id, err := CreditNote(ctx, tx, date, CreditInput{UnitID: unit, ChargeTypeID: charge(), Date: date, Amount: 1 + r.Int64N(30000), Reason: "goodwill"})
		h.journals = append(h.journals, id)
		return err
	default:
		if len(h.journals) == 0 {
			return nil
		}
		_, err := Reverse(ctx, tx, date, h.journals[r.IntN(len(h.journals))], date, "entered in error", 0)
		if errs.Is(err, errs.Conflict) {
			return nil // already reversed: refused, nothing written
		}
		return err
	}
}

// TestLedgerInvariantsUnderRandomOperations drives a random sequence of
// demands, receipts, credits and reversals and checks after every step that
// every journal balances, the trial balance is zero, each unit's statement
// balance equals the sum of its debtor postings, and allocations agree with
// the ledger: balance = outstanding invoices - unallocated credit.
func TestLedgerInvariantsUnderRandomOperations(t *testing.T) {
	db, ctx := book(t)
	h := newRandomHistory(t, db, ctx, 5, 42)
	for step := range 400 {
		if err := db.Write(ctx, func(tx *sql.Tx) error { return h.step(ctx, tx) }); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		checkInvariants(t, db, ctx, h.units, step)
	}
}

func checkInvariants(t *testing.T, db *tenants.DB, ctx context.Context, units []int64, step int) {
	t.Helper()
	q := db.ReadPool()
	var unbalanced int
	if err := q.QueryRow(`SELECT count(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING sum(amount) <> 0)`).Scan(&unbalanced); err != nil {
		t.Fatal(err)
	}
	if unbalanced != 0 {
		t.Fatalf("step %d: %d journals do not balance", step, unbalanced)
	}
	// The totals the ledger keeps agree with the entries they total: each
	// debtor account's balance with its postings, each invoice's paid with
	// its allocations.
	var drift int
	if err := q.QueryRow(`SELECT count(*) FROM (
			SELECT coalesce(p.unit_id, 0) AS u, coalesce(p.occupancy_id, 0) AS o, sum(p.amount) AS s FROM postings p
			WHERE ` + debtorPostings + ` GROUP BY 1, 2) x
		FULL JOIN debtor_balances b ON b.unit_id = x.u AND b.occupancy_id = x.o
		WHERE coalesce(x.s, 0) <> coalesce(b.balance, 0)`).Scan(&drift); err != nil {
		t.Fatal(err)
	}
	if drift != 0 {
		t.Fatalf("step %d: %d debtor balances differ from their postings", step, drift)
	}
	if err := q.QueryRow(`SELECT count(*) FROM invoices i
		WHERE i.paid <> coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0)`).Scan(&drift); err != nil {
		t.Fatal(err)
	}
	if drift != 0 {
		t.Fatalf("step %d: %d invoices' paid differs from their allocations", step, drift)
	}
	tb, err := Trial(ctx, q, time.Time{})
	if err != nil || tb.Total != 0 {
		t.Fatalf("step %d: trial balance total %d (%v)", step, tb.Total, err)
	}
	for _, u := range units {
		bal, _ := UnitBalance(ctx, q, u)
		st, err := UnitStatement(ctx, q, u, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Closing != bal || st.Opening+st.Demanded-st.Paid != st.Closing {
			t.Fatalf("step %d unit %d: statement %+v vs balance %d", step, u, st.Closing, bal)
		}
		invs, _ := UnitInvoices(ctx, q, u)
		// Per account (occupancy): nothing owed while credit sits unused.
		var outstanding int64
		owed, unused := map[int64]int64{}, map[int64]int64{}
		for _, inv := range invs {
			if inv.Paid < 0 || inv.Paid > inv.Total {
				t.Fatalf("step %d: invoice %d paid %d of %d", step, inv.Number, inv.Paid, inv.Total)
			}
			outstanding += inv.Outstanding()
			owed[inv.OccupancyID] += inv.Outstanding()
		}
		var free int64
		err = db.Write(ctx, func(tx *sql.Tx) error {
			list, err := unallocated(ctx, tx, u)
			for _, f := range list {
				free += f.amount
				unused[f.occupancy] += f.amount
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for occ, n := range owed {
			if n > 0 && unused[occ] > 0 {
				t.Fatalf("step %d unit %d account %d: %d outstanding while %d credit sits unallocated", step, u, occ, n, unused[occ])
			}
		}
		if bal != outstanding-free {
			t.Fatalf("step %d unit %d: balance %d != outstanding %d - credit %d", step, u, bal, outstanding, free)
		}
	}
}
