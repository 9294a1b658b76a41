package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"porch/errs"
)

// ChargeKinds are the kinds of charge in law, in the order forms offer
// them. On a block, the kind decides what a demand must carry: a service
// charge its summary of rights, an administration charge its own, ground
// rent the section 166 notice.
var ChargeKinds = []string{ChargeServiceCharge, ChargeAdminCharge, ChargeGroundRent, ChargeRent, ChargeOther}

var chargeKindLabels = map[string]string{
	ChargeServiceCharge: "Service charge",
	ChargeAdminCharge:   "Administration charge",
	ChargeGroundRent:    "Ground rent",
	ChargeRent:          "Rent under a tenancy",
	ChargeOther:         "Other",
}

// ChargeKindLabel names a kind of charge for people.
func ChargeKindLabel(kind string) string { return chargeKindLabels[kind] }

// KindLabel names the charge's kind in law for people.
func (c ChargeType) KindLabel() string { return ChargeKindLabel(c.Kind) }

// chargeKindProblem says what is wrong with a kind for a charge of this
// treatment: not a kind, or rent not collected for a landlord; "" when
// nothing is.
func chargeKindProblem(kind, treatment string) string {
	switch {
	case !slices.Contains(ChargeKinds, kind):
		return "Choose what the charge is in law."
	case kind == ChargeRent && treatment != TreatmentClientMoney:
		return "Rent under a tenancy is collected for the landlord: add it as client money, or choose another kind."
	}
	return ""
}

// SetChargeKind changes what a charge is in law, which decides what its
// demands carry from now on, and returns the charge as it was. Field
// name in errors: kind.
func SetChargeKind(ctx context.Context, tx *sql.Tx, publicID, kind string) (ChargeType, error) {
	was, err := chargeTypeByPublicID(ctx, tx, publicID)
	if err != nil {
		return was, err
	}
	if msg := chargeKindProblem(kind, was.Treatment); msg != "" {
		return was, errs.Fields{"kind": msg}.Err()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE charge_types SET kind = ? WHERE id = ?`, kind, was.ID); err != nil {
		return was, fmt.Errorf("set charge kind: %w", err)
	}
	return was, nil
}
