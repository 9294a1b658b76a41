package webtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/pdftext"
	"porch/ledger"
)

// MoneyBook writes a book's history straight through the ledger, as the
// manager screens would, for the resident money screens' tests.
type MoneyBook struct {
	F       *Fixture
	Slug    string
	Bank    int64
	Charges map[string]int64 // charge type ids by name
	By      int64            // the manager who posts
}

// NewMoneyBook opens the org's book with a client bank account for the
// site.
func NewMoneyBook(f *Fixture, slug string, siteID, managerID int64) *MoneyBook {
	f.T.Helper()
	mb := &MoneyBook{F: f, Slug: slug, Charges: map[string]int64{}, By: managerID}
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		if err := ledger.EnsureChart(ctx, tx, Now); err != nil {
			return err
		}
		acct, err := ledger.CreateBankAccount(ctx, tx, Now, siteID, ledger.BankAccountInput{
			Name: "Harbour View client account", SortCode: "12-34-56", AccountNumber: "12345678"})
		if err != nil {
			return err
		}
		mb.Bank = acct.ID
		types, err := ledger.ChargeTypes(ctx, tx)
		for _, ct := range types {
			mb.Charges[ct.Name] = ct.ID
		}
		return err
	})
	return mb
}

// ISODay reads a YYYY-MM-DD date for the ledger.
func ISODay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// MoneyCharge is one line of a demand: a charge type by name and pence.
type MoneyCharge struct {
	Name   string
	Amount int64
}

// Demand raises an invoice for the unit, due four weeks after issue, or
// with ground rent among its lines 30 days after, as the law asks.
func (mb *MoneyBook) Demand(unitID int64, issue string, lines ...MoneyCharge) ledger.Invoice {
	mb.F.T.Helper()
	in := ledger.DemandInput{UnitID: unitID, IssueDate: ISODay(issue), DueDate: ISODay(issue).AddDate(0, 0, 28), CreatedBy: mb.By}
	for _, l := range lines {
		id, ok := mb.Charges[l.Name]
		if !ok {
			mb.F.T.Fatalf("no charge type %q", l.Name)
		}
		in.Lines = append(in.Lines, ledger.DemandLine{ChargeTypeID: id, Description: l.Name + " " + issue, Amount: l.Amount})
	}
	var inv ledger.Invoice
	mb.F.DbWrite(mb.Slug, func(ctx context.Context, tx *sql.Tx) error {
		for _, l := range in.Lines {
			if ct, err := ledger.ChargeTypeByID(ctx, tx, l.ChargeTypeID); err != nil {
				return err
			} else if ct.Kind == ledger.ChargeGroundRent {
				in.DueDate = in.IssueDate.AddDate(0, 0, ledger.RentNoticeMinDays)
			}
		}
		var err error
		inv, err = ledger.RaiseDemand(ctx, tx, Now, in)
		return err
	})
	return inv
}

