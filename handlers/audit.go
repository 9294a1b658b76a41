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

// WriteAudited runs a change by the signed-in person in one transaction
// with its audit entry, which do returns as an action, the object's public
// id and the detail: the change and its entry commit together or not at
// all.
func (s *Kit) WriteAudited(c echo.Context, do func(ctx context.Context, tx *sql.Tx) (action, object, detail string, err error)) error {
	ctx := c.Request().Context()
	return OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		action, object, detail, err := do(ctx, tx)
		if err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, action, object, detail)
	})
}
