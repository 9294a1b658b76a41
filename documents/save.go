package documents

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/sqldb"
)

// File is a stored file as uploaded: its ref and the name it came with.
type File struct {
	files.Ref
	Name string
}

// Input is a new document as the manager's form gives it: for a folder
// (FolderID) or for a unit (UnitID, with Kind, Roles and its Class: a
// certificate's type is its Kind).
type Input struct {
	Title    string
	FolderID int64
	UnitID   int64
	Kind     string
	Roles    []string
	Class
	File File
}

// tidy collapses runs of space in a line of text.
func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }

// titleOf is the title a document gets when none was typed: its file's
// name without the extension.
func titleOf(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	return tidy(strings.TrimSuffix(base, path.Ext(base)))
}

// Check tidies the input and refuses what cannot be saved, under the
// form's field names: title, kind, roles, file, and those of Class.
func (in *Input) Check() error {
	f := errs.Fields{}
	in.Title, in.Kind = tidy(in.Title), tidy(in.Kind)
	if in.Title == "" && in.File.Hash != "" {
		in.Title = titleOf(in.File.Name)
	}
	f.Text("title", in.Title, MaxTitleLen, "title", "")
	if in.Title == "" && in.File.Hash != "" {
		f.Add("title", "Enter a title.")
	}
	if in.UnitID != 0 {
		in.Class.check(f, &in.Kind)
		f.Text("kind", in.Kind, MaxKindLen, "kind", "Say what kind of document it is, such as Lease or Gas safety certificate.")
		if len(in.Roles) == 0 {
			f.Add("roles", "Choose who of the home's people see it.")
		}
		for _, r := range in.Roles {
			if !slices.Contains(estate.Roles, r) {
				f.Add("roles", "Choose roles from the list.")
			}
		}
	}
	if in.File.Hash == "" {
		f.Add("file", "Choose the file to upload.")
	}
	return f.Err()
}

// Upload adds a document with its first version. A document in a site's
// year-end folder is released at once only when the site releases its
// pack automatically; otherwise it waits, unseen, for Release.
func Upload(ctx context.Context, tx *sql.Tx, now time.Time, by int64, in Input) (Document, error) {
	if err := in.Check(); err != nil {
		return Document{}, err
	}
	released := any(sqldb.At(now))
	var folder, unit any
	switch {
	case in.FolderID != 0:
		var yearEnd bool
		var mode string
		err := tx.QueryRowContext(ctx, `SELECT f.year_end, s.year_end_release FROM document_folders f JOIN sites s ON s.id = f.site_id
			WHERE f.id = ? AND f.archived_at IS NULL AND s.archived_at IS NULL`, in.FolderID).Scan(&yearEnd, &mode)
		if err != nil {
			return Document{}, noFolder
		}
		if yearEnd && mode != ReleaseAuto {
			released = nil
		}
		folder = in.FolderID
		in.Roles = nil
		in.Kind = ""
		in.Class = Class{}
	case in.UnitID != 0:
		var ok bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE id = ?)`, in.UnitID).Scan(&ok); err != nil || !ok {
			return Document{}, errs.E(errs.NotFound, "There is no such home.")
		}
		if err := in.Class.checkTenancy(ctx, tx, in.UnitID); err != nil {
			return Document{}, err
		}
		unit = in.UnitID
	default:
		return Document{}, errs.E(errs.Invalid, "Choose a folder or a home for the document.")
	}
	roles, _ := json.Marshal(orderRoles(in.Roles))
	publicID := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO documents (public_id, folder_id, unit_id, kind, roles, title, released_at, created_by,
		created_at, updated_at, category, dated_on, expires_on, occupancy_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		publicID, folder, unit, in.Kind, string(roles), in.Title, released, by, sqldb.At(now), sqldb.At(now),
		in.Category, dateArg(in.DatedOn), dateArg(in.ExpiresOn), nullID(in.OccupancyID))
	if err != nil {
		return Document{}, fmt.Errorf("upload document: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Document{}, fmt.Errorf("upload document: %w", err)
	}
	if err := addVersion(ctx, tx, now, by, id, 1, in.File); err != nil {
		return Document{}, err
	}
	return Get(ctx, tx, publicID)
}

// orderRoles is roles each once, in estate.Roles order.
func orderRoles(roles []string) []string {
	out := []string{}
	for _, r := range estate.Roles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}

func addVersion(ctx context.Context, tx *sql.Tx, now time.Time, by, docID int64, number int, f File) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_versions (document_id, version, file_hash, file_type, file_size, file_name,
		uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docID, number, f.Hash, f.Type, f.Size, f.Name, by, sqldb.At(now)); err != nil {
		return fmt.Errorf("document version: %w", err)
	}
	return nil
}

// active finds a document that is still on the portal (or waiting), for a
// change only those allow.
func active(ctx context.Context, tx *sql.Tx, publicID string) (Document, error) {
	d, err := Get(ctx, tx, publicID)
	if err == nil && d.Removed() {
		err = errs.E(errs.Conflict, "This document was removed from the portal: restore it first.")
	}
	return d, err
}

// Replace uploads a new version of a document. Residents download the new
// one from then on; staff keep the old ones. It sends no alert again.
func Replace(ctx context.Context, tx *sql.Tx, now time.Time, by int64, publicID string, f File) (Document, error) {
	d, err := active(ctx, tx, publicID)
	if err != nil {
		return Document{}, err
	}
	if f.Hash == "" {
		return Document{}, errs.Fields{"file": "Choose the new version's file."}.Err()
	}
	if err := addVersion(ctx, tx, now, by, d.ID, d.Current.Number+1, f); err != nil {
		return Document{}, err
	}
	if err := touch(ctx, tx, now, d.ID); err != nil {
		return Document{}, err
	}
	return Get(ctx, tx, publicID)
}

func touch(ctx context.Context, tx *sql.Tx, now time.Time, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET updated_at = ? WHERE id = ?`, sqldb.At(now), id); err != nil {
		return fmt.Errorf("update document: %w", err)
	}
	return nil
}

