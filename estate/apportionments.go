package estate

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

// Apportionment is one of a site's apportionment schedules: a named way of
// sharing a cost among some of its units ("Block" for the flats, "Car park"
// for those with a space), each unit in it with its own share.
type Apportionment struct {
	ID         int64
	PublicID   string
	SiteID     int64
	Name       string
	Default    bool      // the unit form's share and a bulk demand's first choice
	ArchivedAt time.Time // zero while in use
	CreatedAt  time.Time
	Units      int   // units in use that are part of it
	SharePPM   int64 // their shares added up
}

// DefaultApportionmentName names the schedule a site gets with its first
// unit: neutral, because it may cover the flats only or every home.
const DefaultApportionmentName = "Main"

// Archived reports whether the schedule has been taken out of use.
func (a Apportionment) Archived() bool { return !a.ArchivedAt.IsZero() }

// Total is the shares added up, as a percentage.
func (a Apportionment) Total() string { return FormatSharePPM(a.SharePPM) }

// Whole reports shares that total exactly 100%, as a demand needs.
func (a Apportionment) Whole() bool { return a.SharePPM == FullSharePPM }

// Gap says how far the shares are from 100%, "" when they are not.
func (a Apportionment) Gap() string { return ShareGap(a.SharePPM) }

// ShareGap says how far shares adding up to sum are from 100%: "5% short
// of 100%", "2.5% over 100%", or "" when they total exactly 100%.
func ShareGap(sum int64) string {
	switch {
	case sum < FullSharePPM:
		return FormatSharePPM(FullSharePPM-sum) + " short of 100%"
	case sum > FullSharePPM:
		return FormatSharePPM(sum-FullSharePPM) + " over 100%"
	}
	return ""
}

// apportionmentColumns reads a schedule with the units in use in it and
// their shares; archived units take no share of anything.
const apportionmentColumns = `a.id, a.public_id, a.site_id, a.name, a.is_default, a.archived_at, a.created_at,
	(SELECT count(*) FROM apportionment_shares sh JOIN units u ON u.id = sh.unit_id
		WHERE sh.apportionment_id = a.id AND u.archived_at IS NULL),
	(SELECT coalesce(sum(sh.share_ppm), 0) FROM apportionment_shares sh JOIN units u ON u.id = sh.unit_id
		WHERE sh.apportionment_id = a.id AND u.archived_at IS NULL)
	FROM apportionments a`

func scanApportionment(r sqldb.Scanner) (Apportionment, error) {
	var a Apportionment
	err := r.Scan(&a.ID, &a.PublicID, &a.SiteID, &a.Name, &a.Default, sqldb.Into(&a.ArchivedAt), sqldb.Into(&a.CreatedAt),
		&a.Units, &a.SharePPM)
	return a, err
}

// ListApportionments returns a site's schedules with their totals: the
// default first, then the others in use by name, then the archived ones.
func ListApportionments(ctx context.Context, q sqldb.Querier, siteID int64) ([]Apportionment, error) {
	out, err := sqldb.QueryAll(ctx, q, scanApportionment, `SELECT `+apportionmentColumns+` WHERE a.site_id = ?
		ORDER BY a.archived_at IS NOT NULL, a.is_default DESC, a.name, a.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list apportionments: %w", err)
	}
	return out, nil
}

// GetApportionment returns the schedule with the public id if it belongs
// to the site, or NotFound.
func GetApportionment(ctx context.Context, q sqldb.Querier, siteID int64, publicID string) (Apportionment, error) {
	return getApportionment(ctx, q, `a.site_id = ? AND a.public_id = ?`, siteID, publicID)
}

// DefaultApportionment returns the site's default schedule, or NotFound
// for a site that has never had a unit.
func DefaultApportionment(ctx context.Context, q sqldb.Querier, siteID int64) (Apportionment, error) {
	return getApportionment(ctx, q, `a.site_id = ? AND a.is_default = 1`, siteID)
}

// ResolveApportionment returns the site's schedule with the id, or its
// default for 0: what a demand that names a schedule, or none, splits by.
func ResolveApportionment(ctx context.Context, q sqldb.Querier, siteID, id int64) (Apportionment, error) {
	if id == 0 {
		return DefaultApportionment(ctx, q, siteID)
	}
	return getApportionment(ctx, q, `a.site_id = ? AND a.id = ?`, siteID, id)
}

func getApportionment(ctx context.Context, q sqldb.Querier, where string, args ...any) (Apportionment, error) {
	a, err := scanApportionment(q.QueryRowContext(ctx, `SELECT `+apportionmentColumns+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.E(errs.NotFound, "There is no such apportionment schedule.")
	}
	if err != nil {
		return a, fmt.Errorf("get apportionment: %w", err)
	}
	return a, nil
}

// checkApportionmentName tidies name in place and refuses a blank, long or
// taken one (archived schedules' names included, whatever the case); self
// is the schedule being renamed, or 0.
func checkApportionmentName(ctx context.Context, tx *sql.Tx, siteID, self int64, name *string) error {
	*name = strings.Join(strings.Fields(*name), " ")
	f := errs.Fields{}
	switch {
	case *name == "":
		f.Add("name", "Enter a name for the schedule, such as Block, Estate or Car park.")
	case len(*name) > 60:
		f.Add("name", "Keep the name to 60 characters or fewer.")
	default:
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM apportionments WHERE site_id = ? AND name = ? AND id != ?`,
			siteID, *name, self).Scan(&one)
		switch {
		case err == nil:
			f.Add("name", "This site already has a schedule with this name.")
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("check apportionment name: %w", err)
		}
	}
	return f.Err()
}

