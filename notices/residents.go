package notices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/sqldb"
)

// liveFor is the condition for a notice a resident of sites (a JSON array
// of site ids, the first argument) may read at now (the second and third):
// published, not expired nor withdrawn, for one of their sites whose
// residents see notices.
const liveFor = `n.withdrawn_at IS NULL AND n.publish_at IS NOT NULL AND n.publish_at <= ?2
	AND (n.expires_at IS NULL OR n.expires_at > ?2)
	AND EXISTS (SELECT 1 FROM notice_sites ns JOIN sites s ON s.id = ns.site_id
		WHERE ns.notice_id = n.id AND s.notices_visible = 1 AND ns.site_id IN (SELECT value FROM json_each(?1)))`

// ForSites returns the notices a person linked to sites may read at now,
// pinned first and then newest first, each marked Read if they opened it
// and with its sites. limit bounds the list (0 for all).
func ForSites(ctx context.Context, q sqldb.Querier, personID int64, siteIDs []int64, now time.Time, limit int) ([]Notice, error) {
	ns, err := Headlines(ctx, q, personID, siteIDs, now, limit)
	if err != nil {
		return nil, err
	}
	return ns, withSites(ctx, q, ns)
}

// Headlines is ForSites without the notices' sites, in one query: for the
// home page.
func Headlines(ctx context.Context, q sqldb.Querier, personID int64, siteIDs []int64, now time.Time, limit int) ([]Notice, error) {
	if len(siteIDs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = -1
	}
	ns, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Notice, error) {
		var n Notice
		var read int
		err := sc.Scan(&n.ID, &n.PublicID, &n.Title, &n.Body, &n.Pinned, &n.EmailCopy, sqldb.Into(&n.PublishAt), sqldb.Into(&n.ExpiresAt),
			sqldb.Into(&n.WithdrawnAt), sqldb.Into(&n.EmailedAt), &n.Attachment.Hash, &n.Attachment.Type, &n.Attachment.Size,
			&n.Attachment.Name, &n.CreatedBy, sqldb.Into(&n.CreatedAt), sqldb.Into(&n.UpdatedAt), &read)
		n.Read = read == 1
		return n, err
	}, `SELECT `+noticeCols+`, EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.person_id = ?3)
		FROM notices n WHERE `+liveFor+` ORDER BY n.pinned DESC, n.publish_at DESC, n.id DESC LIMIT ?4`,
		sqldb.IDList(siteIDs), sqldb.At(now), personID, limit)
	if err != nil {
		return nil, fmt.Errorf("notices for sites: %w", err)
	}
	return ns, nil
}

// NextChange is the first moment after now at which the notices of the
// sites that residents may read change by themselves, with no write: a
// notice scheduled for later is published, or a live one expires. Zero
// when none will. A page kept until then shows them as they are.
func NextChange(ctx context.Context, q sqldb.Querier, siteIDs []int64, now time.Time) (time.Time, error) {
	var t time.Time
	if len(siteIDs) == 0 {
		return t, nil
	}
	err := q.QueryRowContext(ctx, `SELECT min(CASE WHEN n.publish_at > ?2 THEN n.publish_at ELSE n.expires_at END) FROM notices n
		WHERE n.withdrawn_at IS NULL AND n.publish_at IS NOT NULL AND (n.publish_at > ?2 OR n.expires_at > ?2)
		AND EXISTS (SELECT 1 FROM notice_sites ns JOIN sites s ON s.id = ns.site_id
			WHERE ns.notice_id = n.id AND s.notices_visible = 1 AND ns.site_id IN (SELECT value FROM json_each(?1)))`,
		sqldb.IDList(siteIDs), sqldb.At(now)).Scan(sqldb.Into(&t))
	if err != nil {
		return time.Time{}, fmt.Errorf("notices' next change: %w", err)
	}
	return t, nil
}

// GetFor finds a notice the person linked to sites may read at now,
// marked Read if they opened it before; any other is NotFound, as a
// missing one is.
func GetFor(ctx context.Context, q sqldb.Querier, publicID string, personID int64, siteIDs []int64, now time.Time) (Notice, error) {
	if !sqldb.ValidPublicID(publicID) || len(siteIDs) == 0 {
		return Notice{}, noNotice
	}
	var read bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.person_id = ?4)
		FROM notices n WHERE n.public_id = ?3 AND `+liveFor, sqldb.IDList(siteIDs), sqldb.At(now), publicID, personID).Scan(&read)
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{}, noNotice
	}
	if err != nil {
		return Notice{}, fmt.Errorf("get notice: %w", err)
	}
	n, err := Get(ctx, q, publicID)
	n.Read = read
	return n, err
}

// MarkRead records that the person opened the notice.
func MarkRead(ctx context.Context, tx *sql.Tx, noticeID, personID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO notice_reads (notice_id, person_id, read_at) VALUES (?, ?, ?)`,
		noticeID, personID, sqldb.At(now)); err != nil {
		return fmt.Errorf("mark notice read: %w", err)
	}
	return nil
}

// SiteVisible reports whether the site's residents see notices.
func SiteVisible(ctx context.Context, q sqldb.Querier, siteID int64) (bool, error) {
	var v bool
	if err := q.QueryRowContext(ctx, `SELECT notices_visible FROM sites WHERE id = ?`, siteID).Scan(&v); err != nil {
		return false, fmt.Errorf("site notices: %w", err)
	}
	return v, nil
}

// SetSiteVisible switches notices on or off for the site's residents.
func SetSiteVisible(ctx context.Context, tx *sql.Tx, siteID int64, visible bool) error {
	if _, err := tx.ExecContext(ctx, `UPDATE sites SET notices_visible = ? WHERE id = ?`, visible, siteID); err != nil {
		return fmt.Errorf("site notices: %w", err)
	}
	return nil
}

// SiteSetting is a site in use with whether its residents see notices.
type SiteSetting struct {
	ID             int64
	PublicID, Name string
	Visible        bool
}

// SiteSettings lists the sites in use by name, with their setting.
func SiteSettings(ctx context.Context, q sqldb.Querier) ([]SiteSetting, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (SiteSetting, error) {
		var s SiteSetting
		err := sc.Scan(&s.ID, &s.PublicID, &s.Name, &s.Visible)
		return s, err
	}, `SELECT id, public_id, name, notices_visible FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("site notice settings: %w", err)
	}
	return out, nil
}
