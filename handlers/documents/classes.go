package documents

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// shelfExtras is what a shelf page shows beyond the documents: on a
// home's page its tenancies (for agreements) and the day certificates are
// flagged for; on either, the site's properties a document can be copied
// to; and a refused change of what a document is.
type shelfExtras struct {
	Tenancies  []documents.Tenancy
	Properties []documents.Property
	Today      time.Time
	Class      classProblem
}

// classProblem is a refused change of what the document ID is, with the
// form as typed and its messages.
type classProblem struct {
	ID   string
	Kind string
	classForm
	Errors errs.Fields
}

// classForm is the category part of a home's upload form as typed: the
// category, a certificate's type, the dates and the tenancy's public id.
// Narrow shows only the fields of the category, for htmx.
type classForm struct {
	Category, CertType, DatedOn, ExpiresOn, Tenancy string
	Narrow                                          bool
}

func readClassForm(c echo.Context) classForm {
	return classForm{Category: c.FormValue("category"), CertType: c.FormValue("cert_type"), DatedOn: c.FormValue("dated_on"),
		ExpiresOn: c.FormValue("expires_on"), Tenancy: c.FormValue("tenancy")}
}

// formOf is the form for a document's class as it is.
func formOf(d documents.Document, ts []documents.Tenancy) classForm {
	f := classForm{Category: d.Category}
	if d.IsCertificate() {
		f.CertType = d.Kind
	}
	f.DatedOn, f.ExpiresOn = dateValue(d.DatedOn), dateValue(d.ExpiresOn)
	for _, t := range ts {
		if t.ID == d.OccupancyID {
			f.Tenancy = t.PublicID
		}
	}
	return f
}

func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// class reads the form into the document's kind and class, adding to f a
// message for a date that is not one or a tenancy not of the home. A date
// left empty is the domain's to ask for; one the category does not use is
// not read. A certificate's kind is its type.
func (f classForm) class(kind string, ts []documents.Tenancy, fields errs.Fields) (string, documents.Class) {
	cl := documents.Class{Category: f.Category}
	date := func(field, value string) time.Time {
		if strings.TrimSpace(value) == "" {
			return time.Time{}
		}
		return handlers.DateField(fields, field, value)
	}
	switch f.Category {
	case documents.CategoryCertificate:
		kind = f.CertType
		cl.DatedOn, cl.ExpiresOn = date("dated_on", f.DatedOn), date("expires_on", f.ExpiresOn)
	case documents.CategoryInspection, documents.CategoryInspectionReport:
		cl.DatedOn = date("dated_on", f.DatedOn)
	case documents.CategoryTenancy:
		for _, t := range ts {
			if t.PublicID == f.Tenancy {
				cl.OccupancyID = t.ID
			}
		}
		if f.Tenancy != "" && cl.OccupancyID == 0 {
			fields.Add("tenancy", "Choose one of this home's tenancies.")
		}
	}
	return kind, cl
}

// Shows reports whether the form shows the field: every one, with its
// hint, for a browser without JavaScript; narrowed, those of its category.
func (f classForm) Shows(field string) bool {
	if !f.Narrow {
		return true
	}
	switch f.Category {
	case documents.CategoryCertificate:
		return field == "cert_type" || field == "dated_on" || field == "expires_on"
	case documents.CategoryInspection, documents.CategoryInspectionReport:
		return field == "dated_on"
	case documents.CategoryTenancy:
		return field == "tenancy"
	}
	return field == "kind"
}

// DatedLabel is the label of the date field, for the category.
func (f classForm) DatedLabel() string {
	switch {
	case f.Narrow && f.Category == documents.CategoryCertificate:
		return "Issued on"
	case f.Narrow:
		return "Date of the inspection"
	}
	return "Issued on, or inspected on"
}

// Hint is the hint of a field: what it is for when every field shows.
func (f classForm) Hint(field string) string {
	if f.Narrow {
		return map[string]string{"kind": "Such as Lease, Letter or Deposit certificate.",
			"expires_on": "As written on it. An EPC lasts ten years from its issue."}[field]
	}
	return map[string]string{
		"category":   "A certificate, an inspection document or report, or a tenancy agreement goes to the owner's portal with its dates.",
		"kind":       "Such as Lease or Letter. Not needed for a certificate, an inspection or a tenancy agreement: they are named for you.",
		"cert_type":  "For a certificate.",
		"dated_on":   "For a certificate: the day it was issued. For an inspection or its report: the day of the inspection.",
		"expires_on": "For a certificate, as written on it. An EPC lasts ten years from its issue.",
		"tenancy":    "For a tenancy agreement.",
	}[field]
}

