package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Nations whose law a block's demands follow.
const (
	NationEngland = "england"
	NationWales   = "wales"
)

// Nations lists them in the order forms offer them.
var Nations = []string{NationEngland, NationWales}

// Kinds of charge that a demand must send with a prescribed summary, and
// ground rent, whose prescribed notice carries notes for leaseholders.
const (
	SummaryServiceCharge = "service_charge"        // LTA 1985 s21B
	SummaryAdminCharge   = "administration_charge" // CLRA 2002 Sch 11 para 4
	SummaryGroundRent    = "ground_rent"           // CLRA 2002 s166
)

// SummaryKinds lists them in the order demands print them.
var SummaryKinds = []string{SummaryServiceCharge, SummaryAdminCharge, SummaryGroundRent}

// MaxSummary bounds a summary's length; the prescribed texts run to a
// few thousand characters.
const MaxSummary = 20000

// DemandSummary returns the prescribed summary of rights and obligations
// that must accompany a demand for a charge of kind on a block in nation;
// "" while the organisation has not supplied it.
func DemandSummary(ctx context.Context, q sqldb.Querier, kind, nation string) (string, error) {
	var text string
	err := q.QueryRowContext(ctx, `SELECT text FROM demand_summaries WHERE kind = ? AND nation = ?`, kind, nation).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("demand summary: %w", err)
	}
	return text, nil
}

// SetDemandSummary saves (or, with blank text, removes) the summary for
// a kind of charge and nation, and reports whether it changed. The field
// name in validation errors is the kind and nation joined by "_", as the
// settings form names its fields.
func SetDemandSummary(ctx context.Context, tx *sql.Tx, now time.Time, kind, nation, text string) (bool, error) {
	field := kind + "_" + nation
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if !slices.Contains(SummaryKinds, kind) || !slices.Contains(Nations, nation) {
		return false, errs.E(errs.Invalid, "There is no such summary.")
	}
	if len(text) > MaxSummary {
		return false, errs.Fields{field: fmt.Sprintf("Keep the summary to %d characters; the prescribed text is far shorter.", MaxSummary)}.Err()
	}
	old, err := DemandSummary(ctx, tx, kind, nation)
	if err != nil || old == text {
		return false, err
	}
	if text == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM demand_summaries WHERE kind = ? AND nation = ?`, kind, nation)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO demand_summaries (kind, nation, text, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (kind, nation) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
			kind, nation, text, sqldb.At(now))
	}
	if err != nil {
		return false, fmt.Errorf("save demand summary: %w", err)
	}
	return true, nil
}
