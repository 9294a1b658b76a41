package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/sqldb"
)

// AuditEntry is one event for the audit log: who did what to which object.
type AuditEntry struct {
	PersonID *int64 // who acted; nil for an anonymous visitor or the system
	IP       string
	Action   string // dotted verb such as "signin.ok", "person.create"
	Object   string // what was acted on, e.g. a public id or email address
	// Detail is free text shown to managers. It must never contain secrets:
	// no sign-in codes, tokens, session ids, passwords or payment details.
	Detail string
}

// AuditRecord is a stored audit entry, with the actor's name when known.
type AuditRecord struct {
	ID         int64
	At         time.Time
	PersonID   *int64
	PersonName string // empty for anonymous entries
	IP         string
	Action     string
	Object     string
	Detail     string
}

// Audit appends e to the audit log, in the caller's transaction so the
// entry commits, or not, with the change it records. Callers must keep
// secrets out of every field (see AuditEntry.Detail).
func Audit(ctx context.Context, tx *sql.Tx, e AuditEntry, now time.Time) error {
	if e.Action == "" {
		return errors.New("audit: empty action")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, person_id, ip, action, object, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, sqldb.At(now), e.PersonID, e.IP, e.Action, e.Object, e.Detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// RecentAudit returns up to limit entries, newest first. A limit outside
// 1..1000 means 100.
func RecentAudit(ctx context.Context, q sqldb.Querier, limit int) ([]AuditRecord, error) {
	if limit < 1 || limit > 1000 {
		limit = 100
	}
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.at, a.person_id, coalesce(p.full_name, ''),
		a.ip, a.action, a.object, a.detail
		FROM audit_log a LEFT JOIN people p ON p.id = a.person_id
		ORDER BY a.at DESC, a.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("recent audit: %w", err)
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		var r AuditRecord
		var pid sql.NullInt64
		if err := rows.Scan(&r.ID, sqldb.Into(&r.At), &pid, &r.PersonName, &r.IP, &r.Action, &r.Object, &r.Detail); err != nil {
			return nil, fmt.Errorf("recent audit: %w", err)
		}
		if pid.Valid {
			r.PersonID = &pid.Int64
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent audit: %w", err)
	}
	return out, nil
}
