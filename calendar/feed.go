package calendar

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// A feed is known by a random nonce; the address a phone's calendar polls
// carries the nonce with a signature the HTTP layer makes with the
// server's key, so the nonce alone, as stored here, opens nothing.

// NewFeed gives the person a new feed nonce, replacing any they had: the
// old address stops working at once.
func NewFeed(ctx context.Context, tx *sql.Tx, personID int64, now time.Time) (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("feed nonce: %w", err)
	}
	nonce := base64.RawURLEncoding.EncodeToString(b)
	if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (person_id, nonce, created_at) VALUES (?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET nonce = excluded.nonce, created_at = excluded.created_at`,
		personID, nonce, sqldb.At(now)); err != nil {
		return "", fmt.Errorf("new feed: %w", err)
	}
	return nonce, nil
}

// StopFeed turns the person's feed off.
func StopFeed(ctx context.Context, tx *sql.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE person_id = ?`, personID); err != nil {
		return fmt.Errorf("stop feed: %w", err)
	}
	return nil
}

// FeedOf is the person's feed nonce and when it was made; "" when they
// have none.
func FeedOf(ctx context.Context, q sqldb.Querier, personID int64) (string, time.Time, error) {
	var nonce string
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT nonce, created_at FROM calendar_feeds WHERE person_id = ?`, personID).Scan(&nonce, sqldb.Into(&at))
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("feed: %w", err)
	}
	return nonce, at, nil
}

// FeedPerson is the person whose feed nonce this is; NotFound for one
// never made, replaced or turned off.
func FeedPerson(ctx context.Context, q sqldb.Querier, nonce string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM calendar_feeds WHERE nonce = ?`, nonce).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.E(errs.NotFound, "This calendar address no longer works. Make a new one in the portal.")
	}
	if err != nil {
		return 0, fmt.Errorf("feed person: %w", err)
	}
	return id, nil
}
