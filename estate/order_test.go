package estate_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"porch/auditlog"
	"porch/estate"
	"porch/internal/timeorder"
)

// The audit log lists entries newest first in true time order, for entries
// a fraction of a second apart and across a second boundary.
func TestAuditNewestFirstWithinASecond(t *testing.T) {
	db := newDB(t)
	var rows []timeorder.Row
	for i, at := range timeorder.Instants(testNow) {
		obj := fmt.Sprint("entry-", i)
		mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
			return estate.Audit(ctx, tx, estate.AuditEntry{Action: "test.order", Object: obj}, at)
		})
		rows = append(rows, timeorder.Row{Key: obj, At: at})
	}
	timeorder.Check(t, db.Writer(), timeorder.List{Name: "auditlog.Recent", Table: "audit_log", Column: "at", Key: "object",
		Old: timeorder.Seconds, NewestFirst: true, TieByKey: true,
		Read: func() ([]any, error) {
			list, err := auditlog.Recent(context.Background(), db.Read(), 50)
			return timeorder.Keys(list, err, func(r auditlog.Entry) any { return r.Object })
		}}, rows)
}