// Receipt records money received for the unit, paying invoice first when
// given (else the oldest), and returns the receipt's public id and journal.
func (mb *MoneyBook) Receipt(unitID int64, date string, amount int64, invoice *ledger.Invoice, ref string) (string, int64) {
	mb.F.T.Helper()
	in := ledger.ReceiptInput{UnitID: unitID, AccountID: mb.Bank, Date: ISODay(date), Amount: amount,
		Method: ledger.MethodBankTransfer, Reference: ref, CreatedBy: mb.By}
	if invoice != nil {
		in.InvoiceID = invoice.ID
	}
	var id int64
	var pub string
	mb.F.DbWrite(mb.Slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if id, err = ledger.RecordReceipt(ctx, tx, Now, in); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT public_id FROM journals WHERE id = ?`, id).Scan(&pub)
	})
	return pub, id
}

// Credit gives the unit a credit note on a charge.
func (mb *MoneyBook) Credit(unitID int64, date, chargeName string, amount int64, reason string) int64 {
	mb.F.T.Helper()
	var id int64
	mb.F.DbWrite(mb.Slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = ledger.CreditNote(ctx, tx, Now, ledger.CreditInput{UnitID: unitID, ChargeTypeID: mb.Charges[chargeName],
			Date: ISODay(date), Amount: amount, Reason: reason, CreatedBy: mb.By})
		return err
	})
	return id
}

// Reverse undoes a journal.
func (mb *MoneyBook) Reverse(journalID int64, date, reason string) int64 {
	mb.F.T.Helper()
	var id int64
	mb.F.DbWrite(mb.Slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = ledger.Reverse(ctx, tx, Now, journalID, ISODay(date), reason, mb.By)
		return err
	})
	return id
}

// LinkPerson ties a person to a unit for a period (end "" for open-ended).
func (f *Fixture) LinkPerson(slug string, unitID, personID int64, role, start, end string) {
	f.T.Helper()
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var until *time.Time
		if end != "" {
			e := ISODay(end)
			until = &e
		}
		_, err := estate.LinkPerson(ctx, tx, time.Now(), unitID, personID, role, ISODay(start), until)
		return err
	})
}

// AddPortalPerson creates a person who may use the portal.
func (f *Fixture) AddPortalPerson(slug, name, email string) estate.Person {
	f.T.Helper()
	var p estate.Person
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, Now)
		return err
	})
	return p
}

// AddUnit creates a unit of the site with no share of its costs.
func (f *Fixture) AddUnit(slug string, siteID int64, name string) estate.Unit {
	f.T.Helper()
	var u estate.Unit
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		u, err = estate.CreateUnit(ctx, tx, siteID, estate.UnitInput{Name: name, Share: "0"}, Now)
		return err
	})
	return u
}

// AddStaff creates a member of staff who is not a manager.
func (f *Fixture) AddStaff(slug, name, email string) estate.Person {
	f.T.Helper()
	return f.AddStaffAs(slug, name, email, estate.StaffRoleStaff)
}

// AddStaffAs creates a member of staff with the role.
func (f *Fixture) AddStaffAs(slug, name, email, role string) estate.Person {
	f.T.Helper()
	var p estate.Person
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, Now); err != nil {
			return err
		}
		return estate.AddStaff(ctx, tx, p.ID, role, Now)
	})
	return p
}

// MoneyWorld is the people fixture with a year of Flat 1's account
// (Alice's), and Flat 2 held by Dan until Bob bought it. Today is
// 15 March 2026.
type MoneyWorld struct {
	F    *Fixture
	Ppl  People
	Book *MoneyBook
	Dan  estate.Person

	// Flat 1: paid, overdue, part-paid, outstanding and cancelled invoices.
	Paid, Overdue, PartPaid, Outstanding, Cancelled ledger.Invoice
	AliceReceipt                                    string   // paid the first invoice in full
	AliceReceipts                                   [3]int64 // the journals of her three receipts, oldest first
	// Flat 2: Dan's invoice and receipt, then Bob's.
	DanInvoice, BobInvoice ledger.Invoice
	DanReceipt, BobReceipt string
}

func NewMoneyWorld(t *testing.T) *MoneyWorld {
	t.Helper()
	f := NewFixture(t, nil, Acme, Bravo)
	w := &MoneyWorld{F: f, Ppl: f.SeedPeople("acme")}
	w.Book = NewMoneyBook(f, "acme", w.Ppl.FlatA.SiteID, w.Ppl.Manager.ID)
	a, b := w.Ppl.FlatA.ID, w.Ppl.FlatB.ID

	// Dan held Flat 2 before Bob (whose lease starts 14 March 2024).
	w.Dan = f.AddPortalPerson("acme", "Dan Dimitrov", "dan@example.com")
	f.LinkPerson("acme", b, w.Dan.ID, estate.RoleLeaseholder, "2023-01-01", "2024-03-13")
	w.DanInvoice = w.Book.Demand(b, "2023-06-01", MoneyCharge{"Service charge", 500_00})
	w.DanReceipt, _ = w.Book.Receipt(b, "2023-06-20", 500_00, nil, "DIMITROV FLAT2")
	w.BobInvoice = w.Book.Demand(b, "2024-06-01", MoneyCharge{"Service charge", 650_00})
	w.BobReceipt, _ = w.Book.Receipt(b, "2024-06-15", 650_00, nil, "BRENNAN FLAT2")

	// Flat 1, Alice's, over the last year.
	w.Paid = w.Book.Demand(a, "2025-04-01", MoneyCharge{"Service charge", 600_00}, MoneyCharge{"Reserve fund", 150_00})
	w.AliceReceipt, w.AliceReceipts[0] = w.Book.Receipt(a, "2025-04-20", 750_00, nil, "ADEYEMI FLAT1")
	w.Overdue = w.Book.Demand(a, "2025-07-01", MoneyCharge{"Service charge", 600_00})
	_, w.AliceReceipts[1] = w.Book.Receipt(a, "2025-07-10", 250_00, nil, "ADEYEMI")
	w.Book.Credit(a, "2025-10-01", "Service charge", 50_00, "Lift out of service")
	w.Cancelled = w.Book.Demand(a, "2025-12-01", MoneyCharge{"Administration fee", 30_00})
	var cancelledJournal int64
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT journal_id FROM invoices WHERE id = ?`, w.Cancelled.ID).Scan(&cancelledJournal)
	})
	w.Book.Reverse(cancelledJournal, "2025-12-05", "raised in error")
	w.PartPaid = w.Book.Demand(a, "2026-03-01", MoneyCharge{"Service charge", 600_00}, MoneyCharge{"Ground rent", 100_00})
	_, w.AliceReceipts[2] = w.Book.Receipt(a, "2026-03-05", 200_00, &w.PartPaid, "ADEYEMI MAR")
	w.Outstanding = w.Book.Demand(a, "2026-03-10", MoneyCharge{"Ground rent", 100_00})
	return w
}

// SignIn returns a browser signed in as p.
func (w *MoneyWorld) SignIn(p estate.Person) *Browser {
	b := w.F.Browser("acme." + Base)
	b.SignInAs("acme", p)
	return b
}

// MoneyURLs are every money address of a unit, with an invoice and a
// receipt of it.
func MoneyURLs(unit, invoice, receipt string) []string {
	u := "/money/units/" + unit
	return []string{u + "/statement", u + "/statement?from=2020-01-01", u + "/statement.pdf",
		u + "/statement.csv?from=2020-01-01", u + "/invoices", u + "/invoices?all=1",
		"/money/invoices/" + invoice + ".pdf", "/money/receipts/" + receipt + ".pdf",
		"/money?unit=" + unit}
}

func InvNo(n int64) string { return strconv.FormatInt(n, 10) }

// PDFText reads a PDF's text the way a reader's copy and paste would
// (args as pdftext.Read takes them), spaces joined.
func PDFText(t *testing.T, doc []byte, args ...string) string {
	t.Helper()
	return strings.Join(strings.Fields(pdftext.Read(t, doc, args...)), " ")
}

func ReadCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	return records
}
