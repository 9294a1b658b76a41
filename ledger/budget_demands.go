package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// OnAccountInput is one instalment of a budget's on-account demands for
// one schedule: the schedule's budget for the year split into Instalments
// equal parts (exact to the penny, the first parts taking the odd
// pennies), of which this is number Instalment.
type OnAccountInput struct {
	ApportionmentID int64
	Instalments     int // 1, 2 or 4 in the year
	Instalment      int // 1 to Instalments
	ChargeTypeID    int64
	IssueDate       time.Time
	DueDate         time.Time
	CreatedBy       int64
}

// Period labels the instalment on its invoices, so the same one is never
// raised twice: "2026 on account 1 of 2".
func (in OnAccountInput) period(b Budget) string {
	return fmt.Sprintf("%s on account %d of %d", b.LastDay.Format("2 Jan 2006"), in.Instalment, in.Instalments)
}

// InstalmentPart is part k (1-based) of total split into n parts exact to
// the penny: the first total%n parts are a penny more.
func InstalmentPart(total int64, n, k int) int64 {
	if n <= 0 || k < 1 || k > n {
		return 0
	}
	part := total / int64(n)
	if int64(k) <= total%int64(n) {
		part++
	}
	return part
}

// bulkOf checks the instalment against the budget and what has already been
// demanded from it, and says what bulk demand raises it. Field names:
// apportionment, instalments, instalment, charge_type and the bulk
// demand's own (issue_date, due_date, shares).
func (b Budget) bulkOf(ctx context.Context, q sqldb.Querier, in OnAccountInput) (BulkInput, error) {
	f := errs.Fields{}
	total := b.ScheduleTotal(in.ApportionmentID)
	switch {
	case in.ApportionmentID == 0:
		f.Add("apportionment", "Choose the schedule to demand from.")
	case total == 0:
		f.Add("apportionment", "The budget sets nothing aside for this schedule.")
	}
	switch in.Instalments {
	case 1, 2, 4:
	default:
		f.Add("instalments", "Choose 1, 2 or 4 instalments in the year.")
	}
	if in.Instalment < 1 || (in.Instalments > 0 && in.Instalment > in.Instalments) {
		f.Add("instalment", fmt.Sprintf("Choose which instalment, 1 to %d.", max(in.Instalments, 1)))
	}
	if b.Closed() {
		f.Add("form", "This budget's year end has been posted; nothing more is demanded from it.")
	}
	bi := BulkInput{IssueDate: in.IssueDate, DueDate: in.DueDate, Apportionment: in.ApportionmentID}
	if len(f) > 0 {
		return bi, f.Err()
	}
	amount := InstalmentPart(total, in.Instalments, in.Instalment)
	var raised int
	var demanded int64
	if err := q.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE i.period = ?), coalesce(sum(i.total), 0)
		FROM budget_demands d JOIN invoices i ON i.id = d.invoice_id
		WHERE d.budget_id = ? AND d.apportionment_id = ? AND d.kind = 'on_account'
		AND NOT EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = i.journal_id)`,
		in.period(b), b.ID, in.ApportionmentID).Scan(&raised, &demanded); err != nil {
		return bi, err
	}
	switch {
	case raised > 0:
		f.Add("instalment", fmt.Sprintf("Instalment %d of %d has already been raised for this schedule.", in.Instalment, in.Instalments))
	case demanded+amount > total:
		f.Add("instalments", fmt.Sprintf("This would demand %s on account in all, more than the schedule's budget of %s. "+
			"Keep to the instalments already used for it.", Pounds(demanded+amount), Pounds(total)))
	}
	bi.Lines = []BulkLine{{ChargeTypeID: in.ChargeTypeID, Total: amount,
		Description: fmt.Sprintf("On account, %s (%d of %d)", b.Year(), in.Instalment, in.Instalments)}}
	return bi, f.Err()
}

// PreviewOnAccount works out the instalment's demand on every unit of the
// schedule, as PreviewBulkDemand does; refusals are field messages.
func PreviewOnAccount(ctx context.Context, q sqldb.Querier, b Budget, in OnAccountInput) (BulkPreview, error) {
	bi, err := b.bulkOf(ctx, q, in)
	if err != nil {
		return BulkPreview{SiteID: b.SiteID}, err
	}
	p, err := PreviewBulkDemand(ctx, q, b.SiteID, bi)
	return p, onAccountFields(err)
}

// RaiseOnAccount raises the instalment on every unit of the schedule in tx
// and records each invoice as the budget's on-account demand. An
// instalment is raised once.
func RaiseOnAccount(ctx context.Context, tx *sql.Tx, now time.Time, b Budget, in OnAccountInput) ([]Invoice, error) {
	bi, err := b.bulkOf(ctx, tx, in)
	if err != nil {
		return nil, err
	}
	invs, err := postBulk(ctx, tx, now, b.SiteID, bi, in.CreatedBy, in.period(b), 0)
	if err != nil {
		return nil, onAccountFields(err)
	}
	return invs, recordDemands(ctx, tx, b.ID, in.ApportionmentID, "on_account", invs)
}

func recordDemands(ctx context.Context, tx *sql.Tx, budgetID, apID int64, kind string, invs []Invoice) error {
	for _, inv := range invs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_demands (invoice_id, budget_id, apportionment_id, kind) VALUES (?, ?, ?, ?)`,
			inv.ID, budgetID, apID, kind); err != nil {
			return fmt.Errorf("budget demand: %w", err)
		}
	}
	return nil
}

// onAccountFields files a bulk demand's line messages under charge_type,
// the one line the budget's demands have.
func onAccountFields(err error) error {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		return err
	}
	f := errs.Fields{}
	for k, v := range e.Fields {
		switch k {
		case "lines.0.charge_type":
			k = "charge_type"
		case "lines", "lines.0.total", "lines.0.description":
			k = "form"
		}
		f.Add(k, v)
	}
	return f.Err()
}
