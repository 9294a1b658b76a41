package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/documents"
	"porch/estate"
	"porch/files"
	"porch/tenants"
)

// demoPaper is a document the demo shares: in a site's folder, or for the
// home of one of the personas (by email) in the roles named.
type demoPaper struct {
	site, folder string // a folder's document
	persona      string // a home's document: the persona whose home it is
	kind         string
	roles        []string
	title, file  string
	subtitle     string
	body         []string
	daysAgo      int
}

// Documents shares the demo's documents through the same functions as the
// manager's screens: each site's folders hold real PDFs; Harbour View's
// year-end pack waits for a manager's approval while the lettings
// portfolio's went out when it was uploaded; Amara's flat has its lease
// and Harjit's let house its gas safety certificate and tenancy
// agreement. The people who see them are recorded as alerted, as they
// would have been when each was shared, so nobody is emailed for them
// again. The landlords' property papers follow (PropertyDocuments). Files
// need the store, so this runs after Seed, as Tickets does.
func Documents(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	stored := map[string]documents.File{}
	for _, p := range demoPapers(now) {
		data, err := paperPDF(p.title, p.subtitle, p.body)
		if err != nil {
			return fmt.Errorf("demo: document %q: %w", p.title, err)
		}
		ref, err := store.Put(ctx, db, files.Upload{Name: p.file, Data: data})
		if err != nil {
			return fmt.Errorf("demo: document %q: %w", p.title, err)
		}
		stored[p.title] = documents.File{Ref: ref, Name: p.file}
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		mgr, err := estate.FindPersonByEmail(ctx, tx, ManagerEmail)
		if err != nil {
			return fmt.Errorf("demo: manager: %w", err)
		}
		sites, err := documents.Sites(ctx, tx)
		if err != nil {
			return err
		}
		folders := map[string]documents.Folder{} // by site and folder name
		for _, s := range sites {
			if s.Name == letsName {
				if err := documents.SetYearEndRelease(ctx, tx, s.ID, documents.ReleaseAuto); err != nil {
					return err
				}
			}
			fs, err := documents.Folders(ctx, tx, s.ID)
			if err != nil {
				return err
			}
			for _, f := range fs {
				folders[s.Name+"/"+f.Name] = f
			}
		}
		if err := demoFolderSettings(ctx, tx, now, folders); err != nil {
			return err
		}
		for _, p := range demoPapers(now) {
			in := documents.Input{Title: p.title, File: stored[p.title], Kind: p.kind, Roles: p.roles}
			if p.persona != "" {
				if in.UnitID, err = personaHome(ctx, tx, p.persona, now); err != nil {
					return err
				}
			} else {
				in.FolderID = folders[p.site+"/"+p.folder].ID
			}
			at := now.AddDate(0, 0, -p.daysAgo)
			d, err := documents.Upload(ctx, tx, at, mgr.ID, in)
			if err != nil {
				return fmt.Errorf("demo: document %q: %w", p.title, err)
			}
			if err := markSeen(ctx, tx, d, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return PropertyDocuments(ctx, db, store, now)
}

// demoFolderSettings opens the lettings portfolio's insurance, leases and
// year-end statements to its landlords only, and archives its meeting
// minutes folder (a portfolio holds no meetings); the block opens its
// Leases folder, which holds only the specimen lease, as it keeps every
// other folder open, to residents and owners.
func demoFolderSettings(ctx context.Context, tx *sql.Tx, now time.Time, folders map[string]documents.Folder) error {
	for key, v := range map[string][2]bool{
		letsName + "/Insurance":         {false, true},
		letsName + "/Year-end accounts": {false, true},
		letsName + "/Leases":            {false, true},
		blockName + "/Leases":           {true, true},
	} {
		if _, err := documents.SetFolderVisibility(ctx, tx, folders[key].PublicID, v[0], v[1]); err != nil {
			return err
		}
	}
	_, err := documents.ArchiveFolder(ctx, tx, now, folders[letsName+"/Meeting minutes"].PublicID, true)
	return err
}

// personaHome is the first home the persona with the email holds today.
func personaHome(ctx context.Context, tx *sql.Tx, email string, now time.Time) (int64, error) {
	p, err := estate.FindPersonByEmail(ctx, tx, email)
	if err != nil {
		return 0, fmt.Errorf("demo: %s: %w", email, err)
	}
	units, err := estate.UnitsOfPerson(ctx, tx, p.ID, estate.UKDate(now))
	if err != nil || len(units) == 0 {
		return 0, fmt.Errorf("demo: the home of %s: %v", email, err)
	}
	return units[0].UnitID, nil
}
