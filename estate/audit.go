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