// Rename changes a document's title.
func Rename(ctx context.Context, tx *sql.Tx, now time.Time, publicID, title string) (Document, error) {
	d, err := Get(ctx, tx, publicID)
	if err != nil {
		return Document{}, err
	}
	title = tidy(title)
	switch {
	case title == "":
		return Document{}, errs.Fields{"title": "Enter a title."}.Err()
	case len([]rune(title)) > MaxTitleLen:
		return Document{}, errs.Fields{"title": fmt.Sprintf("Keep the title to %d characters or fewer.", MaxTitleLen)}.Err()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, updated_at = ? WHERE id = ?`, title, sqldb.At(now), d.ID); err != nil {
		return Document{}, fmt.Errorf("rename document: %w", err)
	}
	d.Title = title
	return d, nil
}

// Move puts a folder's document in another active folder of the same
// site. A year-end pack waiting for release stays in its folder until it
// is released or removed.
func Move(ctx context.Context, tx *sql.Tx, now time.Time, publicID, folderPublicID string) (Document, error) {
	d, err := active(ctx, tx, publicID)
	if err != nil {
		return Document{}, err
	}
	if d.ForUnit() {
		return Document{}, errs.E(errs.Conflict, "A home's document stays with its home.")
	}
	to, err := GetFolder(ctx, tx, folderPublicID)
	if err != nil || to.SiteID != d.SiteID || to.Archived() {
		return Document{}, errs.Fields{"folder": "Choose one of this site's folders."}.Err()
	}
	if d.Awaiting() && !to.YearEnd {
		return Document{}, errs.Fields{"folder": "This year-end pack waits for release: release it before moving it."}.Err()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET folder_id = ?, updated_at = ? WHERE id = ?`, to.ID, sqldb.At(now), d.ID); err != nil {
		return Document{}, fmt.Errorf("move document: %w", err)
	}
	return Get(ctx, tx, publicID)
}

// Remove takes a document off the portal (remove true) or puts it back.
// The manager's copy and its versions are kept either way.
func Remove(ctx context.Context, tx *sql.Tx, now time.Time, publicID string, remove bool) (Document, error) {
	d, err := Get(ctx, tx, publicID)
	if err != nil || d.Removed() == remove {
		return d, err
	}
	var at any
	if remove {
		at = sqldb.At(now)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET removed_at = ?, updated_at = ? WHERE id = ?`, at, sqldb.At(now), d.ID); err != nil {
		return Document{}, fmt.Errorf("remove document: %w", err)
	}
	return Get(ctx, tx, publicID)
}

// Release lets the residents see a year-end pack that waited for approval.
// It reports false, changing nothing, when it was released already.
func Release(ctx context.Context, tx *sql.Tx, now time.Time, publicID string) (Document, bool, error) {
	d, err := active(ctx, tx, publicID)
	if err != nil || !d.Awaiting() {
		return d, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET released_at = ?, updated_at = ? WHERE id = ? AND released_at IS NULL`,
		sqldb.At(now), sqldb.At(now), d.ID); err != nil {
		return Document{}, false, fmt.Errorf("release document: %w", err)
	}
	d, err = Get(ctx, tx, publicID)
	return d, err == nil, err
}
