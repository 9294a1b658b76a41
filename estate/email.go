package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
)

// ValidEmail reports whether s is a bare email address with a dotted
// domain, the form Porch accepts for signing in.
func ValidEmail(s string) bool { return validEmail(s) }

// MsgEmailTaken is the field message for an address another person uses.
const MsgEmailTaken = "Another account uses this email address. Use a different one."

// ChangeEmail makes email the person's sign-in address. The address must be
// valid and not used by anyone else, ignoring case; the caller has already
// proved the person controls it. now is taken like every estate write's,
// though people carry no change time: the caller's audit entry records it.
func ChangeEmail(ctx context.Context, tx *sql.Tx, personID int64, email string, now time.Time) error {
	email = strings.TrimSpace(email)
	if !validEmail(email) {
		return errs.Fields{"email": "Enter an email address like name@example.co.uk."}.Err()
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE email = ? AND id <> ?`, email, personID).Scan(&other)
	switch {
	case err == nil:
		return errs.Fields{"email": MsgEmailTaken}.Err()
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check email: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET email = ? WHERE id = ?`, email, personID)
	if err != nil {
		return fmt.Errorf("change email: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Person not found.")
	}
	return nil
}
