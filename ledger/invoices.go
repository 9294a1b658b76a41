package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// DemandLine is one charge on a demand.
type DemandLine struct {
	ChargeTypeID int64
	Description  string
	Amount       int64 // minor units, positive
}

// DemandInput is a demand (an invoice) for one unit.
type DemandInput struct {
	UnitID     int64
	IssueDate  time.Time
	DueDate    time.Time
	Lines      []DemandLine
	Period     string // optional, e.g. "2026 Q2"; used by schedules
	ScheduleID int64  // set by schedules
	CreatedBy  int64
	// ApportionmentID is the site's schedule a demand on all its units was
	// split by (set by bulk demands); 0 for a demand on one unit.
	ApportionmentID int64
	// OccupancyID is the account charged: 0 for the unit's paying
	// occupancy on the issue date (estate.PayerOn).
	OccupancyID int64
}

// Invoice is a demand as stored.
type Invoice struct {
	ID        int64
	PublicID  string
	Number    int64
	UnitID    int64
	JournalID int64
	// OccupancyID is the lease or tenancy whose account the invoice is
	// on; 0 for a unit that had none.
	OccupancyID int64
	IssueDate   time.Time
	DueDate     time.Time
	Total       int64
	Paid        int64 // allocated receipts and credits
	Period      string
}

// Outstanding is what is still owed on the invoice.
func (i Invoice) Outstanding() int64 { return i.Total - i.Paid }

// Invoice statuses.
const (
	StatusOutstanding = "outstanding"
	StatusPartPaid    = "part-paid"
	StatusPaid        = "paid"
	StatusOverdue     = "overdue"
)

// Status is the invoice's status on the date today.
func (i Invoice) Status(today time.Time) string {
	switch {
	case i.Paid >= i.Total:
		return StatusPaid
	case sqldb.FormatDate(today) > sqldb.FormatDate(i.DueDate):
		return StatusOverdue
	case i.Paid > 0:
		return StatusPartPaid
	}
	return StatusOutstanding
}

