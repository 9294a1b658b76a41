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

// SessionPolicy bounds a session's life: it ends after Idle without use, and
// after Absolute whatever happens.
type SessionPolicy struct {
	Idle     time.Duration
	Absolute time.Duration
}

// DefaultSessionPolicy: a working day of inactivity, a week at most. The
// device stays known for longer, so signing in again on it is quick.
var DefaultSessionPolicy = SessionPolicy{Idle: 12 * time.Hour, Absolute: 7 * 24 * time.Hour}

// Session is a signed-in browser session, bound to one device.
type Session struct {
	ID         int64
	PersonID   int64
	DeviceID   int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// StartSession begins a session for personID on deviceID and returns the
// token for the session cookie. Every sign-in gets a new token.
func (k *Keys) StartSession(ctx context.Context, tx *sql.Tx, now time.Time, personID, deviceID int64, p SessionPolicy) (string, error) {
	token := NewToken()
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, person_id, device_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, k.hash("session", token), personID, deviceID, sqldb.At(now), sqldb.At(now), sqldb.At(now.Add(p.Absolute)))
	if err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return token, nil
}

var errSignedOut = errs.E(errs.Unauthorized, "Please sign in.")

// LoadSession returns the live session named by the session cookie, checking
// that it belongs to the device named by the device cookie, that neither was
// revoked, that the person may still use the portal, and that the session is
// neither idle too long nor past its absolute end.
func (k *Keys) LoadSession(ctx context.Context, q sqldb.Querier, now time.Time, sessionToken, deviceToken string, p SessionPolicy) (Session, error) {
	if sessionToken == "" || deviceToken == "" {
		return Session{}, errSignedOut
	}
	var s Session
	err := q.QueryRowContext(ctx, `SELECT s.id, s.person_id, s.device_id, s.created_at, s.last_seen_at, s.expires_at
		FROM sessions s JOIN devices d ON d.id = s.device_id JOIN people p ON p.id = s.person_id
		WHERE s.token_hash = ? AND d.token_hash = ? AND s.ended_at IS NULL AND d.revoked_at IS NULL
		  AND p.portal_enabled = 1 AND d.person_id = s.person_id`,
		k.hash("session", sessionToken), k.hash("device", deviceToken)).Scan(&s.ID, &s.PersonID, &s.DeviceID,
		sqldb.Into(&s.CreatedAt), sqldb.Into(&s.LastSeenAt), sqldb.Into(&s.ExpiresAt))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, errSignedOut
	}
	if err != nil {
		return Session{}, err
	}
	if err := p.Check(now, s); err != nil {
		return Session{}, err
	}
	return s, nil
}

// Check refuses a session past its absolute end or idle for too long.
func (p SessionPolicy) Check(now time.Time, s Session) error {
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= p.Idle {
		return errs.E(errs.Unauthorized, "Your session has ended. Please sign in again.")
	}
	return nil
}

// TouchSession records use of a session (and its device), at most once a
// minute so that browsing does not turn every page view into a write.
func TouchSession(ctx context.Context, tx *sql.Tx, now time.Time, s Session) error {
	if !NeedsTouch(now, s) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, sqldb.At(now), s.ID); err != nil {
		return err
	}
	return SeeDevice(ctx, tx, now, s.DeviceID)
}

// NeedsTouch reports whether TouchSession would write, so callers can skip
// opening a write transaction on most requests.
func NeedsTouch(now time.Time, s Session) bool { return now.Sub(s.LastSeenAt) >= time.Minute }

// EndSession signs a session out on the server; its cookie is worthless
// from now on.
func EndSession(ctx context.Context, tx *sql.Tx, now time.Time, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL`, sqldb.At(now), id)
	return err
}
