package owners

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/pdf"
)

// A landlord's annual summary for their tax return, for a UK tax year
// (6 April to 5 April): on screen, as a PDF and as CSV.

// taxPage is the summary of the year asked, with the years to choose from.
type taxPage struct {
	Summary  ledger.TaxSummary
	Years    []ledger.TaxYear // newest first
	Currency string
}

// Query is the year's query string, for the downloads.
func (p taxPage) Query() string { return "year=" + strconv.Itoa(p.Summary.Year.Year()) }

// oldestTaxYear is how far back the year picker goes.
const oldestTaxYear = 6

// taxYearOf reads ?year (the year it starts in); the current tax year by
// default. A year in the future or not a number is refused.
func (s *handler) taxYearOf(c echo.Context) (ledger.TaxYear, error) {
	current := ledger.TaxYearOf(s.Today())
	v := c.QueryParam("year")
	if v == "" {
		return current, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y > current.Year() || y < 2000 {
		return current, errs.E(errs.Invalid, "Choose a tax year from the list.")
	}
	return ledger.TaxYearStarting(y), nil
}

// summary reads the signed-in landlord's summary of ?year for all their
// properties; NotFound for someone with none in the portal.
func (s *handler) summary(c echo.Context) (ledger.TaxSummary, error) {
	if _, err := s.ownProperties(c); err != nil {
		return ledger.TaxSummary{}, err
	}
	year, err := s.taxYearOf(c)
	if err != nil {
		return ledger.TaxSummary{}, err
	}
	return ledger.TaxSummaryOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.IdentityOf(c).Person.ID, 0, year)
}

func (s *handler) taxYear(c echo.Context) error {
	sum, err := s.summary(c)
	if err != nil {
		return err
	}
	p := taxPage{Summary: sum, Currency: handlers.OrgCurrency(c)}
	current := ledger.TaxYearOf(s.Today()).Year()
	for y := current; y > current-oldestTaxYear; y-- {
		p.Years = append(p.Years, ledger.TaxYearStarting(y))
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "owner_tax_year", Title: "Tax year " + sum.Year.Label(), Data: p})
}

func (s *handler) taxYearPDF(c echo.Context) error {
	sum, err := s.summary(c)
	if err != nil {
		return err
	}
	brand, err := s.PDFBrand(c)
	if err != nil {
		return err
	}
	owner := handlers.IdentityOf(c).Person
	doc := pdf.TaxDoc{Brand: brand, Currency: handlers.OrgCurrency(c), Summary: sum, Generated: s.Now(),
		Owner: pdf.Party{Name: owner.DisplayName(), AddressLines: handlers.NonBlankLines(strings.Split(owner.CorrespondenceAddress, "\n")...)}}
	var buf bytes.Buffer
	if err := pdf.TaxSummary(&buf, doc); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "application/pdf", handlers.AttachmentName("tax-year-"+sum.Year.Label())+".pdf", buf.Bytes())
}

// taxYearCSV writes the summary as rows a spreadsheet reads: section,
// heading, item, amount; rent first, then every expense under its heading,
// then each property.
func (s *handler) taxYearCSV(c echo.Context) error {
	sum, err := s.summary(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"Section", "Heading", "Item", "Amount"},
		{"Income", "Rent received", "", handlers.CSVPounds(sum.Rent)}}
	for _, h := range sum.Headings {
		for _, l := range h.Lines {
			rows = append(rows, []string{"Allowable expenses", h.Heading, handlers.CSVText(l.Label), handlers.CSVPounds(l.Amount)})
		}
		rows = append(rows, []string{"Allowable expenses", h.Heading, "Total", handlers.CSVPounds(h.Total)})
	}
	rows = append(rows, []string{"Total", "Allowable expenses", "", handlers.CSVPounds(sum.Allowable)},
		[]string{"Total", "Profit", "", handlers.CSVPounds(sum.Profit())})
	for _, p := range sum.Properties {
		rows = append(rows, []string{"By property", handlers.CSVText(p.Name), "Rent received", handlers.CSVPounds(p.Rent)},
			[]string{"By property", handlers.CSVText(p.Name), "Expenses", handlers.CSVPounds(p.Expenses)})
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "text/csv; charset=utf-8", handlers.AttachmentName("tax-year-"+sum.Year.Label())+".csv", buf.Bytes())
}
