package owners

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/owners"
)

// A landlord's own statement for any period: of one property, or of all
// their let properties with the payouts made for all of them.

// statementPage is the statement for the period asked.
type statementPage struct {
	Property  *auth.Property // nil: all their properties
	Covers    string         // what it covers, for the heading
	Form      handlers.PeriodForm
	Statement *ledger.LandlordStatement // nil when the period was invalid
	Query     string                    // the period, for the PDF link
	Currency  string
}

// URL is the statement's address, for the period form.
func (p statementPage) URL() string {
	if p.Property == nil {
		return "/owner/statement"
	}
	return propertyURL(*p.Property) + "/statement"
}

// BackURL is the page the statement belongs to.
func (p statementPage) BackURL() string {
	if p.Property == nil {
		return "/owner"
	}
	return propertyURL(*p.Property)
}

// PDFURL is the address of the PDF of the period shown.
func (p statementPage) PDFURL() string { return p.URL() + ".pdf?" + p.Query }

// Rows are the statement's entries.
func (p statementPage) Rows() []handlers.OwnerLineRow {
	return handlers.OwnerLineRows(p.Statement.Lines)
}

// lettingProperty is the let property of the path whose statement the
// owner may read; NotFound for a sale, or when the statement widget is
// not shown.
func (s *handler) lettingProperty(c echo.Context) (auth.Property, error) {
	pr, err := s.ownedProperty(c)
	if err == nil && !pr.View.Shows(owners.WidgetStatement) {
		err = errs.E(errs.NotFound, "There is no page at this address.")
	}
	return pr, err
}

func (s *handler) propertyStatement(c echo.Context) error {
	pr, err := s.lettingProperty(c)
	if err != nil {
		return err
	}
	return s.statement(c, &pr)
}

func (s *handler) portfolioStatement(c echo.Context) error {
	if _, err := s.ownProperties(c); err != nil {
		return err
	}
	return s.statement(c, nil)
}

// statement shows the statement for ?from to ?to, last month by default;
// the period form swaps the statement block alone.
func (s *handler) statement(c echo.Context, pr *auth.Property) error {
	p := statementPage{Property: pr, Covers: "All your properties", Currency: handlers.OrgCurrency(c)}
	if pr != nil {
		p.Covers = pr.UnitName
	}
	from, to, form, err := handlers.OwnerPeriod(c.QueryParams(), s.Today())
	p.Form = form
	status, err := handlers.PeriodStatus(err)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		st, err := s.read(c, pr, from, to)
		if err != nil {
			return err
		}
		p.Statement = &st
		p.Query = url.Values{"from": {form.From}, "to": {form.To}}.Encode()
	}
	return s.Render(c, status, handlers.View{Page: "owner_statement", Title: "Statement: " + p.Covers, Data: p})
}

// read builds the statement of the property (nil: all) for the signed-in
// landlord.
func (s *handler) read(c echo.Context, pr *auth.Property, from, to time.Time) (ledger.LandlordStatement, error) {
	var unit int64
	if pr != nil {
		unit = pr.UnitID
	}
	return ledger.PropertyStatement(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.IdentityOf(c).Person.ID, unit, from, to)
}

func (s *handler) propertyStatementPDF(c echo.Context) error {
	pr, err := s.lettingProperty(c)
	if err != nil {
		return err
	}
	return s.statementPDF(c, &pr)
}

func (s *handler) portfolioStatementPDF(c echo.Context) error {
	if _, err := s.ownProperties(c); err != nil {
		return err
	}
	return s.statementPDF(c, nil)
}

// statementPDF downloads the statement for ?from to ?to as a PDF.
func (s *handler) statementPDF(c echo.Context, pr *auth.Property) error {
	from, to, form, err := handlers.OwnerPeriod(c.QueryParams(), s.Today())
	if err != nil {
		return handlers.PeriodRefusal(form, err)
	}
	st, err := s.read(c, pr, from, to)
	if err != nil {
		return err
	}
	props, err := s.coveredNames(c, pr)
	if err != nil {
		return err
	}
	doc, err := s.OwnerStatementPDF(c, st, handlers.IdentityOf(c).Person, props)
	if err != nil {
		return err
	}
	name := "statement-" + st.From.Format(time.DateOnly) + "-to-" + st.To.Format(time.DateOnly)
	if pr != nil {
		name = pr.UnitName + "-" + name
	}
	return handlers.SendAttachment(c, "application/pdf", handlers.AttachmentName(name)+".pdf", doc)
}

// coveredNames names the properties a statement covers.
func (s *handler) coveredNames(c echo.Context, pr *auth.Property) ([]string, error) {
	if pr != nil {
		return []string{pr.UnitName}, nil
	}
	props, err := s.ownProperties(c)
	var names []string
	for _, p := range props {
		if p.Market == estate.MarketLetting {
			names = append(names, p.UnitName)
		}
	}
	return names, err
}
