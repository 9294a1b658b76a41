package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// A block's own spending: the bills its suppliers send (cleaning,
// insurance, water), each against a site, a budget head and the
// apportionment schedule that bears it, with the supplier's PDF kept in
// the file store. A bill is received, then approved (its expense journal
// posted: debit block expenditure 5200, credit suppliers 2300 with the
// supplier as memo) or rejected, then paid from one of the site's bank
// accounts (debit 2300, credit the bank). See supplier_invoices_pay.go.

// Supplier invoice statuses.
const (
	SupplierReceived = "received"
	SupplierApproved = "approved"
	SupplierRejected = "rejected"
	SupplierPaid     = "paid"
)

// SupplierStatuses lists the statuses in the order a bill goes through them.
var SupplierStatuses = []string{SupplierReceived, SupplierApproved, SupplierPaid, SupplierRejected}

// SupplierInvoice is a bill a supplier sent for a site.
type SupplierInvoice struct {
	ID               int64
	PublicID         string
	SiteID           int64
	SitePublicID     string
	SiteName         string
	Supplier         string
	Number           string // the supplier's invoice number
	InvoiceDate      time.Time
	DueDate          time.Time // zero when none
	Head             string    // a BudgetHeads key
	ApportionmentID  int64     // 0: the site's default schedule
	ScheduleName     string    // the schedule's name; "" for the default
	Description      string
	Net, VAT         int64
	FileHash         string
	FileName         string
	Status           string
	StatusNote       string // why it was rejected
	JournalID        int64  // the expense journal, once approved
	PaymentJournalID int64  // the payment journal, once paid
	ApprovedAt       time.Time
	PaidOn           time.Time
	PaidFrom         string // the bank account it was paid from, once paid
	CreatedAt        time.Time
}

// Total is what the supplier is owed: net plus VAT.
func (s SupplierInvoice) Total() int64 { return s.Net + s.VAT }

// HeadLabel is the budget head's label.
func (s SupplierInvoice) HeadLabel() string {
	if h, ok := BudgetHeadOf(s.Head); ok {
		return h.Label
	}
	return s.Head
}

// Reference is how the bill is named on journals and bank statements:
// the supplier and their invoice number.
func (s SupplierInvoice) Reference() string {
	if s.Number == "" {
		return s.Supplier
	}
	return s.Supplier + " " + s.Number
}

// SupplierInvoiceInput is a bill as a manager records it. Field names:
// supplier, number, invoice_date, due_date, head, schedule, description,
// net, vat, file.
type SupplierInvoiceInput struct {
	SiteID          int64
	Supplier        string
	Number          string
	InvoiceDate     time.Time
	DueDate         time.Time // zero for none
	Head            string
	ApportionmentID int64 // 0: the site's default schedule
	Description     string
	Net, VAT        int64
	FileHash        string // the PDF, already in the file store
	FileName        string
	CreatedBy       int64
}