// CategoryOptions are the categories a home's document can have.
func (p *shelfPage) CategoryOptions() []handlers.Choice {
	out := make([]handlers.Choice, len(documents.Categories))
	for i, c := range documents.Categories {
		out[i] = handlers.Choice{Value: c, Label: documents.CategoryLabel(c)}
	}
	out[0].Label = "Other document (a lease, a letter…)"
	return out
}

// CertTypeOptions are the types of certificate.
func (p *shelfPage) CertTypeOptions() []handlers.Choice {
	out := make([]handlers.Choice, len(documents.CertificateKinds))
	for i, k := range documents.CertificateKinds {
		out[i] = handlers.Choice{Value: k, Label: k}
	}
	return out
}

// TenancyOptions are the home's tenancies.
func (p *shelfPage) TenancyOptions() []handlers.Choice {
	out := make([]handlers.Choice, len(p.Tenancies))
	for i, t := range p.Tenancies {
		out[i] = handlers.Choice{Value: t.PublicID, Label: t.Label()}
	}
	return out
}

// ClassFor is the form for the document's class: as typed when its change
// was refused, else as it is.
func (p *shelfPage) ClassFor(d documents.Document) classProblem {
	if p.Class.ID == d.PublicID {
		return p.Class
	}
	return classProblem{ID: d.PublicID, Kind: d.Kind, classForm: formOf(d, p.Tenancies)}
}

// TenancyOf is the tenancy a tenancy agreement is for.
func (p *shelfPage) TenancyOf(d documents.Document) string {
	for _, t := range p.Tenancies {
		if t.ID == d.OccupancyID {
			return t.Label()
		}
	}
	return ""
}

// fillExtras adds the tenancies, the properties and the day.
func (s *handler) fillExtras(c echo.Context, p *shelfPage) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	p.Today = estate.UKDate(s.Now())
	var err error
	if p.Unit != nil {
		if p.Tenancies, err = documents.Tenancies(ctx, q, p.Unit.ID); err != nil {
			return err
		}
	}
	p.Properties, err = documents.Properties(ctx, q, p.Site.ID)
	return err
}

// classFields is the upload form's category fields for the category
// chosen, for htmx to show only those.
func (s *handler) classFields(c echo.Context) error {
	p, err := s.loadUnit(c, c.Param("unit"))
	if err != nil {
		return err
	}
	p.Form.Kind = c.QueryParam("kind")
	p.Form.classForm = readClassForm(c)
	p.Form.Narrow = true
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_doc_shelf", Title: p.Title(), Data: p, Wide: true, Block: "doc-class"})
}

// classify changes what a home's document is: its category, its kind and
// the dates or tenancy that go with them.
func (s *handler) classify(c echo.Context) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	d, err := documents.Get(ctx, q, c.Param("id"))
	if err != nil {
		return err
	}
	if !d.ForUnit() {
		return errs.E(errs.Conflict, "Only a home's own documents are certificates, inspections or tenancy agreements.")
	}
	p, err := s.loadUnit(c, d.UnitPublicID)
	if err != nil {
		return err
	}
	form := classProblem{ID: d.PublicID, Kind: c.FormValue("kind"), classForm: readClassForm(c), Errors: errs.Fields{}}
	kind, cl := form.class(form.Kind, p.Tenancies, form.Errors)
	alerts := 0
	err = form.Errors.Err()
	if err == nil {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			r, err := documents.Classify(ctx, tx, s.Now(), d.PublicID, kind, cl)
			if err != nil {
				return "", "", "", err
			}
			// The home's owner may see it now, in their portal.
			if alerts, err = s.alert(ctx, c, tx, r); err != nil {
				return "", "", "", err
			}
			return "document.classified", d.PublicID, fmt.Sprintf("%q (%s, %s): now %s", d.Title, d.SiteName, d.Where(), classWords(r)), nil
		})
	}
	if fields, ok := handlers.FieldsOf(err); ok {
		for k, v := range fields {
			form.Errors.Add(k, v)
		}
		p.Class = form
		return s.showShelf(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	if alerts > 0 {
		s.KickMail()
	}
	return s.shelfDone(c, p, "classified")
}

// classWords says what a document is, for the audit log.
func classWords(d documents.Document) string {
	switch d.Category {
	case documents.CategoryCertificate:
		return fmt.Sprintf("a certificate, %s, issued %s, expiring %s", d.Kind, dateValue(d.DatedOn), dateValue(d.ExpiresOn))
	case documents.CategoryInspection, documents.CategoryInspectionReport:
		return fmt.Sprintf("an %s of %s", strings.ToLower(d.CategoryLabel()), dateValue(d.DatedOn))
	case documents.CategoryTenancy:
		return "a tenancy agreement"
	}
	return fmt.Sprintf("a %s", d.Kind)
}