// earliest and latest dates accepted, to catch typing mistakes.
var (
	minDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// validate checks a demand and returns field messages.
func (in *DemandInput) validate() errs.Fields {
	f := errs.Fields{}
	if in.UnitID == 0 {
		f.Add("unit", "Choose the unit to demand from.")
	}
	switch {
	case in.IssueDate.IsZero():
		f.Add("issue_date", "Enter the issue date.")
	case in.IssueDate.Before(minDate) || !in.IssueDate.Before(maxDate):
		f.Add("issue_date", "Enter an issue date between 2000 and 2099.")
	}
	switch {
	case in.DueDate.IsZero():
		f.Add("due_date", "Enter the due date.")
	case in.DueDate.Before(minDate) || !in.DueDate.Before(maxDate):
		f.Add("due_date", "Enter a due date between 2000 and 2099.")
	case !in.IssueDate.IsZero() && in.DueDate.Before(in.IssueDate):
		f.Add("due_date", "The due date cannot be before the issue date.")
	}
	if len(in.Lines) == 0 {
		f.Add("lines", "Add at least one charge.")
	}
	var total int64
	for i, l := range in.Lines {
		key := fmt.Sprintf("lines.%d", i)
		if l.ChargeTypeID == 0 {
			f.Add(key+".charge_type", "Choose a charge type.")
		}
		if l.Amount <= 0 {
			f.Add(key+".amount", "Enter an amount greater than zero.")
		} else if l.Amount > 100_000_000_00 {
			f.Add(key+".amount", "That amount is too large for one charge.")
		}
		in.Lines[i].Description = strings.TrimSpace(l.Description)
		if len(in.Lines[i].Description) > 200 {
			f.Add(key+".description", "Keep the description to 200 characters or fewer.")
		}
		total += l.Amount
	}
	return f
}

// nextNumber takes the next value of a per-organisation sequence.
func nextNumber(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO sequences (name, next) VALUES (?, 2)
		ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next - 1`, name).Scan(&n)
	return n, err
}

// RaiseDemand posts a demand: the unit's debtor account is debited and each
// charge's account credited (income, or client money owed to the unit's
// landlord for rent), and an invoice with the next sequential number is
// recorded, all in tx.
func RaiseDemand(ctx context.Context, tx *sql.Tx, now time.Time, in DemandInput) (Invoice, error) {
	if err := in.validate().Err(); err != nil {
		return Invoice{}, err
	}
	debtors, err := accountByPurpose(ctx, tx, PurposeDebtors)
	if err != nil {
		return Invoice{}, err
	}
	occ, err := accountFor(ctx, tx, in.UnitID, in.OccupancyID, in.IssueDate)
	if err != nil {
		return Invoice{}, err
	}
	number, err := nextNumber(ctx, tx, "invoice")
	if err != nil {
		return Invoice{}, err
	}
	inv := Invoice{PublicID: sqldb.NewPublicID(), Number: number, UnitID: in.UnitID, OccupancyID: occ,
		IssueDate: in.IssueDate, DueDate: in.DueDate, Period: in.Period}
	j := Journal{Kind: KindDemand, Date: in.IssueDate, Description: fmt.Sprintf("Invoice %d", number),
		Reference: fmt.Sprint(number), CreatedBy: in.CreatedBy}
	var owner int64
	kinds := map[string]bool{}
	for _, l := range in.Lines {
		ct, err := ChargeTypeByID(ctx, tx, l.ChargeTypeID)
		if err != nil {
			return Invoice{}, errs.Fields{"lines": "One of the charge types no longer exists."}.Err()
		}
		kinds[ct.Kind] = true
		credit := Line{AccountID: ct.AccountID, Amount: -l.Amount, UnitID: in.UnitID, ChargeTypeID: ct.ID, Memo: l.Description}
		if ct.IsClientMoney() {
			if owner == 0 {
				if owner, err = ownerOf(ctx, tx, in.UnitID, in.IssueDate); err != nil {
					return Invoice{}, err
				}
			}
			credit.OwnerID = owner
		}
		j.Lines = append(j.Lines, Line{AccountID: debtors.ID, Amount: l.Amount, UnitID: in.UnitID, ChargeTypeID: ct.ID, Memo: l.Description,
			OccupancyID: occ}, credit)
		inv.Total += l.Amount
	}
	if err := checkDemandLaw(ctx, tx, in.UnitID, kinds, in.IssueDate, in.DueDate); err != nil {
		return Invoice{}, err
	}
	if inv.JournalID, _, err = Post(ctx, tx, now, j); err != nil {
		return Invoice{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO invoices (public_id, number, unit_id, journal_id, issue_date, due_date, total, schedule_id, period, created_at,
		occupancy_id, apportionment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, inv.PublicID, inv.Number, inv.UnitID, inv.JournalID,
		sqldb.FormatDate(inv.IssueDate), sqldb.FormatDate(inv.DueDate), inv.Total, nullID(in.ScheduleID), in.Period, sqldb.At(now),
		nullID(occ), nullID(in.ApportionmentID))
	if err != nil {
		return Invoice{}, fmt.Errorf("record invoice: %w", err)
	}
	inv.ID, _ = res.LastInsertId()
	for _, l := range in.Lines {
		desc := l.Description
		if desc == "" {
			ct, _ := ChargeTypeByID(ctx, tx, l.ChargeTypeID)
			desc = ct.Name
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invoice_lines (invoice_id, charge_type_id, description, amount) VALUES (?, ?, ?, ?)`,
			inv.ID, l.ChargeTypeID, desc, l.Amount); err != nil {
			return Invoice{}, err
		}
	}
	return inv, nil
}

