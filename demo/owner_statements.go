package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/ledger"
	"porch/owners"
	"porch/pdf"
	"porch/tenants"
)

// statementMonths is how many monthly statements each landlord has had.
const statementMonths = 3

// OwnerStatements issues each landlord's statement for each of the last
// three months, for all their properties, as the agency's statement page
// issues them: the PDF in the store first, then filed in their owner
// portal. Files need the store, so this runs after Seed, as Documents does.
func OwnerStatements(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	q := db.Read()
	st, err := estate.GetSettings(ctx, q)
	if err != nil {
		return err
	}
	logo, ltype, err := estate.GetLogo(ctx, q)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	brand := pdf.BrandFor(st, logo, ltype, "")
	mgr, err := estate.FindPersonByEmail(ctx, q, ManagerEmail)
	if err != nil {
		return fmt.Errorf("demo: manager: %w", err)
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	landlords, err := ledger.Landlords(ctx, q, today)
	if err != nil {
		return err
	}
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	for _, l := range landlords {
		if len(l.Units) == 0 {
			continue
		}
		person, err := estate.GetPersonByID(ctx, q, l.ID)
		if err != nil {
			return err
		}
		for m := statementMonths; m >= 1; m-- {
			from := first.AddDate(0, -m, 0)
			to := from.AddDate(0, 1, -1)
			if err := issueStatement(ctx, db, store, brand, person, l.Units, mgr.ID, from, to, to.AddDate(0, 0, 3)); err != nil {
				return fmt.Errorf("demo: statement for %s, %s: %w", l.Name, from.Format("January 2006"), err)
			}
		}
	}
	return nil
}

// issueStatement files one landlord's statement for the period, made on
// the day given.
func issueStatement(ctx context.Context, db *tenants.DB, store *files.Store, brand pdf.Brand, owner estate.Person, units []string,
	by int64, from, to, made time.Time) error {
	st, err := ledger.OwnerStatement(ctx, db.Read(), owner.ID, from, to)
	if err != nil {
		return err
	}
	doc, err := owners.StatementPDF(brand, "GBP", st, owner, units, made)
	if err != nil {
		return err
	}
	ref, err := store.Put(ctx, db, files.Upload{Name: "statement-" + from.Format("2006-01") + ".pdf", Data: doc})
	if err != nil {
		return err
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		_, err := owners.FileStatement(ctx, tx, made.Add(9*time.Hour), by, owner.ID, 0, from, to, ref)
		return err
	})
}
