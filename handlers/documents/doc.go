package documents

import (
	"context"
	"database/sql"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/files"
	"porch/handlers"
)

// docChange runs a change to the document of the path from its folder's
// or home's page, audited; do returns the audit action and detail and how
// many alerts it queued. A refusal shows the page again with prob beside
// the document's field.
func (s *handler) docChange(c echo.Context, done string, prob problem,
	do func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error)) error {
	d, err := documents.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	load := func() (*shelfPage, error) {
		if d.ForUnit() {
			return s.loadUnit(c, d.UnitPublicID)
		}
		return s.loadFolder(c, d.FolderPublicID)
	}
	alerts := 0
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		action, detail, n, err := do(ctx, tx, d)
		alerts = n
		return action, d.PublicID, fmt.Sprintf("%q (%s, %s): %s", d.Title, d.SiteName, d.Where(), detail), err
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		p, lerr := load()
		if lerr != nil {
			return lerr
		}
		prob.ID = d.PublicID
		p.Problem = prob.from(fields)
		return s.showShelf(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	if alerts > 0 {
		s.KickMail()
	}
	p, err := load()
	if err != nil {
		return err
	}
	return s.shelfDone(c, p, done)
}

func (s *handler) rename(c echo.Context) error {
	title := c.FormValue("title")
	return s.docChange(c, "renamed", problem{Field: "title", Value: title}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		renamed, err := documents.Rename(ctx, tx, s.Now(), d.PublicID, title)
		return "document.renamed", fmt.Sprintf("renamed %q", renamed.Title), 0, err
	})
}

// move puts the document in another folder of its site. Anyone who sees
// it there and did not before is alerted, once.
func (s *handler) move(c echo.Context) error {
	to := c.FormValue("folder")
	return s.docChange(c, "moved", problem{Field: "folder", Value: to}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		moved, err := documents.Move(ctx, tx, s.Now(), d.PublicID, to)
		if err != nil {
			return "", "", 0, err
		}
		n, err := s.alert(ctx, c, tx, moved)
		return "document.moved", fmt.Sprintf("moved to %q", moved.FolderName), n, err
	})
}

// replace uploads a new version; nobody is alerted again.
func (s *handler) replace(c echo.Context) error {
	kept, msg, err := s.readFile(c)
	if err != nil {
		return err
	}
	return s.docChange(c, "replaced", problem{Field: "file"}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		if msg != "" {
			return "", "", 0, errs.Fields{"file": msg}.Err()
		}
		var f documents.File
		if kept != nil {
			f = documents.File{Ref: kept.Ref, Name: kept.Name}
		}
		r, err := documents.Replace(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, d.PublicID, f)
		return "document.replaced", fmt.Sprintf("version %d, %s (%s)", r.Current.Number, r.Current.Name, files.SizeLabel(r.Current.Size)), 0, err
	})
}

// remove takes the document off the portal, or restores it (remove=no).
// A restored document alerts only people who never had its alert.
func (s *handler) remove(c echo.Context) error {
	remove := c.FormValue("remove") != "no"
	done := "removed"
	if !remove {
		done = "restored"
	}
	return s.docChange(c, done, problem{}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		r, err := documents.Remove(ctx, tx, s.Now(), d.PublicID, remove)
		if err != nil || remove {
			return "document." + done, done, 0, err
		}
		n, err := s.alert(ctx, c, tx, r)
		return "document." + done, done, n, err
	})
}

// release lets residents see a year-end pack waiting for approval and
// alerts them; releasing it again does nothing.
func (s *handler) release(c echo.Context) error {
	return s.docChange(c, "released", problem{}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		r, released, err := documents.Release(ctx, tx, s.Now(), d.PublicID)
		if err != nil || !released {
			return "document.released", "already released", 0, err
		}
		n, err := s.alert(ctx, c, tx, r)
		return "document.released", "released to residents", n, err
	})
}

// staffDownload sends any version of any document to staff.
func (s *handler) staffDownload(c echo.Context) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	d, err := documents.Get(ctx, q, c.Param("id"))
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return errs.E(errs.NotFound, "This document has no such version.")
	}
	v, err := documents.GetVersion(ctx, q, d.ID, n)
	if err != nil {
		return err
	}
	return s.send(c, v.Hash, v.Name)
}

// send answers with a stored file to save, whatever its type: a shared
// document is always a download (Content-Disposition: attachment), named
// safely with its real type's extension, never sniffed or kept by the
// browser.
func (s *handler) send(c echo.Context, hash, name string) error {
	b, err := s.Files.Get(c.Request().Context(), handlers.OrgOf(c).DB, hash)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": handlers.FileName(name, b.Type)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b.Data)))
	return c.Blob(http.StatusOK, b.Type, b.Data)
}
