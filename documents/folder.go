// Package documents holds the files a manager shares: each site's folders
// (Leases, Building rules, Year-end accounts...) opened to its residents,
// its owners or both, documents for one home's people in the roles the
// manager chooses, every version uploaded, the service-charge year-end
// pack held back until it is released, and the one email alert each
// person gets for each document. A home's document can be a certificate
// (with its type, issue and expiry), an inspection document or report, or
// a tenancy agreement: what its owner sees in the owner portal
// (OwnerShelfOf), with any document the agency copies there.
package documents

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

// MaxFolderNameLen is the longest folder name, in characters.
const MaxFolderNameLen = 60

// Folder is one of a site's folders, with how many documents it holds.
type Folder struct {
	ID           int64
	PublicID     string
	SiteID       int64
	SitePublicID string
	SiteName     string
	Name         string
	ResidentsSee bool // leaseholders, tenants and occupiers of the site's homes
	OwnersSee    bool // landlords of the site's let homes
	YearEnd      bool // the year-end pack's folder: documents wait for release
	SortOrder    int
	ArchivedAt   time.Time
	Documents    int // on the portal or waiting for release
	Awaiting     int // year-end packs waiting for release
}

// Archived reports whether the folder was archived.
func (f Folder) Archived() bool { return !f.ArchivedAt.IsZero() }

const folderCols = `f.id, f.public_id, f.site_id, s.public_id, s.name, f.name, f.residents_see, f.owners_see, f.year_end, f.sort_order,
	f.archived_at, (SELECT count(*) FROM documents d WHERE d.folder_id = f.id AND d.removed_at IS NULL),
	(SELECT count(*) FROM documents d WHERE d.folder_id = f.id AND d.removed_at IS NULL AND d.released_at IS NULL)`

func scanFolder(sc sqldb.Scanner) (Folder, error) {
	var f Folder
	err := sc.Scan(&f.ID, &f.PublicID, &f.SiteID, &f.SitePublicID, &f.SiteName, &f.Name, &f.ResidentsSee, &f.OwnersSee, &f.YearEnd,
		&f.SortOrder, sqldb.Into(&f.ArchivedAt), &f.Documents, &f.Awaiting)
	return f, err
}

var noFolder = errs.E(errs.NotFound, "There is no such folder.")

// Folders lists a site's folders in their order, the archived ones last.
func Folders(ctx context.Context, q sqldb.Querier, siteID int64) ([]Folder, error) {
	out, err := sqldb.QueryAll(ctx, q, scanFolder, `SELECT `+folderCols+` FROM document_folders f JOIN sites s ON s.id = f.site_id
		WHERE f.site_id = ? ORDER BY f.archived_at IS NOT NULL, f.sort_order, f.name, f.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("document folders: %w", err)
	}
	return out, nil
}

// GetFolder finds a folder of a site in use by its public id.
func GetFolder(ctx context.Context, q sqldb.Querier, publicID string) (Folder, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Folder{}, noFolder
	}
	f, err := scanFolder(q.QueryRowContext(ctx, `SELECT `+folderCols+` FROM document_folders f JOIN sites s ON s.id = f.site_id
		WHERE f.public_id = ? AND s.archived_at IS NULL`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Folder{}, noFolder
	}
	if err != nil {
		return Folder{}, fmt.Errorf("get document folder: %w", err)
	}
	return f, nil
}

// checkName tidies a folder name and refuses one that is empty, too long
// or taken by another active folder of the site, on the field "name".
func checkName(ctx context.Context, q sqldb.Querier, siteID, exceptID int64, name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", errs.Fields{"name": "Enter a name for the folder."}.Err()
	case len([]rune(name)) > MaxFolderNameLen:
		return "", errs.Fields{"name": fmt.Sprintf("Keep the name to %d characters or fewer.", MaxFolderNameLen)}.Err()
	}
	var taken bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM document_folders WHERE site_id = ? AND id != ?
		AND archived_at IS NULL AND name = ? COLLATE NOCASE)`, siteID, exceptID, name).Scan(&taken); err != nil {
		return "", fmt.Errorf("check folder name: %w", err)
	}
	if taken {
		return "", errs.Fields{"name": "This site has a folder with that name already."}.Err()
	}
	return name, nil
}

// AddFolder adds a folder at the end of a site's list, seen by no one
// until the manager opens it to residents or owners.
func AddFolder(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, name string) (Folder, error) {
	name, err := checkName(ctx, tx, siteID, 0, name)
	if err != nil {
		return Folder{}, err
	}
	publicID := sqldb.NewPublicID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_folders (public_id, site_id, name, residents_see, owners_see, sort_order, created_at)
		VALUES (?, ?, ?, 0, 0, (SELECT coalesce(max(sort_order), 0) + 10 FROM document_folders WHERE site_id = ?), ?)`,
		publicID, siteID, name, siteID, sqldb.At(now)); err != nil {
		return Folder{}, fmt.Errorf("add document folder: %w", err)
	}
	return GetFolder(ctx, tx, publicID)
}

// RenameFolder renames an active folder.
func RenameFolder(ctx context.Context, tx *sql.Tx, publicID, name string) (Folder, error) {
	f, err := GetFolder(ctx, tx, publicID)
	if err != nil {
		return Folder{}, err
	}
	if f.Archived() {
		return Folder{}, errs.E(errs.Conflict, "This folder is archived: restore it to rename it.")
	}
	if f.Name, err = checkName(ctx, tx, f.SiteID, f.ID, name); err != nil {
		return Folder{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE document_folders SET name = ? WHERE id = ?`, f.Name, f.ID); err != nil {
		return Folder{}, fmt.Errorf("rename document folder: %w", err)
	}
	return f, nil
}

// SetFolderVisibility opens or closes a folder to the site's residents
// and to its owners. Opening it sends no alerts for what it holds already.
func SetFolderVisibility(ctx context.Context, tx *sql.Tx, publicID string, residents, owners bool) (Folder, error) {
	f, err := GetFolder(ctx, tx, publicID)
	if err != nil {
		return Folder{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE document_folders SET residents_see = ?, owners_see = ? WHERE id = ?`, residents, owners, f.ID); err != nil {
		return Folder{}, fmt.Errorf("document folder visibility: %w", err)
	}
	f.ResidentsSee, f.OwnersSee = residents, owners
	return f, nil
}

// ArchiveFolder takes a folder and its documents off the portal; they stay
// in the manager's records. Restoring brings them back, unless an active
// folder took its name meanwhile.
func ArchiveFolder(ctx context.Context, tx *sql.Tx, now time.Time, publicID string, archive bool) (Folder, error) {
	f, err := GetFolder(ctx, tx, publicID)
	if err != nil || f.Archived() == archive {
		return f, err
	}
	var at any
	if archive {
		at = sqldb.At(now)
	} else if _, err := checkName(ctx, tx, f.SiteID, f.ID, f.Name); err != nil {
		return Folder{}, errs.E(errs.Conflict, "Another folder of this site has this name now: rename it first.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE document_folders SET archived_at = ? WHERE id = ?`, at, f.ID); err != nil {
		return Folder{}, fmt.Errorf("archive document folder: %w", err)
	}
	return GetFolder(ctx, tx, publicID)
}
