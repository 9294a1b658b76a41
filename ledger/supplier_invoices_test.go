package ledger

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// spendingBook is a block with a bank account, and another site with its
// own, in a fresh book.
type spendingBook struct {
	db        *tenants.DB
	ctx       context.Context
	site      int64
	bank      int64
	otherBank int64
}

func newSpendingBook(t *testing.T) *spendingBook {
	t.Helper()
	db, ctx := book(t)
	units, bank := estateFor(t, db, ctx, 2)
	b := &spendingBook{db: db, ctx: ctx, bank: bank}
	if err := db.ReadPool().QueryRow(`SELECT site_id FROM units WHERE id = ?`, units[0]).Scan(&b.site); err != nil {
		t.Fatal(err)
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		other, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill Court", Kind: estate.KindBlock,
			AddressLine1: "2 Mill Lane", Town: "Bath", Postcode: "BA1 1AA"}, t0)
		if err != nil {
			return err
		}
		a, err := CreateBankAccount(ctx, tx, t0, other.ID, BankAccountInput{Name: "Mill Court client", SortCode: "11-22-33", AccountNumber: "87654321"})
		b.otherBank = a.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *spendingBook) input() SupplierInvoiceInput {
	return SupplierInvoiceInput{SiteID: b.site, Supplier: "Bristol Water", Number: "BW-20417",
		InvoiceDate: day("2026-04-03"), DueDate: day("2026-05-03"), Head: "utilities",
		Description: "Water for the common parts", Net: 21450, VAT: 0, FileHash: "f00d", FileName: "bw-20417.pdf"}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func (b *spendingBook) record(t *testing.T, in SupplierInvoiceInput) SupplierInvoice {
	t.Helper()
	var s SupplierInvoice
	err := b.db.Write(b.ctx, func(tx *sql.Tx) (err error) {
		s, err = RecordSupplierInvoice(b.ctx, tx, t0, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (b *spendingBook) total(t *testing.T, code string) int64 {
	t.Helper()
	var n int64
	if err := b.db.ReadPool().QueryRow(`SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = ?`, code).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// balanced checks that every journal, and so the whole ledger, sums to zero.
func (b *spendingBook) balanced(t *testing.T) {
	t.Helper()
	var sum, unbalanced int64
	q := b.db.ReadPool()
	if err := q.QueryRow(`SELECT coalesce(sum(amount), 0) FROM postings`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow(`SELECT count(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING sum(amount) <> 0)`).Scan(&unbalanced); err != nil {
		t.Fatal(err)
	}
	if sum != 0 || unbalanced != 0 {
		t.Fatalf("the ledger does not balance: postings sum to %d, %d journals unbalanced", sum, unbalanced)
	}
}

func fieldsOf(t *testing.T, err error) errs.Fields {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("want a refusal with field messages, got %v", err)
	}
	return e.Fields
}

func TestRecordSupplierInvoiceChecksEveryField(t *testing.T) {
	t.Parallel()
	b := newSpendingBook(t)
	bad := SupplierInvoiceInput{SiteID: b.site, InvoiceDate: day("2026-04-03"), DueDate: day("2026-04-01"), Head: "reserve_fund",
		Net: 0, VAT: -1, ApportionmentID: 99999}
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := RecordSupplierInvoice(b.ctx, tx, t0, bad)
		return err
	})
	f := fieldsOf(t, err)
	for _, k := range []string{"supplier", "number", "description", "due_date", "head", "net", "vat", "file", "schedule"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM supplier_invoices`); n != 0 {
		t.Fatalf("a refused bill was stored")
	}

	s := b.record(t, b.input())
	if s.Status != SupplierReceived || s.Total() != 21450 || s.HeadLabel() != "Electricity and water for common parts" || s.SiteName != "Quay" {
		t.Fatalf("recorded %+v", s)
	}
	if n := b.count(t, `SELECT count(*) FROM journals`); n != 0 {
		t.Fatalf("recording a bill posted %d journals", n)
	}
	// The same supplier's number twice for the site is refused.
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := RecordSupplierInvoice(b.ctx, tx, t0, b.input())
		return err
	})
	if f := fieldsOf(t, err); !strings.Contains(f["number"], "already recorded") {
		t.Fatalf("duplicate number: %v", f)
	}
}

func (b *spendingBook) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := b.db.ReadPool().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSupplierInvoiceApproveAndPay follows a bill from approval, which
// posts the expense, to payment from the site's bank, refusing every
// wrong state, bank, date and amount on the way, with the ledger
// balanced throughout.
func TestSupplierInvoiceApproveAndPay(t *testing.T) {
	t.Parallel()
	b := newSpendingBook(t)
	s := b.record(t, b.input())
	pay := func(in SupplierInvoicePayment) (SupplierInvoice, error) {
		var got SupplierInvoice
		err := b.db.Write(b.ctx, func(tx *sql.Tx) (err error) {
			got, _, err = PaySupplierInvoice(b.ctx, tx, t0, in)
			return err
		})
		return got, err
	}
	good := SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.bank, Date: day("2026-04-20")}

	// A received bill cannot be paid.
	if _, err := pay(good); !strings.Contains(fieldsOf(t, err)["form"], "not been approved") {
		t.Fatalf("paying a received bill: %v", err)
	}

	err := b.db.Write(b.ctx, func(tx *sql.Tx) (err error) {
		s, err = ApproveSupplierInvoice(b.ctx, tx, t0, s.PublicID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != SupplierApproved || s.JournalID == 0 {
		t.Fatalf("approved: %+v", s)
	}
	if got := b.total(t, BlockExpenditureCode); got != 21450 {
		t.Errorf("5200 holds %d, want 21450", got)
	}
	if got := b.total(t, "2300"); got != -21450 {
		t.Errorf("2300 holds %d, want -21450", got)
	}
	var memo, date string
	b.db.ReadPool().QueryRow(`SELECT p.memo, j.date FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = '2300' AND j.id = ?`, s.JournalID).Scan(&memo, &date)
	if memo != "Bristol Water" || date != "2026-04-03" {
		t.Errorf("expense posted to 2300 with memo %q on %s", memo, date)
	}
	// A block's bill is paid invoice by invoice, not from the landlords'
	// suppliers' balances.
	owed, err := SuppliersOwed(b.ctx, b.db.Read())
	if err != nil || len(owed) != 0 {
		t.Errorf("landlords' suppliers owed %v %v", owed, err)
	}
	b.balanced(t)

	// Approving twice is refused.
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, err := ApproveSupplierInvoice(b.ctx, tx, t0, s.PublicID, 0)
		return err
	})
	if !strings.Contains(fieldsOf(t, err)["form"], "already approved") {
		t.Fatalf("approving twice: %v", err)
	}

	for name, tc := range map[string]struct {
		in    SupplierInvoicePayment
		field string
		want  string
	}{
		"another site's bank": {SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.otherBank, Date: day("2026-04-20")}, "account", "Quay's bank accounts"},
		"not a bank":          {SupplierInvoicePayment{PublicID: s.PublicID, AccountID: 1, Date: day("2026-04-20")}, "account", "Choose a bank account"},
		"no bank":             {SupplierInvoicePayment{PublicID: s.PublicID, Date: day("2026-04-20")}, "account", "Choose the bank account"},
		"before the invoice":  {SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.bank, Date: day("2026-04-01")}, "date", "before the invoice"},
		"no date":             {SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.bank}, "date", "Enter the date"},
		"part payment":        {SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.bank, Date: day("2026-04-20"), Amount: 20000}, "amount", "£214.50"},
	} {
		if _, err := pay(tc.in); !strings.Contains(fieldsOf(t, err)[tc.field], tc.want) {
			t.Errorf("%s: %v, want %q on %s", name, err, tc.want, tc.field)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM journals WHERE kind = 'payout'`); n != 0 {
		t.Fatalf("refused payments posted %d journals", n)
	}

	s, err = pay(good)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != SupplierPaid || s.PaidOn.Format(time.DateOnly) != "2026-04-20" || s.PaidFrom != "Client" {
		t.Fatalf("paid: %+v", s)
	}
	if b.total(t, "2300") != 0 || b.total(t, "1001") != -21450 {
		t.Errorf("after paying, 2300 %d and bank %d", b.total(t, "2300"), b.total(t, "1001"))
	}
	var ref, desc string
	b.db.ReadPool().QueryRow(`SELECT reference, description FROM journals WHERE id = ?`, s.PaymentJournalID).Scan(&ref, &desc)
	if ref != "BW-20417" || desc != "Paid Bristol Water" {
		t.Errorf("payment journal %q %q", ref, desc)
	}
	if _, err := pay(good); !strings.Contains(fieldsOf(t, err)["form"], "already paid") {
		t.Fatalf("paying twice: %v", err)
	}
	b.balanced(t)
}

func TestRejectSupplierInvoice(t *testing.T) {
	t.Parallel()
	b := newSpendingBook(t)
	s := b.record(t, b.input())
	reject := func(reason string) (SupplierInvoice, error) {
		var got SupplierInvoice
		err := b.db.Write(b.ctx, func(tx *sql.Tx) (err error) {
			got, err = RejectSupplierInvoice(b.ctx, tx, t0, s.PublicID, reason, 0)
			return err
		})
		return got, err
	}
	if _, err := reject("  "); fieldsOf(t, err)["reason"] == "" {
		t.Fatalf("a rejection without a reason: %v", err)
	}
	got, err := reject("Charged for the wrong block")
	if err != nil || got.Status != SupplierRejected || got.StatusNote != "Charged for the wrong block" {
		t.Fatalf("rejected: %+v %v", got, err)
	}
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, _, err := PaySupplierInvoice(b.ctx, tx, t0, SupplierInvoicePayment{PublicID: s.PublicID, AccountID: b.bank, Date: day("2026-04-20")})
		return err
	})
	if !strings.Contains(fieldsOf(t, err)["form"], "rejected") {
		t.Fatalf("paying a rejected bill: %v", err)
	}
	// A rejected bill's number may be recorded again, corrected.
	b.record(t, b.input())
	if n := b.count(t, `SELECT count(*) FROM journals`); n != 0 {
		t.Fatalf("rejecting posted %d journals", n)
	}
	list, total, err := SupplierInvoices(b.ctx, b.db.Read(), SupplierInvoiceFilter{SiteID: b.site, Status: SupplierReceived})
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("received bills: %d %v", total, err)
	}
}
