package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// A quote's statuses: asked of the owner, then approved or rejected by
// them, or withdrawn by staff before they answered.
const (
	QuotePending   = "pending"
	QuoteApproved  = "approved"
	QuoteRejected  = "rejected"
	QuoteWithdrawn = "withdrawn"
)

// Limits of a quote's text, in characters.
const (
	MaxSupplierLen = 120
	MaxCommentLen  = 2000
)

// Quote is a contractor's price for a let home's repair that its owner
// (the landlord) approves or rejects before the work goes ahead.
type Quote struct {
	ID       int64
	PublicID string
	TicketID int64
	Amount   int64 // pence
	Supplier string
	Doc      Photo // the quote itself, a PDF or photo; Hash is empty when none was sent
	Status   string

	RequestedBy     int64
	RequestedByName string
	DecidedBy       int64 // 0 until the owner answers
	DecidedByName   string
	Comment         string
	CreatedAt       time.Time
	DecidedAt       time.Time

	// The ticket it belongs to, for the owner's pages and mail.
	TicketPublicID     string
	TicketNumber       int64
	TicketTitle        string
	UnitID             int64
	UnitName, SiteName string
	AssigneeID         int64
}

// HasDoc reports whether the quote came with its document.
func (q Quote) HasDoc() bool { return q.Doc.Hash != "" }

// Pending reports whether the owner has still to answer.
func (q Quote) Pending() bool { return q.Status == QuotePending }

// TicketRef is the ticket's number as people quote it.
func (q Quote) TicketRef() string { return fmt.Sprintf("#%d", q.TicketNumber) }

// StatusLabel is the quote's status in words.
func (q Quote) StatusLabel() string {
	switch q.Status {
	case QuotePending:
		return "Awaiting the owner"
	case QuoteApproved:
		return "Approved"
	case QuoteRejected:
		return "Rejected"
	case QuoteWithdrawn:
		return "Withdrawn"
	}
	return q.Status
}

// OwnerStatusLabel is the quote's status as its owner reads it.
func (q Quote) OwnerStatusLabel() string {
	if q.Status == QuotePending {
		return "Waiting for your answer"
	}
	return q.StatusLabel()
}

// Describe is the quote in a line: "£450.00 from Swift Plumbing".
func (q Quote) Describe() string { return Pounds(q.Amount) + " from " + q.Supplier }

const quoteCols = `q.id, q.public_id, q.ticket_id, q.amount, q.supplier, q.doc_hash, q.doc_type, q.doc_size, q.doc_name,
	q.status, q.requested_by, rq.full_name, coalesce(q.decided_by, 0), coalesce(dp.full_name, ''), q.comment,
	q.created_at, q.decided_at, t.public_id, t.number, t.title, coalesce(t.unit_id, 0), coalesce(u.name, ''), s.name,
	coalesce(t.assignee_id, 0)`

const quoteFrom = ` FROM ticket_quotes q
	JOIN tickets t ON t.id = q.ticket_id
	JOIN sites s ON s.id = t.site_id
	LEFT JOIN units u ON u.id = t.unit_id
	JOIN people rq ON rq.id = q.requested_by
	LEFT JOIN people dp ON dp.id = q.decided_by`

func scanQuote(sc sqldb.Scanner) (Quote, error) {
	var q Quote
	err := sc.Scan(&q.ID, &q.PublicID, &q.TicketID, &q.Amount, &q.Supplier, &q.Doc.Hash, &q.Doc.Type, &q.Doc.Size, &q.Doc.Name,
		&q.Status, &q.RequestedBy, &q.RequestedByName, &q.DecidedBy, &q.DecidedByName, &q.Comment,
		sqldb.Into(&q.CreatedAt), sqldb.Into(&q.DecidedAt), &q.TicketPublicID, &q.TicketNumber, &q.TicketTitle,
		&q.UnitID, &q.UnitName, &q.SiteName, &q.AssigneeID)
	return q, err
}

// noQuote is the answer for a quote that is not there, or not the asker's.
var noQuote = errs.E(errs.NotFound, "There is no quote at this address.")