// checkSupplierInvoice validates in into f.
func checkSupplierInvoice(ctx context.Context, q sqldb.Querier, f errs.Fields, in *SupplierInvoiceInput) error {
	in.Supplier, in.Number, in.Description = clean(in.Supplier), clean(in.Number), clean(in.Description)
	checkText(f, "supplier", in.Supplier, 120, "Enter the supplier, such as \"Bristol Water\".")
	checkText(f, "number", in.Number, 60, "Enter the supplier's invoice number.")
	checkText(f, "description", in.Description, 200, "Say what the bill is for, such as \"Water for the common parts, Q1\".")
	checkDate(f, "invoice_date", in.InvoiceDate)
	if !in.DueDate.IsZero() {
		checkDate(f, "due_date", in.DueDate)
		if !in.InvoiceDate.IsZero() && in.DueDate.Before(in.InvoiceDate) {
			f.Add("due_date", "The due date cannot be before the invoice date.")
		}
	}
	if _, ok := BudgetHeadOf(in.Head); !ok || in.Head == "" {
		f.Add("head", "Choose the budget head the bill is spent under.")
	} else if h, _ := BudgetHeadOf(in.Head); h.Reserve {
		f.Add("head", "The reserve fund contribution is set aside, not billed: choose the head the work comes under.")
	}
	switch {
	case in.Net <= 0:
		f.Add("net", "Enter the amount before VAT, greater than zero.")
	case in.Net > MaxAmount:
		f.Add("net", "That amount is too large.")
	}
	switch {
	case in.VAT < 0:
		f.Add("vat", "VAT cannot be negative; enter 0 when there is none.")
	case in.VAT > in.Net:
		f.Add("vat", "The VAT is more than the amount before VAT: check the two amounts.")
	}
	if in.FileHash == "" {
		f.Add("file", "Upload the supplier's invoice as a PDF.")
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, in.SiteID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("site", "Choose the site the bill is for.")
		return nil
	} else if err != nil {
		return err
	}
	if in.ApportionmentID != 0 {
		err := q.QueryRowContext(ctx, `SELECT 1 FROM apportionments WHERE id = ? AND site_id = ? AND archived_at IS NULL`,
			in.ApportionmentID, in.SiteID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add("schedule", "Choose one of the site's schedules.")
		} else if err != nil {
			return err
		}
	}
	if in.Supplier != "" && in.Number != "" {
		err := q.QueryRowContext(ctx, `SELECT 1 FROM supplier_invoices WHERE site_id = ? AND supplier = ? COLLATE NOCASE
			AND number = ? COLLATE NOCASE AND status <> 'rejected'`, in.SiteID, in.Supplier, in.Number).Scan(&one)
		if err == nil {
			f.Add("number", "Invoice "+in.Number+" from "+in.Supplier+" is already recorded for this site.")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

// CheckSupplierInvoice checks a bill as RecordSupplierInvoice would,
// without recording it: for a form refused for reasons of its own (a date
// that does not parse) that shows every message at once.
func CheckSupplierInvoice(ctx context.Context, q sqldb.Querier, in SupplierInvoiceInput) error {
	f := errs.Fields{}
	if err := checkSupplierInvoice(ctx, q, f, &in); err != nil {
		return err
	}
	return f.Err()
}

// RecordSupplierInvoice records a bill as received. Nothing is posted to
// the ledger until it is approved.
func RecordSupplierInvoice(ctx context.Context, tx *sql.Tx, now time.Time, in SupplierInvoiceInput) (SupplierInvoice, error) {
	f := errs.Fields{}
	if err := checkSupplierInvoice(ctx, tx, f, &in); err != nil {
		return SupplierInvoice{}, err
	}
	if err := f.Err(); err != nil {
		return SupplierInvoice{}, err
	}
	pub := sqldb.NewPublicID()
	var due any
	if !in.DueDate.IsZero() {
		due = sqldb.FormatDate(in.DueDate)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO supplier_invoices (public_id, site_id, supplier, number, invoice_date, due_date, head,
			apportionment_id, description, net, vat, file_hash, file_name, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, pub, in.SiteID, in.Supplier, in.Number,
		sqldb.FormatDate(in.InvoiceDate), due, in.Head, nullID(in.ApportionmentID), in.Description, in.Net, in.VAT,
		in.FileHash, clip(in.FileName, 200), nullID(in.CreatedBy), sqldb.At(now), sqldb.At(now))
	if err != nil {
		return SupplierInvoice{}, err
	}
	return GetSupplierInvoice(ctx, tx, pub)
}

// clip shortens s to at most n bytes.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

const supplierCols = `s.id, s.public_id, s.site_id, st.public_id, st.name, s.supplier, s.number, s.invoice_date, coalesce(s.due_date, ''), s.head,
	coalesce(s.apportionment_id, 0), coalesce(ap.name, ''), s.description, s.net, s.vat, s.file_hash, s.file_name, s.status,
	s.status_note, coalesce(s.journal_id, 0), coalesce(s.payment_journal_id, 0), coalesce(s.approved_at, ''), coalesce(s.paid_on, ''),
	coalesce((SELECT a.name FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.journal_id = s.payment_journal_id AND a.purpose = 'bank' LIMIT 1), ''), s.created_at`

const supplierFrom = ` FROM supplier_invoices s JOIN sites st ON st.id = s.site_id
	LEFT JOIN apportionments ap ON ap.id = s.apportionment_id`

func scanSupplierInvoice(r sqldb.Scanner) (SupplierInvoice, error) {
	var s SupplierInvoice
	var date, due, paid string
	err := r.Scan(&s.ID, &s.PublicID, &s.SiteID, &s.SitePublicID, &s.SiteName, &s.Supplier, &s.Number, &date, &due, &s.Head,
		&s.ApportionmentID, &s.ScheduleName, &s.Description, &s.Net, &s.VAT, &s.FileHash, &s.FileName, &s.Status,
		&s.StatusNote, &s.JournalID, &s.PaymentJournalID, sqldb.Into(&s.ApprovedAt), &paid, &s.PaidFrom, sqldb.Into(&s.CreatedAt))
	s.InvoiceDate = sqldb.ParseDate(date)
	if due != "" {
		s.DueDate = sqldb.ParseDate(due)
	}
	if paid != "" {
		s.PaidOn = sqldb.ParseDate(paid)
	}
	return s, err
}

// GetSupplierInvoice returns a bill by public id, or NotFound.
func GetSupplierInvoice(ctx context.Context, q sqldb.Querier, publicID string) (SupplierInvoice, error) {
	s, err := scanSupplierInvoice(q.QueryRowContext(ctx, `SELECT `+supplierCols+supplierFrom+` WHERE s.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "There is no such supplier invoice.")
	}
	return s, err
}

// SupplierInvoiceFilter picks bills for the list.
type SupplierInvoiceFilter struct {
	SiteID   int64     // 0 for every site
	Status   string    // one of SupplierStatuses, or "" for all
	From, To time.Time // invoice dates inclusive; zero for no limit
	Amount   int64     // only bills of exactly this total; 0 for any
	Limit    int       // most returned; 0 for no limit
}

// SupplierInvoices lists bills, newest invoice date first, and how many
// match the filter in all.
func SupplierInvoices(ctx context.Context, q sqldb.Querier, f SupplierInvoiceFilter) ([]SupplierInvoice, int, error) {
	where, args := ` WHERE 1 = 1`, []any{}
	if f.SiteID != 0 {
		where += ` AND s.site_id = ?`
		args = append(args, f.SiteID)
	}
	if f.Status != "" {
		where += ` AND s.status = ?`
		args = append(args, f.Status)
	}
	if !f.From.IsZero() {
		where += ` AND s.invoice_date >= ?`
		args = append(args, sqldb.FormatDate(f.From))
	}
	if !f.To.IsZero() {
		where += ` AND s.invoice_date <= ?`
		args = append(args, sqldb.FormatDate(f.To))
	}
	if f.Amount != 0 {
		where += ` AND s.net + s.vat = ?`
		args = append(args, f.Amount)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM supplier_invoices s`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := `SELECT ` + supplierCols + supplierFrom + where + ` ORDER BY s.invoice_date DESC, s.id DESC`
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	out, err := sqldb.QueryAll(ctx, q, scanSupplierInvoice, query, args...)
	return out, total, err
}

// SupplierTotals is where a site's bills stand: how many wait for
// approval, and what is approved and not yet paid.
type SupplierTotals struct {
	Waiting int
	ToPay   int64
}

// SupplierTotalsOf adds up a site's bills by status.
func SupplierTotalsOf(ctx context.Context, q sqldb.Querier, siteID int64) (SupplierTotals, error) {
	var t SupplierTotals
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(status = 'received'), 0), coalesce(sum(CASE WHEN status = 'approved' THEN net + vat END), 0)
		FROM supplier_invoices WHERE site_id = ?`, siteID).Scan(&t.Waiting, &t.ToPay)
	return t, err
}
