package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Device is a browser a person proved, with a code, to be theirs.
type Device struct {
	ID         int64
	PublicID   string
	PersonID   int64
	Label      string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// NewDevice registers the browser for personID and returns the token for
// its long-lived device cookie. Only the token's hash is stored.
func (k *Keys) NewDevice(ctx context.Context, tx *sql.Tx, now time.Time, personID int64, userAgent string) (Device, string, error) {
	token := NewToken()
	d := Device{PublicID: sqldb.NewPublicID(), PersonID: personID, Label: DeviceLabel(userAgent), CreatedAt: now, LastSeenAt: now}
	res, err := tx.ExecContext(ctx, `INSERT INTO devices (public_id, person_id, token_hash, label, created_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?)`, d.PublicID, personID, k.hash("device", token), d.Label, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Device{}, "", fmt.Errorf("register device: %w", err)
	}
	d.ID, _ = res.LastInsertId()
	return d, token, nil
}

const deviceCols = `id, public_id, person_id, label, created_at, last_seen_at`

func scanDevice(s interface{ Scan(...any) error }) (Device, error) {
	var d Device
	err := s.Scan(&d.ID, &d.PublicID, &d.PersonID, &d.Label, sqldb.Into(&d.CreatedAt), sqldb.Into(&d.LastSeenAt))
	return d, err
}

// DeviceByToken finds the live device a device cookie names. A missing,
// unknown or revoked device is NotFound.
func (k *Keys) DeviceByToken(ctx context.Context, q sqldb.Querier, token string) (Device, error) {
	if token == "" {
		return Device{}, errs.E(errs.NotFound, "Unknown device.")
	}
	d, err := scanDevice(q.QueryRowContext(ctx, `SELECT `+deviceCols+` FROM devices
		WHERE token_hash = ? AND revoked_at IS NULL`, k.hash("device", token)))
	if errors.Is(err, sql.ErrNoRows) {
		return Device{}, errs.E(errs.NotFound, "Unknown device.")
	}
	return d, err
}

// ListDevices returns a person's live devices, most recently seen first.
func ListDevices(ctx context.Context, q sqldb.Querier, personID int64) ([]Device, error) {
	return sqldb.QueryAll(ctx, q, scanDevice, `SELECT `+deviceCols+` FROM devices
		WHERE person_id = ? AND revoked_at IS NULL ORDER BY last_seen_at DESC, id DESC`, personID)
}

// SeeDevice records that the device was used, at most once a minute.
func SeeDevice(ctx context.Context, tx *sql.Tx, now time.Time, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE devices SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`,
		sqldb.At(now), id, sqldb.At(now.Add(-time.Minute)))
	return err
}

// RevokeDevice signs one of a person's devices out for good: the device
// cookie stops working and every session on it ends.
func RevokeDevice(ctx context.Context, tx *sql.Tx, now time.Time, personID int64, publicID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE person_id = ? AND public_id = ? AND revoked_at IS NULL`,
		sqldb.At(now), personID, publicID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "That device is not signed in.")
	}
	_, err = tx.ExecContext(ctx, `UPDATE sessions SET ended_at = ? WHERE ended_at IS NULL
		AND device_id = (SELECT id FROM devices WHERE public_id = ?)`, sqldb.At(now), publicID)
	return err
}

// RevokeAllDevices signs a person out everywhere and returns how many
// devices were signed out.
func RevokeAllDevices(ctx context.Context, tx *sql.Tx, now time.Time, personID int64) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL`, sqldb.At(now), personID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	_, err = tx.ExecContext(ctx, `UPDATE sessions SET ended_at = ? WHERE person_id = ? AND ended_at IS NULL`, sqldb.At(now), personID)
	return int(n), err
}

// SignOutOthers signs a person out of every session and device but the
// ones given (the browser making a change), and returns how many devices
// were signed out. After the sign-in email changes, a browser that had the
// old session must not keep the account.
func SignOutOthers(ctx context.Context, tx *sql.Tx, now time.Time, personID, keepSession, keepDevice int64) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL AND id <> ?`,
		sqldb.At(now), personID, keepDevice)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	_, err = tx.ExecContext(ctx, `UPDATE sessions SET ended_at = ? WHERE person_id = ? AND ended_at IS NULL AND id <> ?`,
		sqldb.At(now), personID, keepSession)
	return int(n), err
}

// DeviceLabel names a browser from its User-Agent, as a person would:
// "Chrome on Android". It is a label, not a security check.
func DeviceLabel(ua string) string {
	browser := "Browser"
	switch {
	case strings.Contains(ua, "Edg/"):
		browser = "Edge"
	case strings.Contains(ua, "OPR/"):
		browser = "Opera"
	case strings.Contains(ua, "SamsungBrowser/"):
		browser = "Samsung Internet"
	case strings.Contains(ua, "Firefox/") || strings.Contains(ua, "FxiOS/"):
		browser = "Firefox"
	case strings.Contains(ua, "Chrome/") || strings.Contains(ua, "CriOS/"):
		browser = "Chrome"
	case strings.Contains(ua, "Safari/"):
		browser = "Safari"
	}
	platform := ""
	switch {
	case strings.Contains(ua, "iPhone"):
		platform = "iPhone"
	case strings.Contains(ua, "iPad"):
		platform = "iPad"
	case strings.Contains(ua, "Android"):
		platform = "Android"
	case strings.Contains(ua, "Windows"):
		platform = "Windows"
	case strings.Contains(ua, "Mac OS X") || strings.Contains(ua, "Macintosh"):
		platform = "Mac"
	case strings.Contains(ua, "CrOS"):
		platform = "ChromeOS"
	case strings.Contains(ua, "Linux"):
		platform = "Linux"
	}
	if platform == "" {
		return browser
	}
	return browser + " on " + platform
}
