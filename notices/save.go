package notices

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Input is a notice as the manager's form gives it.
type Input struct {
	Title     string
	Body      string
	SiteIDs   []int64
	Pinned    bool
	EmailCopy bool
	// Publish is false for a draft; PublishAt is then ignored. A zero
	// PublishAt publishes at once.
	Publish    bool
	PublishAt  time.Time
	ExpiresAt  time.Time // zero: it does not expire
	Attachment Attachment
	// KeepAttachment keeps an edited notice's attachment when Attachment
	// is empty; false with an empty Attachment removes it.
	KeepAttachment bool
}

// Check tidies the input and refuses what cannot be saved, under the
// form's field names: title, body, sites, publish_at, expires_at. Create
// and Update check it again; a form with messages of its own calls it to
// show every message at once.
func (in *Input) Check(ctx context.Context, q sqldb.Querier, now time.Time) error {
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	f := errs.Fields{}
	f.Text("title", in.Title, MaxTitleLen, "title", "Enter a title.")
	f.Text("body", in.Body, MaxBodyLen, "notice", "Write the notice.")
	if len(in.SiteIDs) == 0 {
		f.Add("sites", "Choose at least one site.")
	} else {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE id IN (SELECT value FROM json_each(?)) AND archived_at IS NULL`,
			sqldb.IDList(in.SiteIDs)).Scan(&n); err != nil {
			return fmt.Errorf("check notice sites: %w", err)
		}
		if n != len(in.SiteIDs) {
			f.Add("sites", "Choose sites from the list.")
		}
	}
	if in.Publish && in.PublishAt.IsZero() {
		in.PublishAt = now
	}
	if !in.Publish {
		in.PublishAt = time.Time{}
	}
	if !in.ExpiresAt.IsZero() {
		from := now
		if in.PublishAt.After(now) {
			from = in.PublishAt
		}
		if !in.ExpiresAt.After(from) {
			f.Add("expires_at", "Choose an end after the notice goes up.")
		}
	}
	return f.Err()
}

// Create saves a new notice: a draft, scheduled, or live at once.
func Create(ctx context.Context, tx *sql.Tx, now time.Time, by int64, in Input) (Notice, error) {
	if err := in.Check(ctx, tx, now); err != nil {
		return Notice{}, err
	}
	publicID := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO notices (public_id, title, body, pinned, email_copy, publish_at, expires_at,
		attachment_hash, attachment_type, attachment_size, attachment_name, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, publicID, in.Title, in.Body, in.Pinned, in.EmailCopy,
		nullTime(in.PublishAt), nullTime(in.ExpiresAt), in.Attachment.Hash, in.Attachment.Type, in.Attachment.Size,
		in.Attachment.Name, by, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Notice{}, fmt.Errorf("create notice: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Notice{}, fmt.Errorf("create notice: %w", err)
	}
	if err := setSites(ctx, tx, id, in.SiteIDs); err != nil {
		return Notice{}, err
	}
	return Get(ctx, tx, publicID)
}

// Update changes a notice that is not withdrawn. A notice whose email
// copies went out keeps them sent: editing it sends no second copy.
func Update(ctx context.Context, tx *sql.Tx, now time.Time, publicID string, in Input) (Notice, error) {
	old, err := Get(ctx, tx, publicID)
	if err != nil {
		return Notice{}, err
	}
	if !old.WithdrawnAt.IsZero() {
		return Notice{}, errs.E(errs.Conflict, "This notice was withdrawn, so it can no longer be changed.")
	}
	if in.Publish && in.PublishAt.IsZero() && !old.PublishAt.IsZero() && !old.PublishAt.After(now) {
		in.PublishAt = old.PublishAt // already up: it keeps its date
	}
	if err := in.Check(ctx, tx, now); err != nil {
		return Notice{}, err
	}
	att := in.Attachment
	if att.Hash == "" && in.KeepAttachment {
		att = old.Attachment
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notices SET title = ?, body = ?, pinned = ?, email_copy = ?, publish_at = ?, expires_at = ?,
		attachment_hash = ?, attachment_type = ?, attachment_size = ?, attachment_name = ?, updated_at = ? WHERE id = ?`,
		in.Title, in.Body, in.Pinned, in.EmailCopy, nullTime(in.PublishAt), nullTime(in.ExpiresAt),
		att.Hash, att.Type, att.Size, att.Name, sqldb.At(now), old.ID); err != nil {
		return Notice{}, fmt.Errorf("update notice: %w", err)
	}
	if err := setSites(ctx, tx, old.ID, in.SiteIDs); err != nil {
		return Notice{}, err
	}
	return Get(ctx, tx, publicID)
}

// Withdraw takes a notice off residents' pages at once. The manager's
// copy is kept.
func Withdraw(ctx context.Context, tx *sql.Tx, now time.Time, publicID string) (Notice, error) {
	n, err := Get(ctx, tx, publicID)
	if err != nil || !n.WithdrawnAt.IsZero() {
		return n, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notices SET withdrawn_at = ?, updated_at = ? WHERE id = ?`, sqldb.At(now), sqldb.At(now), n.ID); err != nil {
		return Notice{}, fmt.Errorf("withdraw notice: %w", err)
	}
	n.WithdrawnAt = now
	return n, nil
}

func setSites(ctx context.Context, tx *sql.Tx, noticeID int64, siteIDs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM notice_sites WHERE notice_id = ?`, noticeID); err != nil {
		return fmt.Errorf("notice sites: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO notice_sites (notice_id, site_id)
		SELECT ?, value FROM json_each(?)`, noticeID, sqldb.IDList(siteIDs)); err != nil {
		return fmt.Errorf("notice sites: %w", err)
	}
	return nil
}

// nullTime is a time for a nullable column: NULL for zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return sqldb.At(t)
}
