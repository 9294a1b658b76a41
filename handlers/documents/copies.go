package documents

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/handlers"
)

// copyToOwner copies the document to a property's owner portal: a home's
// document to that home's owner, a folder's to the property chosen. Its
// owner is emailed, once, as for any document that becomes theirs to see.
func (s *handler) copyToOwner(c echo.Context) error {
	to := c.FormValue("property")
	return s.docChange(c, "copied", problem{Field: "property", Value: to}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		_, p, copied, err := documents.CopyToOwner(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, d.PublicID, to)
		if err != nil {
			return "", "", 0, err
		}
		if !copied {
			return "document.owner_copied", "already in the owner's portal of " + p.Name, 0, nil
		}
		n, err := s.alert(ctx, c, tx, d)
		return "document.owner_copied", "copied to the owner's portal of " + p.Name, n, err
	})
}

// removeOwnerCopy takes the document's copy out of a property's owner
// portal; the document and its versions stay.
func (s *handler) removeOwnerCopy(c echo.Context) error {
	from := c.FormValue("property")
	return s.docChange(c, "uncopied", problem{}, func(ctx context.Context, tx *sql.Tx, d documents.Document) (string, string, int, error) {
		_, p, removed, err := documents.RemoveOwnerCopy(ctx, tx, d.PublicID, from)
		if err != nil {
			return "", "", 0, err
		}
		detail := fmt.Sprintf("taken out of the owner's portal of %s", p.Name)
		if !removed {
			detail = "was in no such owner's portal"
		}
		return "document.owner_copy_removed", detail, 0, nil
	})
}

// CopyTargets are the site's properties a folder's document can still be
// copied to.
func (p *shelfPage) CopyTargets(r docRow) []handlers.Choice {
	var out []handlers.Choice
	for _, pr := range p.Properties {
		copied := false
		for _, cp := range r.Copies {
			copied = copied || cp.ID == pr.ID
		}
		if !copied {
			out = append(out, handlers.Choice{Value: pr.PublicID, Label: pr.Name})
		}
	}
	return out
}

// OwnerPortal reports whether the home of the page has an owner's portal:
// it is let or for sale.
func (p *shelfPage) OwnerPortal() bool { return p.Unit != nil && p.Unit.Market != "" }

// PortalNote says how a home's document reaches its owner's portal
// without a copy.
func (r docRow) PortalNote() string {
	switch r.Category {
	case documents.CategoryCertificate:
		return "In the owner's portal with the certificates."
	case documents.CategoryInspection:
		return "In the owner's portal with the inspections."
	case documents.CategoryInspectionReport:
		return "In the owner's portal with the inspection reports."
	case documents.CategoryTenancy:
		return "In the owner's portal with the tenancy agreements."
	}
	return "In the owner's portal: shared with owners."
}
