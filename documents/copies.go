package documents

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Property is a home whose owner has a portal: one the agency lets or
// sells, a place a document can be copied to.
type Property struct {
	ID       int64
	PublicID string
	Name     string
	Market   string
}

// Copy is a document's copy in a property's owner portal.
type Copy struct {
	Property
	CopiedBy string // the name of who copied it
	CopiedAt time.Time
}

// Properties lists a site's homes in use that are let or for sale, by
// name: those a folder's document can be copied to.
func Properties(ctx context.Context, q sqldb.Querier, siteID int64) ([]Property, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Property, error) {
		var p Property
		err := sc.Scan(&p.ID, &p.PublicID, &p.Name, &p.Market)
		return p, err
	}, `SELECT id, public_id, name, market FROM units WHERE site_id = ? AND market != '' AND archived_at IS NULL
		ORDER BY name COLLATE NOCASE, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	return out, nil
}

// CopiesOf lists where a document is copied, by the property's name.
func CopiesOf(ctx context.Context, q sqldb.Querier, documentID int64) ([]Copy, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Copy, error) {
		var c Copy
		err := sc.Scan(&c.ID, &c.PublicID, &c.Name, &c.Market, &c.CopiedBy, sqldb.Into(&c.CopiedAt))
		return c, err
	}, `SELECT u.id, u.public_id, u.name, u.market, p.full_name, c.copied_at FROM owner_copies c JOIN units u ON u.id = c.unit_id
		JOIN people p ON p.id = c.copied_by WHERE c.document_id = ? ORDER BY u.name COLLATE NOCASE, u.id`, documentID)
	if err != nil {
		return nil, fmt.Errorf("document copies: %w", err)
	}
	return out, nil
}

// InOwnerPortal reports whether a home's document reaches its owner's
// portal without a copy: as a certificate, an inspection, a report or a
// tenancy agreement, or shared with the home's owners.
func (d Document) InOwnerPortal() bool {
	return d.ForUnit() && (d.Category != CategoryNone || slices.Contains(d.Roles, estate.RoleOwner))
}

// CopyToOwner copies a document to a property's owner portal: a folder's
// document to a property of its site, a home's document to that home's.
// The property's owner sees it there from now on; the document itself is
// unchanged. It reports false when it was copied there already.
func CopyToOwner(ctx context.Context, tx *sql.Tx, now time.Time, by int64, publicID, unitPublicID string) (Document, Property, bool, error) {
	d, err := active(ctx, tx, publicID)
	if err != nil {
		return Document{}, Property{}, false, err
	}
	if d.Awaiting() {
		return Document{}, Property{}, false, errs.E(errs.Conflict, "This year-end pack waits for release: release it before copying it.")
	}
	ps, err := Properties(ctx, tx, d.SiteID)
	if err != nil {
		return Document{}, Property{}, false, err
	}
	i := slices.IndexFunc(ps, func(p Property) bool { return p.PublicID == unitPublicID })
	switch {
	case d.ForUnit() && unitPublicID != d.UnitPublicID:
		return Document{}, Property{}, false, errs.Fields{"property": "A home's document is copied to that home's owner only."}.Err()
	case d.ForUnit() && i < 0:
		return Document{}, Property{}, false, errs.Fields{"property": d.UnitName + " is not let or for sale: only those have an owner's portal. " +
			"Mark it as a letting or a sale first."}.Err()
	case i < 0:
		return Document{}, Property{}, false, errs.Fields{"property": "Choose one of this site's properties that are let or for sale."}.Err()
	case d.InOwnerPortal():
		return Document{}, Property{}, false, errs.E(errs.Conflict, "This document is in the owner's portal already.")
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO owner_copies (document_id, unit_id, copied_by, copied_at) VALUES (?, ?, ?, ?)`,
		d.ID, ps[i].ID, by, sqldb.At(now))
	if err != nil {
		return Document{}, Property{}, false, fmt.Errorf("copy document to owner: %w", err)
	}
	n, err := res.RowsAffected()
	return d, ps[i], n == 1, err
}

// RemoveOwnerCopy takes a document's copy out of a property's owner
// portal. The document, its versions and any other copy stay. It reports
// false when there was no such copy.
func RemoveOwnerCopy(ctx context.Context, tx *sql.Tx, publicID, unitPublicID string) (Document, Property, bool, error) {
	d, err := Get(ctx, tx, publicID)
	if err != nil {
		return Document{}, Property{}, false, err
	}
	cs, err := CopiesOf(ctx, tx, d.ID)
	if err != nil {
		return Document{}, Property{}, false, err
	}
	i := slices.IndexFunc(cs, func(c Copy) bool { return c.PublicID == unitPublicID })
	if i < 0 {
		return d, Property{}, false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM owner_copies WHERE document_id = ? AND unit_id = ?`, d.ID, cs[i].ID); err != nil {
		return Document{}, Property{}, false, fmt.Errorf("remove owner copy: %w", err)
	}
	return d, cs[i].Property, true, nil
}
