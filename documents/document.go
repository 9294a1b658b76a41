package documents

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/files"
	"porch/sqldb"
)

// MaxTitleLen and MaxKindLen bound a document's title and kind, in characters.
const (
	MaxTitleLen = 150
	MaxKindLen  = 60
)

// Document is a shared file: in a site folder, or for one unit's people
// in the roles it names, with its newest version.
type Document struct {
	ID                           int64
	PublicID                     string
	FolderID                     int64 // 0 for a unit's document
	UnitID                       int64 // 0 for a folder's document
	FolderPublicID, UnitPublicID string
	SiteID                       int64
	FolderName                   string
	UnitName                     string
	SiteName                     string
	YearEnd                      bool     // in the site's year-end folder
	Kind                         string   // a unit's document: "Lease", "Gas safety certificate"
	Roles                        []string // a unit's document: who of its people see it
	Title                        string
	ReleasedAt                   time.Time // zero while a year-end pack waits for approval
	RemovedAt                    time.Time
	CreatedBy                    int64
	CreatedAt                    time.Time
	UpdatedAt                    time.Time
	Current                      Version
	Class                        // a unit's document: what it is to the home's owner
}

// Version is one file uploaded for a document.
type Version struct {
	Number int
	files.Ref
	Name       string // as uploaded, for the saved file's name
	UploadedBy string // the uploader's name, for staff
	CreatedAt  time.Time
}

// Awaiting reports whether the document is a year-end pack still waiting
// for release.
func (d Document) Awaiting() bool { return d.ReleasedAt.IsZero() }

// Removed reports whether the document was taken off the portal.
func (d Document) Removed() bool { return !d.RemovedAt.IsZero() }

// ForUnit reports whether the document is a unit's, not a folder's.
func (d Document) ForUnit() bool { return d.UnitID != 0 }

// Where names the document's place: its folder, or its home.
func (d Document) Where() string {
	if d.ForUnit() {
		return d.UnitName
	}
	return d.FolderName
}

const docFrom = ` FROM documents d LEFT JOIN document_folders f ON f.id = d.folder_id LEFT JOIN units u ON u.id = d.unit_id
	JOIN sites s ON s.id = coalesce(f.site_id, u.site_id)
	JOIN document_versions v ON v.document_id = d.id AND v.version = (SELECT max(version) FROM document_versions WHERE document_id = d.id)
	JOIN people p ON p.id = v.uploaded_by`

const docCols = `d.id, d.public_id, coalesce(d.folder_id, 0), coalesce(d.unit_id, 0), coalesce(f.public_id, ''), coalesce(u.public_id, ''), s.id, coalesce(f.name, ''), coalesce(u.name, ''),
	s.name, coalesce(f.year_end, 0), d.kind, d.roles, d.title, d.released_at, d.removed_at, d.created_by, d.created_at, d.updated_at,
	v.version, v.file_hash, v.file_type, v.file_size, v.file_name, p.full_name, v.created_at,
	d.category, coalesce(d.dated_on, ''), coalesce(d.expires_on, ''), coalesce(d.occupancy_id, 0)`

func scanDoc(sc sqldb.Scanner) (Document, error) {
	var d Document
	var roles, dated, expires string
	err := sc.Scan(&d.ID, &d.PublicID, &d.FolderID, &d.UnitID, &d.FolderPublicID, &d.UnitPublicID, &d.SiteID, &d.FolderName, &d.UnitName, &d.SiteName, &d.YearEnd,
		&d.Kind, &roles, &d.Title, sqldb.Into(&d.ReleasedAt), sqldb.Into(&d.RemovedAt), &d.CreatedBy, sqldb.Into(&d.CreatedAt),
		sqldb.Into(&d.UpdatedAt), &d.Current.Number, &d.Current.Hash, &d.Current.Type, &d.Current.Size, &d.Current.Name,
		&d.Current.UploadedBy, sqldb.Into(&d.Current.CreatedAt), &d.Category, &dated, &expires, &d.OccupancyID)
	d.DatedOn, d.ExpiresOn = sqldb.ParseDate(dated), sqldb.ParseDate(expires)
	if err == nil && roles != "" {
		err = json.Unmarshal([]byte(roles), &d.Roles)
	}
	return d, err
}

var noDocument = errs.E(errs.NotFound, "There is no document at this address.")

// Get finds a document by its public id, for staff: removed and waiting
// ones too.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Document, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Document{}, noDocument
	}
	d, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+docCols+docFrom+` WHERE d.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, noDocument
	}
	if err != nil {
		return Document{}, fmt.Errorf("get document: %w", err)
	}
	return d, nil
}

// InFolder lists a folder's documents for staff, newest first, the
// removed ones last.
func InFolder(ctx context.Context, q sqldb.Querier, folderID int64) ([]Document, error) {
	return staffList(ctx, q, "d.folder_id", folderID)
}

// OfUnit lists a unit's documents for staff, newest first, the removed
// ones last.
func OfUnit(ctx context.Context, q sqldb.Querier, unitID int64) ([]Document, error) {
	return staffList(ctx, q, "d.unit_id", unitID)
}

// staffList lists the documents whose column (a constant of this file)
// is id, as InFolder and OfUnit order them.
func staffList(ctx context.Context, q sqldb.Querier, column string, id int64) ([]Document, error) {
	out, err := sqldb.QueryAll(ctx, q, scanDoc, `SELECT `+docCols+docFrom+` WHERE `+column+` = ?
		ORDER BY d.removed_at IS NOT NULL, d.created_at DESC, d.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list documents by %s: %w", column, err)
	}
	return out, nil
}

// Versions lists every version of a document, newest first, for staff.
func Versions(ctx context.Context, q sqldb.Querier, documentID int64) ([]Version, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Version, error) {
		var v Version
		err := sc.Scan(&v.Number, &v.Hash, &v.Type, &v.Size, &v.Name, &v.UploadedBy, sqldb.Into(&v.CreatedAt))
		return v, err
	}, `SELECT v.version, v.file_hash, v.file_type, v.file_size, v.file_name, p.full_name, v.created_at
		FROM document_versions v JOIN people p ON p.id = v.uploaded_by WHERE v.document_id = ? ORDER BY v.version DESC`, documentID)
	if err != nil {
		return nil, fmt.Errorf("document versions: %w", err)
	}
	return out, nil
}

// GetVersion finds one version of a document.
func GetVersion(ctx context.Context, q sqldb.Querier, documentID int64, number int) (Version, error) {
	vs, err := Versions(ctx, q, documentID)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Number == number {
			return v, nil
		}
	}
	return Version{}, errs.E(errs.NotFound, "This document has no such version.")
}

// UnitCounts is how many documents each unit of a site has on the portal,
// by unit id.
func UnitCounts(ctx context.Context, q sqldb.Querier, siteID int64) (map[int64]int, error) {
	type row struct {
		unit int64
		n    int
	}
	rows, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.unit, &r.n)
		return r, err
	}, `SELECT d.unit_id, count(*) FROM documents d JOIN units u ON u.id = d.unit_id
		WHERE u.site_id = ? AND d.removed_at IS NULL GROUP BY d.unit_id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("unit document counts: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.unit] = r.n
	}
	return out, nil
}
