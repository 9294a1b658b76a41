package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/sqldb"
)

// Limit allows Max events per Window for one key, such as "code:email:x".
// Window may not exceed KeepThrottle: the daily prune deletes older events.
type Limit struct {
	Key    string
	Max    int
	Window time.Duration
}

// Throttle records one event against every limit, unless one is already
// used up, in which case nothing is recorded and wait says how long until
// the oldest counted event leaves its window.
func Throttle(ctx context.Context, tx *sql.Tx, now time.Time, limits ...Limit) (wait time.Duration, err error) {
	for _, l := range limits {
		if l.Window > KeepThrottle {
			return 0, fmt.Errorf("throttle %s: window %s is longer than the %s its events are kept", l.Key, l.Window, KeepThrottle)
		}
		// Events older than KeepThrottle never count; drop them as we go.
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_throttle WHERE key = ? AND at < ?`,
			l.Key, sqldb.At(now.Add(-KeepThrottle))); err != nil {
			return 0, err
		}
		var n int
		var oldest sqldb.Time
		if err := tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM auth_throttle WHERE key = ? AND at > ?`,
			l.Key, sqldb.At(now.Add(-l.Window))).Scan(&n, &oldest); err != nil {
			return 0, err
		}
		if n >= l.Max {
			w := oldest.Add(l.Window).Sub(now)
			if w > wait {
				wait = w
			}
		}
	}
	if wait > 0 {
		return wait, nil
	}
	for _, l := range limits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO auth_throttle (key, at) VALUES (?, ?)`, l.Key, sqldb.At(now)); err != nil {
			return 0, err
		}
	}
	return 0, nil
}