// ownerOf is the unit's landlord on the date, for rent collected on their
// behalf. A let unit without an owner cannot be charged rent.
func ownerOf(ctx context.Context, q sqldb.Querier, unitID int64, on time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM unit_people WHERE unit_id = ? AND role = 'owner'
		AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date, id LIMIT 1`,
		unitID, sqldb.FormatDate(on), sqldb.FormatDate(on)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.Fields{"unit": "This unit has no landlord on that date, so rent cannot be collected for one. Link its owner first."}.Err()
	}
	return id, err
}

// accountByPurpose returns the single system account with that purpose.
func accountByPurpose(ctx context.Context, q sqldb.Querier, purpose string) (Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE purpose = ? ORDER BY code LIMIT 1`, purpose))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("ledger: no %s account: run EnsureChart", purpose)
	}
	return a, err
}

const invoiceCols = `i.id, i.public_id, i.number, i.unit_id, i.journal_id, i.issue_date, i.due_date, i.total, i.period,
	i.paid, coalesce(i.occupancy_id, 0)`

func scanInvoice(s interface{ Scan(...any) error }) (Invoice, error) {
	var inv Invoice
	var issue, due string
	err := s.Scan(&inv.ID, &inv.PublicID, &inv.Number, &inv.UnitID, &inv.JournalID, &issue, &due, &inv.Total, &inv.Period, &inv.Paid, &inv.OccupancyID)
	inv.IssueDate, inv.DueDate = sqldb.ParseDate(issue), sqldb.ParseDate(due)
	return inv, err
}

// GetInvoice returns an invoice by public id, or NotFound.
func GetInvoice(ctx context.Context, q sqldb.Querier, publicID string) (Invoice, error) {
	inv, err := scanInvoice(q.QueryRowContext(ctx, `SELECT `+invoiceCols+` FROM invoices i WHERE i.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, errs.E(errs.NotFound, "There is no such invoice.")
	}
	return inv, err
}

// InvoicesNumbered lists the invoices numbered first to last, in order.
func InvoicesNumbered(ctx context.Context, q sqldb.Querier, first, last int64) ([]Invoice, error) {
	return queryInvoices(ctx, q, `WHERE i.number BETWEEN ? AND ? ORDER BY i.number`, first, last)
}

// UnitInvoices lists a unit's invoices, newest first.
func UnitInvoices(ctx context.Context, q sqldb.Querier, unitID int64) ([]Invoice, error) {
	return queryInvoices(ctx, q, `WHERE i.unit_id = ? ORDER BY i.issue_date DESC, i.number DESC`, unitID)
}

// OpenInvoices lists a unit's invoices with something still owed, oldest
// first: the order receipts are allocated in.
func OpenInvoices(ctx context.Context, q sqldb.Querier, unitID int64) ([]Invoice, error) {
	all, err := queryInvoices(ctx, q, `WHERE i.unit_id = ? ORDER BY i.due_date, i.number`, unitID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, inv := range all {
		if inv.Outstanding() > 0 {
			out = append(out, inv)
		}
	}
	return out, nil
}

func queryInvoices(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Invoice, error) {
	return sqldb.QueryAll(ctx, q, scanInvoice, `SELECT `+invoiceCols+` FROM invoices i `+where, args...)
}

// InvoiceLine is a charge on an invoice, for display.
type InvoiceLine struct {
	ChargeType  string
	Description string
	Amount      int64
	Kind        string // the charge's kind in law (ChargeServiceCharge...)
}

// InvoiceLines returns an invoice's lines in order.
func InvoiceLines(ctx context.Context, q sqldb.Querier, invoiceID int64) ([]InvoiceLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.name, l.description, l.amount, c.kind FROM invoice_lines l
		JOIN charge_types c ON c.id = l.charge_type_id WHERE l.invoice_id = ? ORDER BY l.id`, invoiceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InvoiceLine
	for rows.Next() {
		var l InvoiceLine
		if err := rows.Scan(&l.ChargeType, &l.Description, &l.Amount, &l.Kind); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// InvoicesRaisedAt lists the invoices recorded at the instant now, oldest
// number first: those a run of schedules just raised in its transaction,
// to be served on their holders.
func InvoicesRaisedAt(ctx context.Context, q sqldb.Querier, now time.Time) ([]Invoice, error) {
	return queryInvoices(ctx, q, `WHERE i.created_at = ? ORDER BY i.number`, sqldb.At(now))
}
