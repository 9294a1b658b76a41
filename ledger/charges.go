package ledger

import (
	"context"
	"database/sql"
	"errors"

	"porch/errs"
	"porch/sqldb"
)

// ChargeType is something demanded: service charge, ground rent, rent...
type ChargeType struct {
	ID        int64
	PublicID  string
	Name      string
	Treatment string // income or client_money
	AccountID int64
}

// IsClientMoney reports whether the charge is collected for a landlord.
func (c ChargeType) IsClientMoney() bool { return c.Treatment == "client_money" }

// ChargeTypes lists the charge types by name.
func ChargeTypes(ctx context.Context, q sqldb.Querier) ([]ChargeType, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, public_id, name, treatment, account_id FROM charge_types ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChargeType
	for rows.Next() {
		var c ChargeType
		if err := rows.Scan(&c.ID, &c.PublicID, &c.Name, &c.Treatment, &c.AccountID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChargeTypeByID returns one charge type, or NotFound.
func ChargeTypeByID(ctx context.Context, q sqldb.Querier, id int64) (ChargeType, error) {
	var c ChargeType
	err := q.QueryRowContext(ctx, `SELECT id, public_id, name, treatment, account_id FROM charge_types WHERE id = ?`, id).
		Scan(&c.ID, &c.PublicID, &c.Name, &c.Treatment, &c.AccountID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound, "There is no such charge type.")
	}
	return c, err
}
