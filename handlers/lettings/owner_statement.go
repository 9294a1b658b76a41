package lettings

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/owners"
	"porch/sqldb"
)

// A landlord's statement for a period, on screen and as a PDF: opening
// balance, rent, expenses, fees, payouts, closing balance and what is due
// to them.

// landlordOf reads a person who is a landlord, with their properties and
// money; anyone else is NotFound.
func landlordOf(ctx context.Context, q sqldb.Querier, publicID string, today time.Time) (estate.Person, []ledger.LandlordUnit, ledger.OwnerFunds, error) {
	p, err := estate.GetPerson(ctx, q, publicID)
	if err != nil {
		return p, nil, ledger.OwnerFunds{}, err
	}
	units, err := ledger.LandlordUnits(ctx, q, p.ID, today)
	if err != nil {
		return p, nil, ledger.OwnerFunds{}, err
	}
	funds, err := ledger.FundsOf(ctx, q, p.ID)
	if err != nil {
		return p, nil, funds, err
	}
	if len(units) == 0 && funds == (ledger.OwnerFunds{}) {
		return p, nil, funds, errs.E(errs.NotFound, "This person is not a landlord of any let property.")
	}
	return p, units, funds, nil
}

// propertyNames names the properties a landlord owns today, or every one
// they have had when they own none now.
func propertyNames(units []ledger.LandlordUnit) []string {
	var now, all []string
	for _, u := range units {
		all = append(all, u.UnitName)
		if u.Owner {
			now = append(now, u.UnitName)
		}
	}
	if len(now) > 0 {
		return now
	}
	return all
}

// ownerStatementPage is a landlord's statement for a period.
type ownerStatementPage struct {
	Owner      estate.Person
	Properties []string
	Units      []ledger.LandlordUnit // for the choice of what an issued statement covers
	Issued     []owners.Issued       // statements issued to them, newest first
	IssuedNow  bool                  // one was issued just now
	Form       handlers.PeriodForm
	Statement  *ledger.LandlordStatement // nil when the period was invalid
	Query      string                    // the period, for the PDF link
}

// URL is the statement page's address.
func (p ownerStatementPage) URL() string {
	return "/admin/ledger/owners/" + p.Owner.PublicID + "/statement"
}

// PDFURL is the address of the PDF of the period shown.
func (p ownerStatementPage) PDFURL() string { return p.URL() + ".pdf?" + p.Query }

// Rows are the statement's entries with the figures each shows.
func (p ownerStatementPage) Rows() []handlers.OwnerLineRow {
	return handlers.OwnerLineRows(p.Statement.Lines)
}

// ledgerOwnerStatement shows a landlord's statement for ?from to ?to
// (last month by default). The period form targets the statement block,
// which is all an htmx request gets back.
func (s *handler) ledgerOwnerStatement(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	owner, units, _, err := landlordOf(ctx, q, c.Param("id"), s.Today())
	if err != nil {
		return err
	}
	p := ownerStatementPage{Owner: owner, Properties: propertyNames(units), Units: units, IssuedNow: c.QueryParam("issued") == "1"}
	if p.Issued, err = owners.IssuedTo(ctx, q, owner.ID, 0); err != nil {
		return err
	}
	from, to, form, err := handlers.OwnerPeriod(c.QueryParams(), s.Today())
	p.Form = form
	status, err := handlers.PeriodStatus(err)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		st, err := ledger.OwnerStatement(ctx, q, owner.ID, from, to)
		if err != nil {
			return err
		}
		p.Statement = &st
		p.Query = url.Values{"from": {form.From}, "to": {form.To}}.Encode()
	}
	title := owner.DisplayName() + ": statement"
	return s.Render(c, status, handlers.View{Page: "admin_ledger_owner_statement", Title: title, Data: p, Wide: true})
}

// ledgerOwnerStatementPDF downloads a landlord's statement for ?from to
// ?to as a PDF.
func (s *handler) ledgerOwnerStatementPDF(c echo.Context) error {
	ctx := c.Request().Context()
	owner, units, _, err := landlordOf(ctx, handlers.OrgOf(c).DB.Read(), c.Param("id"), s.Today())
	if err != nil {
		return err
	}
	from, to, form, err := handlers.OwnerPeriod(c.QueryParams(), s.Today())
	if err != nil {
		return handlers.PeriodRefusal(form, err)
	}
	doc, err := s.ownerStatementPDF(c, owner, propertyNames(units), from, to)
	if err != nil {
		return err
	}
	name := "statement-" + owner.FullName
	if !from.IsZero() {
		name += "-" + from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		name += "-to-" + to.Format(time.DateOnly)
	}
	return handlers.SendAttachment(c, "application/pdf", handlers.AttachmentName(name)+".pdf", doc)
}

// ownerStatementPDF renders a landlord's statement between from and to
// (zero: open) as the organisation's branded PDF.
func (s *handler) ownerStatementPDF(c echo.Context, owner estate.Person, properties []string, from, to time.Time) ([]byte, error) {
	st, err := ledger.OwnerStatement(c.Request().Context(), handlers.OrgOf(c).DB.Read(), owner.ID, from, to)
	if err != nil {
		return nil, err
	}
	return s.OwnerStatementPDF(c, st, owner, properties)
}
