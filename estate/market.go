package estate

import (
	"context"
	"database/sql"
	"fmt"

	"porch/errs"
)

// What the agency does for a property's owner (units.market): it lets the
// home and holds the rent as client money, or it sells it. A unit with
// neither, such as a flat in a managed block, has "".
const (
	MarketLetting = "letting"
	MarketSale    = "sale"
)

// MarketLabel names a market for people: "Letting", "Sale", "Neither".
func MarketLabel(market string) string {
	switch market {
	case MarketLetting:
		return "Letting"
	case MarketSale:
		return "Sale"
	}
	return "Neither"
}

// SetUnitMarket marks a unit as let or for sale by the agency, or neither
// (""). It returns the market it had before.
func SetUnitMarket(ctx context.Context, tx *sql.Tx, unitID int64, market string) (string, error) {
	if market != "" && market != MarketLetting && market != MarketSale {
		return "", errs.Fields{"market": "Choose letting, sale or neither."}.Err()
	}
	var old string
	err := tx.QueryRowContext(ctx, `SELECT market FROM units WHERE id = ?`, unitID).Scan(&old)
	if err == sql.ErrNoRows {
		return "", errs.E(errs.NotFound, "Unit not found.")
	}
	if err != nil {
		return "", fmt.Errorf("unit market: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET market = ? WHERE id = ?`, market, unitID); err != nil {
		return "", fmt.Errorf("unit market: %w", err)
	}
	return old, nil
}