// GetQuote finds a quote by its public id. It does not check who asks:
// an owner's page checks MayDecide first.
func GetQuote(ctx context.Context, q sqldb.Querier, publicID string) (Quote, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Quote{}, noQuote
	}
	out, err := scanQuote(q.QueryRowContext(ctx, `SELECT `+quoteCols+quoteFrom+` WHERE q.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Quote{}, noQuote
	}
	if err != nil {
		return Quote{}, fmt.Errorf("get quote: %w", err)
	}
	return out, nil
}

// QuotesOf returns a ticket's quotes, newest first.
func QuotesOf(ctx context.Context, q sqldb.Querier, ticketID int64) ([]Quote, error) {
	out, err := sqldb.QueryAll(ctx, q, scanQuote, `SELECT `+quoteCols+quoteFrom+` WHERE q.ticket_id = ? ORDER BY q.id DESC`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("quotes of ticket: %w", err)
	}
	return out, nil
}

// RequestQuote asks the owner of the ticket's home to approve a quote.
// Only a ticket on a lettings site, for a home with a current owner, takes
// one, and only one at a time: a pending quote is withdrawn before another
// is asked. Field names in errors: amount, supplier. The document, when
// there is one, is already in the file store.
func RequestQuote(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, amount int64, supplier string, doc Photo, by int64) (Quote, error) {
	supplier = strings.Join(strings.Fields(supplier), " ")
	f := errs.Fields{}
	if amount <= 0 {
		f.Add("amount", "Enter the quote's amount in pounds, such as 450 or 450.00.")
	}
	f.Text("supplier", supplier, MaxSupplierLen, "supplier's name", "Enter who gave the quote.")
	if err := f.Err(); err != nil {
		return Quote{}, err
	}
	if t.SiteKind != estate.KindLettings || t.UnitID == 0 {
		return Quote{}, errs.E(errs.Conflict, "Only a request about a let home goes to its owner for approval.")
	}
	owners, err := CurrentOwners(ctx, tx, t.UnitID, now)
	if err != nil {
		return Quote{}, err
	}
	if len(owners) == 0 {
		return Quote{}, errs.E(errs.Conflict, t.UnitName+" has no current owner to approve a quote.")
	}
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ticket_quotes WHERE ticket_id = ? AND status = 'pending'`, t.ID).Scan(&pending); err != nil {
		return Quote{}, fmt.Errorf("pending quotes: %w", err)
	}
	if pending > 0 {
		return Quote{}, errs.E(errs.Conflict, "The owner has a quote for this request to answer already. Withdraw it before asking about another.")
	}
	publicID := sqldb.NewPublicID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_quotes (public_id, ticket_id, amount, supplier, doc_hash, doc_type, doc_size,
		doc_name, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, publicID, t.ID, amount, supplier,
		doc.Hash, doc.Type, doc.Size, doc.Name, by, sqldb.At(now)); err != nil {
		return Quote{}, fmt.Errorf("request quote: %w", err)
	}
	detail := "Owner's approval asked: " + Pounds(amount) + " from " + supplier
	if err := logEvent(ctx, tx, now, t.ID, by, "quote", detail, false); err != nil {
		return Quote{}, err
	}
	if err := touch(ctx, tx, t.ID, now); err != nil {
		return Quote{}, err
	}
	return GetQuote(ctx, tx, publicID)
}

// WithdrawQuote is staff taking back a quote the owner has not answered.
func WithdrawQuote(ctx context.Context, tx *sql.Tx, now time.Time, q Quote, by int64) (Quote, error) {
	if !q.Pending() {
		return q, errs.E(errs.Conflict, "The owner has answered this quote already; it can no longer be withdrawn.")
	}
	res, err := tx.ExecContext(ctx, `UPDATE ticket_quotes SET status = 'withdrawn', decided_at = ? WHERE id = ? AND status = 'pending'`,
		sqldb.At(now), q.ID)
	if err != nil {
		return q, fmt.Errorf("withdraw quote: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return q, errs.E(errs.Conflict, "The owner has answered this quote already; it can no longer be withdrawn.")
	}
	if err := logEvent(ctx, tx, now, q.TicketID, by, "quote", "Quote withdrawn: "+q.Describe(), false); err != nil {
		return q, err
	}
	if err := touch(ctx, tx, q.TicketID, now); err != nil {
		return q, err
	}
	return GetQuote(ctx, tx, q.PublicID)
}

// Pounds writes pence as an amount in words and on the timeline:
// "£1,234.50".
func Pounds(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	whole := strconv.FormatInt(pence/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s£%s.%02d", sign, b.String(), pence%100)
}
