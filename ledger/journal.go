// Package ledger is Porch's double-entry book: accounts, journals whose
// postings always sum to zero, demands (invoices), receipts and their
// allocation, credits and reversals, statements and client accounting for
// lettings. Amounts are int64 minor units; nothing posted is ever edited or
// deleted.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/sqldb"
)

// Journal kinds.
const (
	KindDemand   = "demand"
	KindReceipt  = "receipt"
	KindCredit   = "credit"
	KindReversal = "reversal"
	KindPayout   = "payout"
	KindFee      = "fee"
	KindExpense  = "expense"
	KindFloat    = "float"
	KindTransfer = "transfer"
	KindOpening  = "opening"
)

// Line is one posting: a debit (positive) or credit (negative) to an
// account, with the unit, owner and charge type it concerns.
type Line struct {
	AccountID    int64
	Amount       int64
	UnitID       int64 // 0 when none
	OwnerID      int64 // 0 when none
	ChargeTypeID int64 // 0 when none
	OccupancyID  int64 // on the debtors account: the occupancy charged; 0 for the unit itself
	Memo         string
}

// Journal is a set of postings made together.
type Journal struct {
	Kind        string
	Date        time.Time // the accounting date
	Description string
	Reference   string
	ReversesID  int64 // for a reversal, the journal it undoes
	CreatedBy   int64 // person id, 0 for the system
	// CostCategory is what a landlord's fee or expense was for (one of
	// CostCategories), for their tax return; "" for other journals.
	CostCategory string
	Lines        []Line
}

// ErrUnbalanced is returned for a journal whose postings do not sum to zero.
var ErrUnbalanced = errors.New("ledger: journal does not balance")

// Balance checks the double-entry rule: at least two postings, none zero,
// summing to exactly zero without overflow.
func (j Journal) Balance() error {
	if len(j.Lines) < 2 {
		return fmt.Errorf("%w: a journal needs at least two postings", ErrUnbalanced)
	}
	var sum int64
	for _, l := range j.Lines {
		if l.Amount == 0 {
			return fmt.Errorf("%w: a posting of zero", ErrUnbalanced)
		}
		if l.AccountID == 0 {
			return fmt.Errorf("ledger: a posting has no account")
		}
		next := sum + l.Amount
		if (l.Amount > 0 && next < sum) || (l.Amount < 0 && next > sum) {
			return fmt.Errorf("%w: amounts overflow", ErrUnbalanced)
		}
		sum = next
	}
	if sum != 0 {
		return fmt.Errorf("%w: postings sum to %d", ErrUnbalanced, sum)
	}
	return nil
}

// Post writes a balanced journal and its postings in tx and returns the
// journal's id. It refuses an unbalanced journal outright: the invariant is
// enforced here, in the one function that writes postings.
func Post(ctx context.Context, tx *sql.Tx, now time.Time, j Journal) (int64, string, error) {
	if err := j.Balance(); err != nil {
		return 0, "", err
	}
	pub := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO journals (public_id, kind, date, description, reference, reverses_id, created_by, cost_category, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, pub, j.Kind, sqldb.FormatDate(j.Date), j.Description, j.Reference,
		nullID(j.ReversesID), nullID(j.CreatedBy), j.CostCategory, sqldb.At(now))
	if err != nil {
		return 0, "", fmt.Errorf("post journal: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, l := range j.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO postings (journal_id, account_id, amount, unit_id, owner_id, charge_type_id, memo, date, occupancy_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, l.AccountID, l.Amount, nullID(l.UnitID), nullID(l.OwnerID),
			nullID(l.ChargeTypeID), l.Memo, sqldb.FormatDate(j.Date), nullID(l.OccupancyID)); err != nil {
			return 0, "", fmt.Errorf("post line: %w", err)
		}
	}
	return id, pub, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
