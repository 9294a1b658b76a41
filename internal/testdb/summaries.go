package testdb

import (
	"context"
	"database/sql"
	"time"

	"porch/estate"
)

// Summaries supplies every prescribed summary of rights, in words that
// name the summary, so an organisation's block demands can be raised.
func Summaries(ctx context.Context, tx *sql.Tx, now time.Time) error {
	for _, kind := range estate.SummaryKinds {
		for _, nation := range estate.Nations {
			if _, err := estate.SetDemandSummary(ctx, tx, now, kind, nation, "Summary of rights: "+kind+", "+nation+"."); err != nil {
				return err
			}
		}
	}
	return nil
}