// CreateApportionment adds a schedule to the site, with no units yet. A
// site's first schedule becomes its default.
func CreateApportionment(ctx context.Context, tx *sql.Tx, siteID int64, name string, now time.Time) (Apportionment, error) {
	site, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return Apportionment{}, err
	}
	if site.Archived() {
		return Apportionment{}, errs.E(errs.Invalid, site.Name+" is archived: restore it before changing its schedules.")
	}
	if err := checkApportionmentName(ctx, tx, siteID, 0, &name); err != nil {
		return Apportionment{}, err
	}
	return insertApportionment(ctx, tx, siteID, name, now)
}

func insertApportionment(ctx context.Context, tx *sql.Tx, siteID int64, name string, now time.Time) (Apportionment, error) {
	a := Apportionment{PublicID: sqldb.NewPublicID(), SiteID: siteID, Name: name, CreatedAt: now.UTC().Truncate(time.Second)}
	if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM apportionments WHERE site_id = ? AND is_default = 1)`,
		siteID).Scan(&a.Default); err != nil {
		return a, fmt.Errorf("insert apportionment: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO apportionments (public_id, site_id, name, is_default, created_at)
		VALUES (?, ?, ?, ?, ?)`, a.PublicID, siteID, name, a.Default, sqldb.At(now))
	if err != nil {
		return a, fmt.Errorf("insert apportionment: %w", err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return a, fmt.Errorf("insert apportionment: %w", err)
	}
	return a, nil
}

// ensureDefaultApportionment returns the id of the site's default
// schedule, creating it for a site's first unit.
func ensureDefaultApportionment(ctx context.Context, tx *sql.Tx, siteID int64, now time.Time) (int64, error) {
	a, err := DefaultApportionment(ctx, tx, siteID)
	if errs.Is(err, errs.NotFound) {
		a, err = insertApportionment(ctx, tx, siteID, DefaultApportionmentName, now)
	}
	return a.ID, err
}

// ApportionmentChanges compares two versions of a schedule's own details.
func ApportionmentChanges(a, b Apportionment) Changes {
	var c Changes
	c.add("name", a.Name, b.Name)
	c.add("archived", yesNo(a.Archived()), yesNo(b.Archived()))
	return c
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// RenameApportionment renames a schedule, returning it as it is now and
// what changed.
func RenameApportionment(ctx context.Context, tx *sql.Tx, id int64, name string) (Apportionment, Changes, error) {
	old, err := getApportionment(ctx, tx, `a.id = ?`, id)
	if err != nil {
		return old, nil, err
	}
	if err := checkApportionmentName(ctx, tx, old.SiteID, id, &name); err != nil {
		return old, nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE apportionments SET name = ? WHERE id = ?`, name, id); err != nil {
		return old, nil, fmt.Errorf("rename apportionment: %w", err)
	}
	a := old
	a.Name = name
	return a, ApportionmentChanges(old, a), nil
}

// ArchiveApportionment takes a schedule out of use: it is offered to no new
// demand and its shares stay as they were. The default cannot be archived,
// nor a schedule a recurring demand still splits by.
func ArchiveApportionment(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (Apportionment, Changes, error) {
	old, err := getApportionment(ctx, tx, `a.id = ?`, id)
	if err != nil {
		return old, nil, err
	}
	switch {
	case old.Archived():
		return old, nil, errs.E(errs.Invalid, "The "+old.Name+" schedule is already archived.")
	case old.Default:
		return old, nil, errs.E(errs.Invalid, "The "+old.Name+" schedule is the site's default, which the unit form's share edits, so it cannot be archived.")
	}
	users, err := apportionmentUsers(ctx, tx, id, UKDate(now))
	if err != nil {
		return old, nil, err
	}
	if len(users) > 0 {
		return old, nil, errs.E(errs.Invalid, fmt.Sprintf("The %s schedule cannot be archived: the recurring %s %s %s by it. Pause or end %s first.",
			old.Name, plural(len(users), "demand", "demands"), listNames(users), plural(len(users), "is split", "are split"),
			plural(len(users), "it", "them")))
	}
	a := old
	if err := setArchived(ctx, tx, "apportionments", id, &a.ArchivedAt, now); err != nil {
		return old, nil, err
	}
	return a, ApportionmentChanges(old, a), nil
}

// apportionmentUsers names the recurring demands, active or paused, that
// split by the schedule and have periods still to come on day.
func apportionmentUsers(ctx context.Context, q sqldb.Querier, id int64, day time.Time) ([]string, error) {
	names, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	}, `SELECT name FROM schedules WHERE apportionment_id = ? AND (end_date IS NULL OR end_date >= ?) ORDER BY name`,
		id, sqldb.FormatDate(day))
	if err != nil {
		return nil, fmt.Errorf("apportionment users: %w", err)
	}
	for i, n := range names {
		names[i] = "“" + n + "”"
	}
	return names, nil
}

// RestoreApportionment puts an archived schedule back in use.
func RestoreApportionment(ctx context.Context, tx *sql.Tx, id int64) (Apportionment, Changes, error) {
	old, err := getApportionment(ctx, tx, `a.id = ?`, id)
	if err != nil {
		return old, nil, err
	}
	if !old.Archived() {
		return old, nil, errs.E(errs.Invalid, "The "+old.Name+" schedule is not archived.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE apportionments SET archived_at = NULL WHERE id = ?`, id); err != nil {
		return old, nil, fmt.Errorf("restore apportionment: %w", err)
	}
	a := old
	a.ArchivedAt = time.Time{}
	return a, ApportionmentChanges(old, a), nil
}
