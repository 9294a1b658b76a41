package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// DemandRun is how a run of demands, the invoices numbered First to Last,
// was served, and how far its emails have got: sent, waiting in the
// outbox, or bounced (refused by the receiving server, or given up after
// every retry), which then need printing and posting like those to
// people with no email address.
type DemandRun struct {
	First, Last int64
	ServedAt    time.Time // when its first copy was served
	Deliveries  []Delivery
	Unserved    []string // "invoice 12 (Flat 3)": no one to serve it on
	Unrecorded  []string // raised before Porch served demands, or imported
	Sent        int
	Waiting     int
	Bounced     int
	ToPost      int // by post from the start, no email address
	Posted      int // copies to post that have been posted
}

// Delivery is one person's copy of one demand.
type Delivery struct {
	InvoiceNumber int64
	Unit          string
	PersonID      int64
	Name          string
	Channel       string // email or post
	Address       string // the email address, or the postal one
	State         string // sent, waiting, bounced, post or posted
	Error         string // why it bounced
	SentAt        time.Time
	PostedOn      time.Time // the day a copy to post was posted
}

// Delivery states.
const (
	DeliverySent    = "sent"
	DeliveryWaiting = "waiting"
	DeliveryBounced = "bounced"
	DeliveryPost    = "post"
	DeliveryPosted  = "posted"
)

// Emailed is how many copies went to the outbox.
func (r DemandRun) Emailed() int { return r.Sent + r.Waiting + r.Bounced }

// Pending says whether emails are still waiting to go.
func (r DemandRun) Pending() bool { return r.Waiting > 0 }

// ToPrint is every copy still to print and post: to those with no email
// address and those whose email bounced, not yet marked posted.
func (r DemandRun) ToPrint() []Delivery {
	var out []Delivery
	for _, d := range r.Deliveries {
		if d.State == DeliveryPost || d.State == DeliveryBounced {
			out = append(out, d)
		}
	}
	return out
}

// LoadDemandRun reads how the demands numbered first to last were served
// and where their emails are now.
func LoadDemandRun(ctx context.Context, q sqldb.Querier, first, last int64) (DemandRun, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.number, u.name, i.occupancy_id IS NOT NULL, coalesce(d.channel, ''), coalesce(d.address, ''),
			coalesce(d.person_id, 0), coalesce(p.title || ' ' || p.full_name, ''),
			coalesce(m.status, ''), coalesce(m.last_error, ''), coalesce(m.sent_at, ''), coalesce(d.posted_on, ''), coalesce(d.created_at, '')
		FROM invoices i JOIN units u ON u.id = i.unit_id
		LEFT JOIN invoice_deliveries d ON d.invoice_id = i.id LEFT JOIN people p ON p.id = d.person_id
		LEFT JOIN mail_outbox m ON m.public_id = d.mail_id
		WHERE i.number BETWEEN ? AND ? ORDER BY i.number, d.id`, first, last)
	if err != nil {
		return DemandRun{}, fmt.Errorf("demand run: %w", err)
	}
	defer rows.Close()
	run := DemandRun{First: first, Last: last}
	for rows.Next() {
		var d Delivery
		var status, sentAt, postedOn, servedAt string
		var held bool
		if err := rows.Scan(&d.InvoiceNumber, &d.Unit, &held, &d.Channel, &d.Address, &d.PersonID, &d.Name,
			&status, &d.Error, &sentAt, &postedOn, &servedAt); err != nil {
			return run, fmt.Errorf("demand run: %w", err)
		}
		d.Name = strings.TrimSpace(d.Name)
		if at, err := sqldb.Parse(servedAt); err == nil && (run.ServedAt.IsZero() || at.Before(run.ServedAt)) {
			run.ServedAt = at
		}
		switch {
		case d.Channel == "" && held:
			run.Unrecorded = append(run.Unrecorded, fmt.Sprintf("invoice %d (%s)", d.InvoiceNumber, d.Unit))
			continue
		case d.Channel == "":
			run.Unserved = append(run.Unserved, fmt.Sprintf("invoice %d (%s)", d.InvoiceNumber, d.Unit))
			continue
		case postedOn != "":
			d.State, d.PostedOn = DeliveryPosted, sqldb.ParseDate(postedOn)
			run.Posted++
			if d.Channel == "post" {
				run.ToPost++
			} else {
				run.Bounced++
			}
		case d.Channel == "post":
			d.State = DeliveryPost
			run.ToPost++
		case status == "failed":
			d.State = DeliveryBounced
			run.Bounced++
		case status == "pending":
			d.State = DeliveryWaiting
			run.Waiting++
		default:
			d.State = DeliverySent
			d.SentAt, _ = sqldb.Parse(sentAt)
			run.Sent++
		}
		run.Deliveries = append(run.Deliveries, d)
	}
	return run, rows.Err()
}

// RunSummary is one run of demands served together, for the list of runs.
type RunSummary struct {
	ServedAt            time.Time
	First, Last         int64
	Invoices            int
	Emailed, Bounced    int
	ToPost, WaitingToGo int
}

// DemandRuns lists the most recent runs of demands, newest first: the
// demands served in one go (raised together in one transaction), with
// how many went by email, bounced or are to post.
func DemandRuns(ctx context.Context, q sqldb.Querier, limit int) ([]RunSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.created_at, min(i.number), max(i.number), count(DISTINCT i.id),
			count(m.id), coalesce(sum(m.status = 'failed'), 0), coalesce(sum(d.channel = 'post'), 0), coalesce(sum(m.status = 'pending'), 0)
		FROM invoice_deliveries d JOIN invoices i ON i.id = d.invoice_id LEFT JOIN mail_outbox m ON m.public_id = d.mail_id
		GROUP BY d.created_at ORDER BY d.created_at DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("demand runs: %w", err)
	}
	defer rows.Close()
	var out []RunSummary
	for rows.Next() {
		var r RunSummary
		var at string
		if err := rows.Scan(&at, &r.First, &r.Last, &r.Invoices, &r.Emailed, &r.Bounced, &r.ToPost, &r.WaitingToGo); err != nil {
			return nil, fmt.Errorf("demand runs: %w", err)
		}
		if r.ServedAt, err = sqldb.Parse(at); err != nil {
			return nil, fmt.Errorf("demand runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkPosted records that the copies of the demands numbered first to
// last still to post (no email address, or the email bounced) were posted
// on the day on, and returns how many it marked.
func MarkPosted(ctx context.Context, tx *sql.Tx, first, last int64, on time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE invoice_deliveries SET posted_on = ?
		WHERE posted_on IS NULL AND invoice_id IN (SELECT id FROM invoices WHERE number BETWEEN ? AND ?)
		AND (channel = 'post' OR mail_id IN (SELECT public_id FROM mail_outbox WHERE status = 'failed'))`,
		sqldb.FormatDate(on), first, last)
	if err != nil {
		return 0, fmt.Errorf("mark demands posted: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
