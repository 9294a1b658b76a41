package estate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// How long audit entries are kept. The log has three kinds of entry:
//
//   - refusals (RefusalActions): something was asked and refused, and
//     nothing changed. They come in bursts from bots and mistyped links;
//     three months covers looking into an incident while it is fresh.
//   - money (MoneyActionPrefixes): who changed the books, and when. They
//     are kept as long as the ledger they describe, which Porch never
//     deletes (accounting records must outlive any audit period).
//   - everything else is security audit (sign-ins, access granted or
//     taken away, settings and keys changed) and is kept two years.
const (
	KeepAuditRefusals = 90 * 24 * time.Hour
	KeepSecurityAudit = 2 * 365 * 24 * time.Hour
)

// RefusalActions are the audit actions that record a refusal and nothing
// else. A lock-out (auth.code_locked) is not one: it is a security event.
var RefusalActions = []string{
	"access.denied",
	"auth.code_failed",
	"auth.invite_refused",
	"auth.password_failed",
}

// MoneyActionPrefixes start the audit actions that record a change to the
// books or to payments; they are never pruned. A new money action must use
// one of these prefixes.
var MoneyActionPrefixes = []string{"ledger.", "bank.", "direct_debit.", "payments."}

// PruneAudit deletes audit entries past their retention period, at most
// batch of them, oldest first, and returns how many went. Nothing refers to
// an audit entry, so deleting one never touches another row.
func PruneAudit(ctx context.Context, tx *sql.Tx, now time.Time, batch int) (int, error) {
	// The refusals' cutoff is the later one, so "at < first cutoff" walks
	// the at index over every candidate and the kinds are told apart per row.
	args := []any{sqldb.At(now.Add(-KeepAuditRefusals))}
	for _, a := range RefusalActions {
		args = append(args, a)
	}
	args = append(args, sqldb.At(now.Add(-KeepSecurityAudit)))
	var money []string
	for _, p := range MoneyActionPrefixes {
		money = append(money, `action LIKE ? ESCAPE '\'`)
		args = append(args, strings.ReplaceAll(p, "_", `\_`)+"%")
	}
	args = append(args, batch)
	query := `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log
		WHERE at < ? AND (action IN (?` + strings.Repeat(", ?", len(RefusalActions)-1) + `)
		  OR (at < ? AND NOT (` + strings.Join(money, " OR ") + `)))
		ORDER BY at LIMIT ?)`
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("prune audit log: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
