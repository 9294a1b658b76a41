package lettings

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/files"
	"porch/handlers"
	"porch/ledger"
	"porch/mail"
	"porch/owners"
)

// Issuing a statement: the agency produces a landlord's statement for a
// period, for one property or all of theirs, and it is filed in their
// owner portal and emailed to them with the PDF attached, in one step.

// statementMail is the page data of the email that brings a statement.
type statementMail struct {
	Name, Covers, Period, Due, File, URL string
}

// ledgerOwnerIssue issues the statement of the period posted (from, to:
// both needed) for the property posted (unit; "" for all).
func (s *handler) ledgerOwnerIssue(c echo.Context) error {
	ctx, o := c.Request().Context(), handlers.OrgOf(c)
	owner, units, _, err := landlordOf(ctx, o.DB.Read(), c.Param("id"), s.Today())
	if err != nil {
		return err
	}
	from, to, _, err := handlers.ParsePeriod(url.Values{"from": {c.FormValue("from")}, "to": {c.FormValue("to")}}, s.Today())
	if err != nil || from.IsZero() || to.IsZero() {
		return errs.E(errs.Invalid, "Show a statement with a start and an end date before issuing it.")
	}
	var unit ledger.LandlordUnit
	covers := propertyNames(units)
	if pub := c.FormValue("unit"); pub != "" {
		found := false
		for _, u := range units {
			if u.UnitPublicID == pub {
				unit, found = u, true
			}
		}
		if !found {
			return errs.E(errs.Invalid, "Choose one of "+owner.DisplayName()+"'s properties, or all of them.")
		}
		covers = []string{unit.UnitName}
	}
	st, err := ledger.PropertyStatement(ctx, o.DB.Read(), owner.ID, unit.UnitID, from, to)
	if err != nil {
		return err
	}
	doc, err := s.OwnerStatementPDF(c, st, owner, covers)
	if err != nil {
		return err
	}
	name := handlers.FileName("statement-"+from.Format(time.DateOnly)+"-to-"+to.Format(time.DateOnly), files.TypePDF)
	// The file is stored before the row that names it.
	ref, err := s.Files.Put(ctx, o.DB, files.Upload{Name: name, Data: doc})
	if err != nil {
		return err
	}
	period := from.Format("2 January 2006") + " to " + to.Format("2 January 2006")
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		issued, err := owners.FileStatement(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, owner.ID, unit.UnitID, from, to, ref)
		if err != nil {
			return "", "", "", err
		}
		if owner.Email != "" {
			page := statementMail{Name: owner.GreetingName(), Covers: issued.Covers(), Period: period,
				Due: handlers.FormatPounds(st.Due), File: name, URL: s.OrgURL(c) + "/owner"}
			if unit.UnitID == 0 {
				page.Covers = "all your properties"
			}
			if err := s.QueueMail(ctx, c, tx, "owner_statement", owner.Email, owner.FullName, page,
				mail.Attachment{Filename: name, ContentType: files.TypePDF, Data: doc}); err != nil {
				return "", "", "", err
			}
		}
		return "ledger.statement_issued", owner.PublicID, fmt.Sprintf("%s, %s: %s", owner.FullName, period, issued.Covers()), nil
	})
	if err != nil {
		return err
	}
	s.KickMail()
	q := url.Values{"from": {from.Format(time.DateOnly)}, "to": {to.Format(time.DateOnly)}, "issued": {"1"}}
	return c.Redirect(http.StatusSeeOther, "/admin/ledger/owners/"+owner.PublicID+"/statement?"+q.Encode())
}
