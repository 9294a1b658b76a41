package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// InviteTTL is how long an invitation link works.
const InviteTTL = 14 * 24 * time.Hour

// Invitation is an invitation to the portal, sent to a person by a manager.
type Invitation struct {
	ID         int64
	PersonID   int64
	Email      string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt *time.Time
}

// CreateInvitation makes a new invitation for personID and returns the
// token for its link. Re-sending is creating again: any earlier pending
// invitation of the person stops working, so only the newest link signs in.
func (k *Keys) CreateInvitation(ctx context.Context, tx *sql.Tx, now time.Time, personID int64, email string, invitedBy *int64) (string, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET revoked_at = ? WHERE person_id = ?
		AND accepted_at IS NULL AND revoked_at IS NULL`, sqldb.At(now), personID); err != nil {
		return "", err
	}
	token := NewToken()
	_, err := tx.ExecContext(ctx, `INSERT INTO invitations (person_id, token_hash, invited_by, email, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, personID, k.hash("invite", token), invitedBy, email, sqldb.At(now), sqldb.At(now.Add(InviteTTL)))
	if err != nil {
		return "", fmt.Errorf("store invitation: %w", err)
	}
	return token, nil
}

// Client-safe answers for a link that no longer works. They say what to do.
var (
	ErrInviteUnknown = errs.E(errs.NotFound, "This invitation link is not valid. Check you opened the whole link from the email, or ask us to send a new one.")
	ErrInviteExpired = errs.E(errs.Conflict, "This invitation has expired. Ask us to send you a new one, or sign in with your email address.")
	ErrInviteUsed    = errs.E(errs.Conflict, "This invitation has already been used. Sign in with your email address instead.")
)

// InvitationByToken returns the pending invitation a link names, without
// using it up: opening the link (as mail scanners do) must not consume it.
func (k *Keys) InvitationByToken(ctx context.Context, q sqldb.Querier, now time.Time, token string) (Invitation, error) {
	var inv Invitation
	var accepted, revoked sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, person_id, email, created_at, expires_at, accepted_at, revoked_at
		FROM invitations WHERE token_hash = ?`, k.hash("invite", token)).
		Scan(&inv.ID, &inv.PersonID, &inv.Email, sqldb.Into(&inv.CreatedAt), sqldb.Into(&inv.ExpiresAt), &accepted, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, ErrInviteUnknown
	}
	if err != nil {
		return Invitation{}, err
	}
	switch {
	case accepted.Valid:
		return inv, ErrInviteUsed
	case revoked.Valid:
		return inv, errs.E(errs.Conflict, "A newer invitation has been sent for this account: use the link in the most recent email, or sign in with your email address.")
	case !now.Before(inv.ExpiresAt):
		return inv, ErrInviteExpired
	}
	return inv, nil
}

// AcceptInvitation uses the invitation up. Of two concurrent accepts only
// one succeeds.
func AcceptInvitation(ctx context.Context, tx *sql.Tx, now time.Time, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL
		AND revoked_at IS NULL AND expires_at > ?`, sqldb.At(now), id, sqldb.At(now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrInviteUsed
	}
	return nil
}

// InviteStatus summarises a person's latest invitation for the manager
// screens.
type InviteStatus struct {
	Sent       bool
	SentAt     time.Time
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	Expired    bool
}

// LatestInvitation reports the newest invitation sent to a person that was
// not withdrawn (withdrawn links no longer work, so they are not "sent").
func LatestInvitation(ctx context.Context, q sqldb.Querier, now time.Time, personID int64) (InviteStatus, error) {
	var st InviteStatus
	var sent, expires, accepted sqldb.Time
	err := q.QueryRowContext(ctx, `SELECT created_at, expires_at, accepted_at FROM invitations
		WHERE person_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, personID).Scan(&sent, &expires, &accepted)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Sent, st.SentAt, st.ExpiresAt = true, sent.Time, expires.Time
	if !accepted.IsZero() {
		st.AcceptedAt = &accepted.Time
	}
	st.Expired = st.AcceptedAt == nil && !now.Before(st.ExpiresAt)
	return st, nil
}
