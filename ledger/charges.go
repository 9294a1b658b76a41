package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"

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
	// Kind is what the charge is in law (see ChargeKindOf): a service or
	// administration charge's demand must carry its prescribed summary.
	Kind string
}

// IsClientMoney reports whether the charge is collected for a landlord.
func (c ChargeType) IsClientMoney() bool { return c.Treatment == "client_money" }

// ChargeTypes lists the charge types by name.
func ChargeTypes(ctx context.Context, q sqldb.Querier) ([]ChargeType, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, public_id, name, treatment, account_id, kind FROM charge_types ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChargeType
	for rows.Next() {
		var c ChargeType
		if err := rows.Scan(&c.ID, &c.PublicID, &c.Name, &c.Treatment, &c.AccountID, &c.Kind); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChargeTypeByID returns one charge type, or NotFound.
func ChargeTypeByID(ctx context.Context, q sqldb.Querier, id int64) (ChargeType, error) {
	return chargeTypeWhere(ctx, q, `id = ?`, id)
}

func chargeTypeByPublicID(ctx context.Context, q sqldb.Querier, publicID string) (ChargeType, error) {
	return chargeTypeWhere(ctx, q, `public_id = ?`, publicID)
}

func chargeTypeWhere(ctx context.Context, q sqldb.Querier, where string, arg any) (ChargeType, error) {
	var c ChargeType
	err := q.QueryRowContext(ctx, `SELECT id, public_id, name, treatment, account_id, kind FROM charge_types WHERE `+where, arg).
		Scan(&c.ID, &c.PublicID, &c.Name, &c.Treatment, &c.AccountID, &c.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound, "There is no such charge type.")
	}
	return c, err
}

// Kinds of charge in law.
const (
	ChargeServiceCharge = "service_charge"
	ChargeAdminCharge   = "administration_charge"
	ChargeGroundRent    = "ground_rent"
	ChargeRent          = "rent"
	ChargeOther         = "other"
)

// ChargeKindOf says what a charge named name is in law: rent when it is
// client money collected for a landlord; ground rent; an administration
// charge (fees for consents, late payment and the like); a service charge
// (including reserve or sinking fund contributions and major works); or
// other.
func ChargeKindOf(name, treatment string) string {
	n := strings.ToLower(name)
	switch {
	case treatment == TreatmentClientMoney:
		return ChargeRent
	case strings.Contains(n, "ground rent"):
		return ChargeGroundRent
	case strings.Contains(n, "admin"):
		return ChargeAdminCharge
	case strings.Contains(n, "service charge"), strings.Contains(n, "reserve"), strings.Contains(n, "sinking"),
		strings.Contains(n, "major works"):
		return ChargeServiceCharge
	}
	return ChargeOther
}
