package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Portal states of a person, as the manager screens show them.
const (
	PortalNotInvited    = "not_invited"
	PortalInvited       = "invited"
	PortalInviteExpired = "invite_expired"
	PortalActive        = "active"
	PortalDisabled      = "disabled"
)

// PortalAccess summarises a person's use of the portal for the manager
// screens: their newest invitation and how many devices are signed in. It
// reads the invitations and devices tables that package auth writes; it
// never sees their tokens.
type PortalAccess struct {
	PersonID        int64
	Invited         bool      // an invitation was sent and not withdrawn
	InvitedAt       time.Time // of the newest invitation
	InviteExpiresAt time.Time
	InviteAccepted  bool
	Devices         int // live (not revoked) devices
}

// State is one of the Portal* constants: disabled wins, then active (a
// device is signed in, or an invitation was accepted), then the state of
// the newest invitation.
func (a PortalAccess) State(enabled bool, now time.Time) string {
	switch {
	case !enabled:
		return PortalDisabled
	case a.Devices > 0 || a.InviteAccepted:
		return PortalActive
	case !a.Invited:
		return PortalNotInvited
	case !now.Before(a.InviteExpiresAt):
		return PortalInviteExpired
	}
	return PortalInvited
}

// accessQuery joins each person's newest invitation and live device count.
// Withdrawn invitations (superseded, or voided when access was turned off)
// are left out; accepted ones never are.
const accessQuery = `SELECT p.id,
		i.created_at, i.expires_at, i.accepted_at,
		(SELECT count(*) FROM devices d WHERE d.person_id = p.id AND d.revoked_at IS NULL)
	FROM people p
	LEFT JOIN invitations i ON i.id = (SELECT max(id) FROM invitations WHERE person_id = p.id AND revoked_at IS NULL)`

func scanAccess(r sqldb.Scanner) (PortalAccess, error) {
	var a PortalAccess
	var created, expires sqldb.Time // zero without an invitation
	var accepted sql.NullString
	if err := r.Scan(&a.PersonID, &created, &expires, &accepted, &a.Devices); err != nil {
		return a, err
	}
	if !created.IsZero() {
		a.Invited = true
		a.InvitedAt, a.InviteExpiresAt = created.Time, expires.Time
		a.InviteAccepted = accepted.Valid
	}
	return a, nil
}

// PortalAccessOf returns the portal summary of one person.
func PortalAccessOf(ctx context.Context, q sqldb.Querier, personID int64) (PortalAccess, error) {
	a, err := scanAccess(q.QueryRowContext(ctx, accessQuery+` WHERE p.id = ?`, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.E(errs.NotFound, "Person not found.")
	}
	if err != nil {
		return a, fmt.Errorf("portal access: %w", err)
	}
	return a, nil
}

// PortalAccessAll returns the portal summary of everyone, by person id.
func PortalAccessAll(ctx context.Context, q sqldb.Querier) (map[int64]PortalAccess, error) {
	rows, err := q.QueryContext(ctx, accessQuery)
	if err != nil {
		return nil, fmt.Errorf("portal access: %w", err)
	}
	defer rows.Close()
	out := map[int64]PortalAccess{}
	for rows.Next() {
		a, err := scanAccess(rows)
		if err != nil {
			return nil, fmt.Errorf("portal access: %w", err)
		}
		out[a.PersonID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("portal access: %w", err)
	}
	return out, nil
}

// CurrentUnitsOfEveryone returns, by person id, the units each person is
// linked to on the date on: the people list shows them all at once.
func CurrentUnitsOfEveryone(ctx context.Context, q sqldb.Querier, on time.Time) (map[int64][]PersonUnit, error) {
	day := sqldb.FormatDate(on)
	rows, err := q.QueryContext(ctx, `SELECT l.person_id, l.id, u.id, u.public_id, u.name, s.id, s.public_id,
		s.name, s.kind, l.role, l.start_date, l.end_date
		FROM unit_people l JOIN units u ON u.id = l.unit_id JOIN sites s ON s.id = u.site_id
		WHERE `+currentOn+`
		ORDER BY s.name COLLATE NOCASE, u.id, l.id`, day, day)
	if err != nil {
		return nil, fmt.Errorf("current units: %w", err)
	}
	defer rows.Close()
	out := map[int64][]PersonUnit{}
	for rows.Next() {
		var personID int64
		var pu PersonUnit
		var start string
		var end sql.NullString
		if err := rows.Scan(&personID, &pu.LinkID, &pu.UnitID, &pu.UnitPublicID, &pu.UnitName, &pu.SiteID,
			&pu.SitePublicID, &pu.SiteName, &pu.SiteKind, &pu.Role, &start, &end); err != nil {
			return nil, fmt.Errorf("current units: %w", err)
		}
		pu.Start = sqldb.ParseDate(start)
		pu.End = nullDate(end)
		out[personID] = append(out[personID], pu)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("current units: %w", err)
	}
	return out, nil
}

// SetPortalEnabled turns a person's portal access on or off. Turning it off
// also withdraws their pending invitations, so an email already sent cannot
// be used later; the caller signs their devices out in the same
// transaction. Sessions check the flag on every request, so the change
// takes effect at once.
func SetPortalEnabled(ctx context.Context, tx *sql.Tx, personID int64, enabled bool, now time.Time) error {
	if enabled {
		var archived sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT archived_at FROM people WHERE id = ?`, personID).Scan(&archived)
		if err == nil && archived.Valid {
			return errs.E(errs.Invalid, "This person is archived. Restore them before turning their portal access on.")
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET portal_enabled = ? WHERE id = ?`, enabled, personID)
	if err != nil {
		return fmt.Errorf("set portal access: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Person not found.")
	}
	if enabled {
		return nil
	}
	return WithdrawInvitations(ctx, tx, personID, now)
}

// WithdrawInvitations voids the person's invitations not yet accepted, so
// a link already emailed cannot be used: when access is turned off, and
// when their email address changes.
func WithdrawInvitations(ctx context.Context, tx *sql.Tx, personID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE invitations SET revoked_at = ? WHERE person_id = ?
		AND accepted_at IS NULL AND revoked_at IS NULL`, sqldb.At(now), personID)
	if err != nil {
		return fmt.Errorf("withdraw invitations: %w", err)
	}
	return nil
}
