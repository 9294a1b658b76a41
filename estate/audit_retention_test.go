package estate_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/estate"
)

func TestPruneAudit(t *testing.T) {
	db := newDB(t)
	now := testNow
	entries := []struct {
		action, object string
		age            time.Duration
	}{
		{"access.denied", "gone refusal", estate.KeepAuditRefusals + time.Second},
		{"auth.password_failed", "gone refusal", estate.KeepAuditRefusals + time.Second},
		{"access.denied", "kept refusal", estate.KeepAuditRefusals - time.Second},
		{"auth.code_locked", "kept lock-out", estate.KeepAuditRefusals + time.Second},
		{"auth.sign_in", "gone security", estate.KeepSecurityAudit + time.Second},
		{"settings.payments", "gone security", estate.KeepSecurityAudit + time.Second},
		{"auth.sign_in", "kept security", estate.KeepSecurityAudit - time.Second},
		{"ledger.demand_raised", "kept money", 10 * estate.KeepSecurityAudit},
		{"bank.reconciled", "kept money", 10 * estate.KeepSecurityAudit},
		{"direct_debit.set_up", "kept money", 10 * estate.KeepSecurityAudit},
		{"payments.event_reviewed", "kept money", 10 * estate.KeepSecurityAudit},
		// "_" is a LIKE wildcard; only the real prefix keeps an entry.
		{"directxdebit.set_up", "gone security", estate.KeepSecurityAudit + time.Second},
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		for _, e := range entries {
			if err := estate.Audit(ctx, tx, estate.AuditEntry{Action: e.action, Object: e.object}, now.Add(-e.age)); err != nil {
				return err
			}
		}
		return nil
	})

	prune := func(batch int) int {
		var n int
		mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
			var err error
			n, err = estate.PruneAudit(ctx, tx, now, batch)
			return err
		})
		return n
	}
	if n := prune(2); n != 2 {
		t.Errorf("a batch of 2 removed %d", n)
	}
	if n := prune(100); n != 3 {
		t.Errorf("the rest removed %d, want 3", n)
	}
	if n := prune(100); n != 0 {
		t.Errorf("a second pass removed %d", n)
	}
	rows, err := db.ReadPool().Query(`SELECT action, object FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var left []string
	for rows.Next() {
		var action, object string
		if err := rows.Scan(&action, &object); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(object, "gone") {
			t.Errorf("%s %q was kept", action, object)
		}
		left = append(left, action)
	}
	if len(left) != 7 {
		t.Errorf("kept %v, want the 7 entries inside their periods", left)
	}
}
