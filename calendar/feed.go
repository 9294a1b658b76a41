package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// A feed token is 32 random bytes, URL-safe: the only key to the address
// a phone's calendar polls without signing in. Only its hash is stored.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// NewFeed gives the person a new feed address token, replacing any they
// had: the old address stops working at once.
func NewFeed(ctx context.Context, tx *sql.Tx, personID int64, now time.Time) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		personID, hashToken(token), sqldb.At(now)); err != nil {
		return "", fmt.Errorf("new feed: %w", err)
	}
	return token, nil
}

// StopFeed turns the person's feed off.
func StopFeed(ctx context.Context, tx *sql.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE person_id = ?`, personID); err != nil {
		return fmt.Errorf("stop feed: %w", err)
	}
	return nil
}

// FeedSince is when the person's feed address was made; zero when they
// have none.
func FeedSince(ctx context.Context, q sqldb.Querier, personID int64) (time.Time, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT created_at FROM calendar_feeds WHERE person_id = ?`, personID).Scan(sqldb.Into(&at))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("feed: %w", err)
	}
	return at, nil
}

// FeedPerson is the person whose feed token this is; NotFound for a token
// never made, replaced or turned off.
func FeedPerson(ctx context.Context, q sqldb.Querier, token string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM calendar_feeds WHERE token_hash = ?`, hashToken(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.E(errs.NotFound, "This calendar address no longer works. Make a new one in the portal.")
	}
	if err != nil {
		return 0, fmt.Errorf("feed person: %w", err)
	}
	return id, nil
}
