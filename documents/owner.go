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

// OwnerShelf is what a property's owner sees of its documents in the
// owner portal, each list newest first: only documents on the portal.
type OwnerShelf struct {
	Certificates []Certificate      // by type, the newest of each first (see Certificates)
	Inspections  []Document         // inspection documents, by the inspection's day
	Reports      []Document         // inspection reports, by the inspection's day
	Tenancies    []TenancyAgreement // by the tenancy's start
	Copies       []Document         // copied to the owner's portal, and the home's own shared with owners
	Today        time.Time          // the day the certificates' states are for
	Flagged      int                // certificates expired or due soon
}

// Empty reports whether the owner has no documents at all.
func (s OwnerShelf) Empty() bool {
	return len(s.Certificates)+len(s.Inspections)+len(s.Reports)+len(s.Tenancies)+len(s.Copies) == 0
}

// Tenancy is one of a home's tenancies, to file an agreement for.
type Tenancy struct {
	ID, UnitID int64
	PublicID   string
	Names      string // the tenants, "A and B"
	Start      time.Time
	End        *time.Time // the last day; nil while it runs
}

// Label names the tenancy for a choice: "Carol Cho, from 1 March 2025".
func (t Tenancy) Label() string {
	s := t.Names + ", from " + t.Start.Format("2 January 2006")
	if t.End != nil {
		s += " to " + t.End.Format("2 January 2006")
	}
	return s
}

// TenancyAgreement is a tenancy agreement with its tenancy.
type TenancyAgreement struct {
	Document
	Tenancy Tenancy
}

// Tenancies lists a home's tenancies, the newest first.
func Tenancies(ctx context.Context, q sqldb.Querier, unitID int64) ([]Tenancy, error) {
	os, err := estate.OccupanciesOfUnit(ctx, q, unitID)
	if err != nil {
		return nil, err
	}
	var out []Tenancy
	for _, o := range os {
		if o.Role == estate.RoleTenant {
			out = append(out, Tenancy{ID: o.ID, UnitID: o.UnitID, PublicID: o.PublicID, Names: o.Names(), Start: o.Start, End: o.End})
		}
	}
	return out, nil
}

// ownerSees is the condition for a document on the portal whose folder,
// if it has one, is in use: what an owner may see when it is theirs.
const ownerSees = `d.removed_at IS NULL AND d.released_at IS NOT NULL AND (f.id IS NULL OR f.archived_at IS NULL)`

// OwnerShelfOf reads what the owner of a property sees of its documents:
// its certificates with their states on today, inspections, inspection
// reports and tenancy agreements, and the documents copied to its owner
// portal with the home's own uncategorised documents shared with owners.
// The caller checks that the person owns the property (auth.Scope).
func OwnerShelfOf(ctx context.Context, q sqldb.Querier, unitID int64, today time.Time) (OwnerShelf, error) {
	s := OwnerShelf{Today: day(today)}
	ds, err := sqldb.QueryAll(ctx, q, scanDoc, `SELECT `+docCols+docFrom+` WHERE d.unit_id = ? AND d.category != '' AND `+ownerSees+`
		ORDER BY coalesce(d.dated_on, '') DESC, d.created_at DESC, d.id DESC`, unitID)
	if err != nil {
		return s, fmt.Errorf("owner documents: %w", err)
	}
	tenancies, err := Tenancies(ctx, q, unitID)
	if err != nil {
		return s, err
	}
	for _, d := range ds {
		switch d.Category {
		case CategoryInspection:
			s.Inspections = append(s.Inspections, d)
		case CategoryInspectionReport:
			s.Reports = append(s.Reports, d)
		case CategoryTenancy:
			for _, t := range tenancies {
				if t.ID == d.OccupancyID {
					s.Tenancies = append(s.Tenancies, TenancyAgreement{d, t})
				}
			}
		}
	}
	// The newest tenancy's agreements first, each tenancy's newest first.
	slices.SortStableFunc(s.Tenancies, func(a, b TenancyAgreement) int { return b.Tenancy.Start.Compare(a.Tenancy.Start) })
	s.Certificates = Certificates(ds, today)
	for _, c := range s.Certificates {
		if c.Flagged() {
			s.Flagged++
		}
	}
	s.Copies, err = sqldb.QueryAll(ctx, q, scanDoc, `SELECT `+docCols+docFrom+` WHERE `+ownerSees+` AND (
		EXISTS (SELECT 1 FROM owner_copies c WHERE c.document_id = d.id AND c.unit_id = ?1)
		OR (d.unit_id = ?1 AND d.category = '' AND EXISTS (SELECT 1 FROM json_each(d.roles) r WHERE r.value = 'owner')))
		ORDER BY coalesce((SELECT c.copied_at FROM owner_copies c WHERE c.document_id = d.id AND c.unit_id = ?1), d.released_at) DESC, d.id DESC`, unitID)
	if err != nil {
		return s, fmt.Errorf("owner copies: %w", err)
	}
	return s, nil
}

// FileTenancyAgreement files the agreement of a tenancy (by its public
// id) as its home's document: a tenancy agreement the tenants and the
// owner see, in the owner's portal with no further step. An empty title
// is "Tenancy agreement, <the tenants>".
func FileTenancyAgreement(ctx context.Context, tx *sql.Tx, now time.Time, by int64, occupancyPublicID, title string, f File) (Document, error) {
	o, err := estate.GetOccupancy(ctx, tx, occupancyPublicID)
	if err != nil {
		return Document{}, err
	}
	if o.Role != estate.RoleTenant {
		return Document{}, errs.E(errs.NotFound, "Lease or tenancy not found.")
	}
	if tidy(title) == "" {
		title = "Tenancy agreement, " + o.Names()
		if len([]rune(title)) > MaxTitleLen {
			title = CategoryLabel(CategoryTenancy)
		}
	}
	return Upload(ctx, tx, now, by, Input{Title: title, UnitID: o.UnitID, Kind: CategoryLabel(CategoryTenancy),
		Roles: []string{estate.RoleTenant, estate.RoleOwner}, Class: Class{Category: CategoryTenancy, OccupancyID: o.ID}, File: f})
}
