package plans

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/ledger"
	"porch/sqldb"
)

// How far ahead a plan's first instalment may be: a resident asking for
// one starts paying within a month, a manager's offer within three.
const (
	RequestLead = 31
	OfferLead   = 92
)

// Proposal is a plan as a manager offers it or a resident asks for it:
// the account, and how its arrears are to be repaid. Field names:
// instalments, frequency, first_date, note; "account" for an account
// with no arrears or an open plan already.
type Proposal struct {
	UnitID      int64
	OccupancyID int64
	Instalments int
	Frequency   string
	First       time.Time
	Note        string
	By          int64 // the person offering or asking
}

// Arrears returns the account's overdue invoices, oldest first, and what
// they still have owed on the day today: what a plan would repay.
func Arrears(ctx context.Context, q sqldb.Querier, unitID, occupancyID int64, today time.Time) (int64, []ledger.Invoice, error) {
	invs, err := ledger.OverdueInvoices(ctx, q, ledger.Debtor{UnitID: unitID, Occupancies: []int64{occupancyID}}, today)
	var total int64
	for _, inv := range invs {
		total += inv.Outstanding()
	}
	return total, invs, err
}

// check refuses a proposal whose account has nothing to plan or a plan
// open already (but for the plan except), or whose terms make no plan, and returns its terms and
// the invoices it covers. lead is how many days ahead the first date may
// be.
func (pr *Proposal) check(ctx context.Context, q sqldb.Querier, today time.Time, lead int, except int64, f errs.Fields) (Terms, []ledger.Invoice, error) {
	pr.Note = clean(pr.Note)
	if len(pr.Note) > 1000 {
		f.Add("note", "Keep the note to 1,000 characters or fewer.")
	}
	total, invs, err := Arrears(ctx, q, pr.UnitID, pr.OccupancyID, today)
	if err != nil {
		return Terms{}, nil, err
	}
	if total <= 0 {
		f.Add("account", "This account has no arrears: nothing is overdue to repay.")
	}
	open, err := OpenFor(ctx, q, pr.UnitID, pr.OccupancyID)
	switch {
	case err == nil && open.ID != except:
		f.Add("account", fmt.Sprintf("This account already has a payment plan (%s).", lower(open.StatusLabel())))
	case err != nil && !errs.Is(err, errs.NotFound):
		return Terms{}, nil, err
	}
	t := Terms{Total: max(total, 1), Instalments: pr.Instalments, Frequency: pr.Frequency, First: pr.First}
	if e, ok := errs.As(t.Check()); ok {
		for k, v := range e.Fields {
			f.Add(k, v)
		}
	}
	checkFirst(f, pr.First, today, lead)
	t.Total = total
	return t, invs, nil
}

// checkFirst refuses a first date in the past or further ahead than lead
// days.
func checkFirst(f errs.Fields, first, today time.Time, lead int) {
	switch {
	case first.IsZero():
	case first.Before(today):
		f.Add("first_date", "The first instalment cannot be in the past.")
	case first.After(today.AddDate(0, 0, lead)):
		f.Add("first_date", fmt.Sprintf("The first instalment must be within %d days of today.", lead))
	}
}

// Offer is a manager offering a plan for an account's arrears: it waits
// for the resident to accept it.
func Offer(ctx context.Context, tx *sql.Tx, now, today time.Time, pr Proposal) (Plan, error) {
	f := errs.Fields{}
	t, invs, err := pr.check(ctx, tx, today, OfferLead, 0, f)
	if err != nil {
		return Plan{}, err
	}
	if err := f.Err(); err != nil {
		return Plan{}, err
	}
	return insert(ctx, tx, now, pr, t, invs, StatusOffered)
}

// Request is a resident asking for a plan, within their site's limits; it
// waits for the manager.
func Request(ctx context.Context, tx *sql.Tx, now, today time.Time, siteID int64, pr Proposal) (Plan, error) {
	lim, err := SiteLimits(ctx, tx, siteID)
	if err != nil {
		return Plan{}, err
	}
	f := errs.Fields{}
	if !lim.Requests {
		return Plan{}, errs.E(errs.Forbidden, "Payment plans are arranged with the managing agent: please contact them.")
	}
	t, invs, err := pr.check(ctx, tx, today, RequestLead, 0, f)
	if err != nil {
		return Plan{}, err
	}
	if t.Total > 0 && t.Total < lim.MinArrears {
		f.Add("account", "Payment plans are for arrears of "+ledger.Pounds(lim.MinArrears)+" or more. Please pay what is overdue, or contact the managing agent.")
	}
	if pr.Instalments > lim.MaxInstalments {
		f.Add("instalments", fmt.Sprintf("You can ask for up to %d instalments.", lim.MaxInstalments))
	}
	if pr.Frequency != "" && !lim.Allows(pr.Frequency) {
		f.Add("frequency", "Choose one of the frequencies offered.")
	}
	if err := f.Err(); err != nil {
		return Plan{}, err
	}
	return insert(ctx, tx, now, pr, t, invs, StatusRequested)
}

// insert stores a new plan with the invoices it covers and its
// instalments.
func insert(ctx context.Context, tx *sql.Tx, now time.Time, pr Proposal, t Terms, invs []ledger.Invoice, status string) (Plan, error) {
	p := Plan{PublicID: sqldb.NewPublicID(), UnitID: pr.UnitID, OccupancyID: pr.OccupancyID, Status: status, Terms: t,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	noteCol := "decision_note"
	if status == StatusRequested {
		noteCol, p.RequestNote, p.RequestedBy = "request_note", pr.Note, pr.By
	} else {
		p.DecisionNote, p.OfferedBy, p.OfferedAt = pr.Note, pr.By, now.UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO payment_plans (public_id, unit_id, occupancy_id, status, total, instalments,
		frequency, first_date, `+noteCol+`, requested_by, offered_by, offered_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.PublicID, p.UnitID, nullID(p.OccupancyID), status, t.Total,
		t.Instalments, t.Frequency, sqldb.FormatDate(t.First), pr.Note, nullID(p.RequestedBy), nullID(p.OfferedBy),
		nullTime(p.OfferedAt), sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Plan{}, fmt.Errorf("insert payment plan: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	return p, cover(ctx, tx, p.ID, t, invs)
}

// cover records the invoices a plan covers and lays out its instalments,
// in place of any it had.
func cover(ctx context.Context, tx *sql.Tx, planID int64, t Terms, invs []ledger.Invoice) error {
	for _, q := range []string{`DELETE FROM plan_invoices WHERE plan_id = ?`, `DELETE FROM plan_instalments WHERE plan_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, planID); err != nil {
			return err
		}
	}
	for _, inv := range invs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_invoices (plan_id, invoice_id, outstanding) VALUES (?, ?, ?)`,
			planID, inv.ID, inv.Outstanding()); err != nil {
			return fmt.Errorf("plan invoice: %w", err)
		}
	}
	sched, err := t.Schedule()
	if err != nil {
		return err
	}
	for _, in := range sched {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_instalments (plan_id, n, due_date, amount) VALUES (?, ?, ?, ?)`,
			planID, in.Number, sqldb.FormatDate(in.Due), in.Amount); err != nil {
			return fmt.Errorf("plan instalment: %w", err)
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return sqldb.At(t)
}
