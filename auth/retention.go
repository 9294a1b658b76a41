package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/sqldb"
)

// How long sign-in records are kept once they can no longer be used. Live
// rows are never pruned: every period counts from the moment a row stopped
// working (used, expired, ended, revoked), never from when it was made.
const (
	// KeepCodes: a day's tail of codes answers "I never got my code" the
	// same day; after that a code is only a hash nobody can use.
	KeepCodes = 24 * time.Hour
	// KeepThrottle is the longest window a Limit may have. Older attempts
	// no longer count towards any limit (Throttle refuses longer windows).
	KeepThrottle = 24 * time.Hour
	// KeepSessions: a month of ended sessions shows which device was
	// signed in when, for looking into a recent suspicious sign-in; the
	// audit log keeps the sign-ins themselves for longer.
	KeepSessions = 30 * 24 * time.Hour
	// KeepDevices: a signed-out (revoked) device, or one whose cookie can
	// no longer work, is kept for three months so "signed out of all
	// devices" can still be checked against it.
	KeepDevices = 90 * 24 * time.Hour
	// KeepInvitations: used, expired and withdrawn invitations are kept
	// for three months. Each person's newest invitation that was not
	// withdrawn is kept whatever its age: the people screens report it
	// ("accepted on ...", "expired").
	KeepInvitations = 90 * 24 * time.Hour
)

// DeviceLife is how long a device cookie works: it is written once, when
// the device is registered, and the cookie codec refuses it afterwards
// (400 days is also the longest browsers honour). A device older than this
// can never sign in again, whatever its row says.
const DeviceLife = 400 * 24 * time.Hour

// PruneResult counts the rows one Prune removed, table by table.
type PruneResult struct {
	Codes, Throttle, Sessions, Devices, Invitations int
	// More is true when a table gave up as many rows as the batch allowed,
	// so another call may find more.
	More bool
}

// Total is the number of rows removed.
func (r PruneResult) Total() int {
	return r.Codes + r.Throttle + r.Sessions + r.Devices + r.Invitations
}

// Prune deletes sign-in records past their retention period (see the Keep
// constants), at most batch rows from each table, so a backlog is cleared
// in several short transactions rather than one long one. Sessions go
// before devices: a device is only deleted once no session refers to it.
func Prune(ctx context.Context, tx *sql.Tx, now time.Time, batch int) (PruneResult, error) {
	var r PruneResult
	steps := []struct {
		n     *int
		query string
		args  []any
	}{
		{&r.Codes, `DELETE FROM auth_codes WHERE id IN (SELECT id FROM auth_codes
			WHERE expires_at < ?1 OR used_at < ?1 LIMIT ?2)`, []any{sqldb.At(now.Add(-KeepCodes))}},
		{&r.Throttle, `DELETE FROM auth_throttle WHERE rowid IN (SELECT rowid FROM auth_throttle
			WHERE at < ?1 LIMIT ?2)`, []any{sqldb.At(now.Add(-KeepThrottle))}},
		{&r.Sessions, `DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
			WHERE expires_at < ?1 OR ended_at < ?1 LIMIT ?2)`, []any{sqldb.At(now.Add(-KeepSessions))}},
		{&r.Devices, `DELETE FROM devices WHERE id IN (SELECT d.id FROM devices d
			WHERE (d.revoked_at < ?1 OR d.created_at < ?3)
			  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.device_id = d.id) LIMIT ?2)`,
			[]any{sqldb.At(now.Add(-KeepDevices)), sqldb.At(now.Add(-DeviceLife - KeepDevices))}},
		{&r.Invitations, `DELETE FROM invitations WHERE id IN (SELECT i.id FROM invitations i
			WHERE i.revoked_at < ?1
			   OR ((i.accepted_at < ?1 OR i.expires_at < ?1) AND i.id <> (SELECT max(n.id) FROM invitations n
			        WHERE n.person_id = i.person_id AND n.revoked_at IS NULL)) LIMIT ?2)`,
			[]any{sqldb.At(now.Add(-KeepInvitations))}},
	}
	for _, s := range steps {
		args := append([]any{s.args[0], batch}, s.args[1:]...)
		res, err := tx.ExecContext(ctx, s.query, args...)
		if err != nil {
			return r, fmt.Errorf("prune sign-in records: %w", err)
		}
		n, _ := res.RowsAffected()
		*s.n = int(n)
		r.More = r.More || int(n) >= batch
	}
	return r, nil
}
