// Package notices holds what a manager tells the residents of a site:
// notices with a Markdown body, scheduled, pinned, expiring or withdrawn,
// and each site's choice of whether its residents see them at all.
package notices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"porch/errs"
	"porch/files"
	"porch/sqldb"
)

// Limits of a notice, in characters.
const (
	MaxTitleLen = 150
	MaxBodyLen  = 20000
)

// A notice's states, as the manager's list shows them.
const (
	StateDraft     = "draft"
	StateScheduled = "scheduled"
	StateLive      = "live"
	StateExpired   = "expired"
	StateWithdrawn = "withdrawn"
)

// Notice is one notice with the sites it is for.
type Notice struct {
	ID          int64
	PublicID    string
	Title       string
	Body        string // Markdown
	Pinned      bool
	EmailCopy   bool
	PublishAt   time.Time // zero for a draft
	ExpiresAt   time.Time // zero when it does not expire
	WithdrawnAt time.Time
	EmailedAt   time.Time
	Attachment  Attachment
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Sites       []Site
	Read        bool // for ForPerson: the person has opened it
}

// Attachment is a file in the store attached to a notice; Hash is empty
// when there is none.
type Attachment struct {
	files.Ref
	Name string
}

// Site is a site a notice is for.
type Site struct {
	ID             int64
	PublicID, Name string
}

// HTML is the body rendered safely.
func (n Notice) HTML() template.HTML { return Render(n.Body) }

// State is where the notice stands at now.
func (n Notice) State(now time.Time) string {
	switch {
	case !n.WithdrawnAt.IsZero():
		return StateWithdrawn
	case n.PublishAt.IsZero():
		return StateDraft
	case now.Before(n.PublishAt):
		return StateScheduled
	case !n.ExpiresAt.IsZero() && !now.Before(n.ExpiresAt):
		return StateExpired
	}
	return StateLive
}

// SiteNames lists the notice's sites in words.
func (n Notice) SiteNames() string {
	names := make([]string, len(n.Sites))
	for i, s := range n.Sites {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

const noticeCols = `n.id, n.public_id, n.title, n.body, n.pinned, n.email_copy, n.publish_at, n.expires_at, n.withdrawn_at,
	n.emailed_at, n.attachment_hash, n.attachment_type, n.attachment_size, n.attachment_name, n.created_by, n.created_at, n.updated_at`

func scanNotice(sc sqldb.Scanner) (Notice, error) {
	var n Notice
	err := sc.Scan(&n.ID, &n.PublicID, &n.Title, &n.Body, &n.Pinned, &n.EmailCopy, sqldb.Into(&n.PublishAt), sqldb.Into(&n.ExpiresAt),
		sqldb.Into(&n.WithdrawnAt), sqldb.Into(&n.EmailedAt), &n.Attachment.Hash, &n.Attachment.Type, &n.Attachment.Size,
		&n.Attachment.Name, &n.CreatedBy, sqldb.Into(&n.CreatedAt), sqldb.Into(&n.UpdatedAt))
	return n, err
}

var noNotice = errs.E(errs.NotFound, "There is no notice at this address.")

// Get finds a notice by its public id, with its sites.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Notice, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Notice{}, noNotice
	}
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices n WHERE n.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{}, noNotice
	}
	if err != nil {
		return Notice{}, fmt.Errorf("get notice: %w", err)
	}
	ns := []Notice{n}
	if err := withSites(ctx, q, ns); err != nil {
		return Notice{}, err
	}
	return ns[0], nil
}

// List returns every notice for the manager's list, newest first.
func List(ctx context.Context, q sqldb.Querier) ([]Notice, error) {
	ns, err := sqldb.QueryAll(ctx, q, scanNotice, `SELECT `+noticeCols+` FROM notices n
		ORDER BY n.publish_at IS NOT NULL, n.publish_at DESC, n.created_at DESC, n.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	return ns, withSites(ctx, q, ns)
}

// withSites fills in each notice's sites.
func withSites(ctx context.Context, q sqldb.Querier, ns []Notice) error {
	if len(ns) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]int64, len(ns))
	for i, n := range ns {
		at[n.ID] = i
		ids[i] = n.ID
	}
	type row struct {
		notice int64
		site   Site
	}
	rows, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.notice, &r.site.ID, &r.site.PublicID, &r.site.Name)
		return r, err
	}, `SELECT ns.notice_id, s.id, s.public_id, s.name FROM notice_sites ns JOIN sites s ON s.id = ns.site_id
		WHERE ns.notice_id IN (SELECT value FROM json_each(?)) ORDER BY s.name`, sqldb.IDList(ids))
	if err != nil {
		return fmt.Errorf("notice sites: %w", err)
	}
	for _, r := range rows {
		if i, ok := at[r.notice]; ok {
			ns[i].Sites = append(ns[i].Sites, r.site)
		}
	}
	return nil
}
