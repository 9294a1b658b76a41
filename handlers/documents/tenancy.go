package documents

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/handlers"
)

// filedNotice confirms a tenancy agreement filed.
const filedNotice = "Tenancy agreement filed with the home's documents. The tenants and the owner see it, and it is in the owner's portal."

// tenancyPage is a tenancy's agreements, with the form that files a new
// one: reached from the tenancy on its home's page.
type tenancyPage struct {
	Tenancy    documents.Tenancy
	Unit       estate.Unit
	Agreements []documents.Document
	Form       uploadForm
	Notice     string
}

// URL is the page's address.
func (p *tenancyPage) URL() string { return adminURL + "/tenancies/" + p.Tenancy.PublicID }

// Accept is what the file field offers to choose.
func (p *tenancyPage) Accept() string { return accept }

func (s *handler) loadTenancy(c echo.Context, publicID string) (*tenancyPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	o, err := estate.GetOccupancy(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	if o.Role != estate.RoleTenant {
		return nil, errs.E(errs.NotFound, "Lease or tenancy not found.")
	}
	p := &tenancyPage{Tenancy: documents.Tenancy{ID: o.ID, UnitID: o.UnitID, PublicID: o.PublicID, Names: o.Names(), Start: o.Start, End: o.End}}
	if p.Unit, err = estate.GetUnitByID(ctx, q, o.UnitID); err != nil {
		return nil, err
	}
	ds, err := documents.OfUnit(ctx, q, o.UnitID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.Category == documents.CategoryTenancy && d.OccupancyID == o.ID {
			p.Agreements = append(p.Agreements, d)
		}
	}
	return p, nil
}

func (s *handler) showTenancy(c echo.Context, status int, p *tenancyPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_doc_tenancy", Title: "Tenancy agreement: " + p.Tenancy.Names, Data: p, Wide: true,
		Block: handlers.FormBlock(c, "doc-tenancy")})
}

func (s *handler) tenancyPage(c echo.Context) error {
	p, err := s.loadTenancy(c, c.Param("occ"))
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "filed" {
		p.Notice = filedNotice
	}
	return s.showTenancy(c, http.StatusOK, p)
}

// fileAgreement files an uploaded tenancy agreement as the home's
// document, seen by the tenants and the owner and in the owner's portal,
// and emails those who see it, once.
func (s *handler) fileAgreement(c echo.Context) error {
	p, err := s.loadTenancy(c, c.Param("occ"))
	if err != nil {
		return err
	}
	kept, problem, err := s.readFile(c)
	if err != nil {
		return err
	}
	p.Form = uploadForm{Title: c.FormValue("title"), Errors: errs.Fields{}}
	var f documents.File
	if kept != nil {
		p.Form.Kept = []handlers.KeptFile{*kept}
		f = documents.File{Ref: kept.Ref, Name: kept.Name}
	}
	if problem != "" {
		p.Form.Errors.Add("file", problem)
		return s.showTenancy(c, http.StatusUnprocessableEntity, p)
	}
	alerts := 0
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		d, err := documents.FileTenancyAgreement(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, p.Tenancy.PublicID, p.Form.Title, f)
		if err != nil {
			return "", "", "", err
		}
		if alerts, err = s.alert(ctx, c, tx, d); err != nil {
			return "", "", "", err
		}
		return "document.uploaded", d.PublicID, fmt.Sprintf("%q to %s, %s (%s, %s): the agreement of the tenancy of %s", d.Title, d.SiteName,
			d.Where(), d.Current.Name, files.SizeLabel(d.Current.Size), p.Tenancy.Names), nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		for k, v := range fields {
			p.Form.Errors.Add(k, v)
		}
		return s.showTenancy(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	if alerts > 0 {
		s.KickMail()
	}
	return handlers.Done(c, p.URL()+"?done=filed", "doc-tenancy", func() error {
		fresh, err := s.loadTenancy(c, p.Tenancy.PublicID)
		if err != nil {
			return err
		}
		fresh.Notice = filedNotice
		return s.showTenancy(c, http.StatusOK, fresh)
	})
}
