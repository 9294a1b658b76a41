package handlers

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/estate"
)

// Audit writes an audit entry for the current request in its own
// transaction. Never pass codes, tokens or passwords in detail.
func (s *Kit) Audit(c echo.Context, action, object, detail string) error {
	o := OrgOf(c)
	var pid *int64
	if id := IdentityOf(c); id != nil {
		pid = &id.Person.ID
	}
	ctx := c.Request().Context()
	return o.DB.Write(ctx, func(tx *sql.Tx) error { return s.AuditTx(ctx, c, tx, pid, action, object, detail) })
}

// AuditTx writes an audit entry inside tx, for a person who may not be
// signed in yet (personID may be nil).
func (s *Kit) AuditTx(ctx context.Context, c echo.Context, tx *sql.Tx, personID *int64, action, object, detail string) error {
	return estate.Audit(ctx, tx, estate.AuditEntry{PersonID: personID, IP: c.RealIP(), Action: action, Object: object, Detail: detail}, s.Now())
}

// LedgerAudit writes an audit entry for a ledger change inside its
// transaction.
func (s *Kit) LedgerAudit(ctx context.Context, c echo.Context, tx *sql.Tx, action, object, detail string) error {
	return s.AuditTx(ctx, c, tx, &IdentityOf(c).Person.ID, action, object, detail)
}
