package documents

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/files"
	"porch/handlers"
)

func (s *handler) uploadToFolder(c echo.Context) error {
	p, err := s.loadFolder(c, c.Param("folder"))
	if err != nil {
		return err
	}
	if p.Folder.Archived() {
		return errs.E(errs.Conflict, "This folder is archived: restore it to upload to it.")
	}
	return s.upload(c, p, documents.Input{FolderID: p.Folder.ID})
}

func (s *handler) uploadToUnit(c echo.Context) error {
	p, err := s.loadUnit(c, c.Param("unit"))
	if err != nil {
		return err
	}
	return s.upload(c, p, documents.Input{UnitID: p.Unit.ID})
}

// readFile reads the one file of a posted form into the store, checked by
// its content, with any file kept from a refused post; the newest wins.
// problem is the message for the file field.
func (s *handler) readFile(c echo.Context) (kept *handlers.KeptFile, problem string, err error) {
	return s.ReadOneFile(c, true, fmt.Sprintf("This file is too large: the largest accepted is %s. Save it smaller, or as a PDF, and upload that.",
		files.SizeLabel(s.Files.MaxBytes())))
}

// upload adds a document from the upload form to a folder or a home, and
// emails each person who sees it now, once. A refusal shows the page again
// with the messages beside the fields and everything typed, and an
// accepted file, kept.
func (s *handler) upload(c echo.Context, p *shelfPage, in documents.Input) error {
	kept, problem, err := s.readFile(c)
	if err != nil {
		return err
	}
	p.Form = uploadForm{Title: c.FormValue("title"), Kind: c.FormValue("kind"), Roles: c.Request().Form["roles"], Errors: errs.Fields{}}
	if kept != nil {
		p.Form.Kept = []handlers.KeptFile{*kept}
		in.File = documents.File{Ref: kept.Ref, Name: kept.Name}
	}
	in.Title, in.Kind, in.Roles = p.Form.Title, p.Form.Kind, p.Form.Roles
	if p.Unit != nil {
		p.Form.classForm = readClassForm(c)
		p.Form.Narrow = handlers.HX(c).Partial()
		in.Kind, in.Class = p.Form.classForm.class(p.Form.Kind, p.Tenancies, p.Form.Errors)
	}
	if problem != "" {
		p.Form.Errors.Add("file", problem)
	}
	refuse := func(fields errs.Fields) error {
		for k, v := range fields {
			p.Form.Errors.Add(k, v)
		}
		return s.showShelf(c, 422, p)
	}
	if len(p.Form.Errors) > 0 {
		fields, _ := handlers.FieldsOf(in.Check())
		return refuse(fields)
	}
	var d documents.Document
	alerts := 0
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var err error
		if d, err = documents.Upload(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, in); err != nil {
			return "", "", "", err
		}
		if alerts, err = s.alert(ctx, c, tx, d); err != nil {
			return "", "", "", err
		}
		return "document.uploaded", d.PublicID, fmt.Sprintf("%q to %s, %s (%s, %s)", d.Title, d.SiteName, d.Where(),
			d.Current.Name, files.SizeLabel(d.Current.Size)), nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		return refuse(fields)
	}
	if err != nil {
		return err
	}
	key := "uploaded"
	switch {
	case d.Awaiting():
		key = "awaiting"
	case alerts > 0:
		key = "alerted"
		s.KickMail()
	}
	return s.shelfDone(c, p, key)
}

// shelfDone answers a change that worked on a folder's or home's page.
func (s *handler) shelfDone(c echo.Context, p *shelfPage, key string) error {
	return handlers.Done(c, p.URL()+"?done="+key, "doc-shelf", func() error {
		var fresh *shelfPage
		var err error
		if p.Unit != nil {
			fresh, err = s.loadUnit(c, p.Unit.PublicID)
		} else {
			fresh, err = s.loadFolder(c, p.Folder.PublicID)
		}
		if err != nil {
			return err
		}
		fresh.Notice = doneShelf(key)
		return s.showShelf(c, 200, fresh)
	})
}
