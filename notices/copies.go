package notices

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// DueCopies returns the notices live at now whose email copies were asked
// for and have not gone out yet.
func DueCopies(ctx context.Context, q sqldb.Querier, now time.Time) ([]Notice, error) {
	ns, err := sqldb.QueryAll(ctx, q, scanNotice, `SELECT `+noticeCols+` FROM notices n
		WHERE n.email_copy = 1 AND n.emailed_at IS NULL AND n.withdrawn_at IS NULL
		AND n.publish_at IS NOT NULL AND n.publish_at <= ? AND (n.expires_at IS NULL OR n.expires_at > ?)
		ORDER BY n.publish_at, n.id`, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return nil, fmt.Errorf("notices due by email: %w", err)
	}
	return ns, withSites(ctx, q, ns)
}

// Recipients returns each person, once, linked on the date today to a
// unit of one of the notice's sites whose residents see notices, who has
// an email address and may use the portal.
func Recipients(ctx context.Context, q sqldb.Querier, noticeID int64, today time.Time) ([]estate.Recipient, error) {
	d := sqldb.FormatDate(today)
	out, err := estate.Recipients(ctx, q, estate.MailNotices, `SELECT DISTINCT p.id, p.full_name, p.email FROM notice_sites ns
		JOIN sites s ON s.id = ns.site_id AND s.notices_visible = 1
		JOIN units u ON u.site_id = s.id
		JOIN unit_people l ON l.unit_id = u.id AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)
		JOIN people p ON p.id = l.person_id
		WHERE ns.notice_id = ? AND `+estate.Emailable+`
		ORDER BY p.full_name, p.id`, d, d, noticeID)
	if err != nil {
		return nil, fmt.Errorf("notice recipients: %w", err)
	}
	return out, nil
}

// MarkEmailed records that a notice's copies were queued, so they go once.
// It reports false when another run marked it first.
func MarkEmailed(ctx context.Context, tx *sql.Tx, noticeID int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET emailed_at = ? WHERE id = ? AND emailed_at IS NULL`, sqldb.At(now), noticeID)
	if err != nil {
		return false, fmt.Errorf("mark notice emailed: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// NextCopyAt is when the next scheduled notice with email copies still to
// send goes up after now; zero when there is none.
func NextCopyAt(ctx context.Context, q sqldb.Querier, now time.Time) (time.Time, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT min(publish_at) FROM notices
		WHERE email_copy = 1 AND emailed_at IS NULL AND withdrawn_at IS NULL AND publish_at > ?`, sqldb.At(now)).Scan(sqldb.Into(&at))
	if err != nil {
		return time.Time{}, fmt.Errorf("next notice copies: %w", err)
	}
	return at, nil
}
