package budgets

import (
	"bytes"
	"encoding/csv"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/ledger"
	"porch/pdf"
)

// reportPage is the budget against what was spent in its year.
type reportPage struct {
	Report ledger.BudgetActual
	Ended  bool
}

// URL is the report's address, without a format.
func (p *reportPage) URL() string { return "/admin/budgets/" + p.Report.Budget.PublicID + "/report" }

func (s *handler) loadReport(c echo.Context) (*reportPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	b, err := ledger.GetBudget(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	r, err := ledger.BudgetVsActual(ctx, q, b)
	if err != nil {
		return nil, err
	}
	return &reportPage{Report: r, Ended: b.Ended(s.Today())}, nil
}

// report shows the budget against actual spending.
func (s *handler) report(c echo.Context) error {
	p, err := s.loadReport(c)
	if err != nil {
		return err
	}
	b := p.Report.Budget
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_budget_report",
		Title: "Budget and actual: " + b.SiteName + ", " + b.Year(), Data: p, Wide: true})
}

// reportFilename names a download of the report by site and year.
func reportFilename(b ledger.Budget, ext string) string {
	return "budget-and-actual-" + b.LastDay.Format("2006-01-02") + ext
}

// reportCSV downloads the report as CSV: a row per head per schedule, a
// total row per schedule, the heads over all schedules and the grand
// total, amounts in pounds as spreadsheets read them.
func (s *handler) reportCSV(c echo.Context) error {
	p, err := s.loadReport(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"Schedule", "Budget head", "Budget", "Actual", "Variance"})
	row := func(schedule, head string, r ledger.ActualRow) {
		_ = w.Write([]string{handlers.CSVText(schedule), handlers.CSVText(head), handlers.CSVPounds(r.Budget),
			handlers.CSVPounds(r.Actual), handlers.CSVPounds(r.Variance())})
	}
	for _, sa := range p.Report.Schedules {
		for _, r := range sa.Rows {
			row(sa.Schedule.Name, r.Head.Label, r)
		}
		row(sa.Schedule.Name, "Total", sa.Total)
	}
	for _, r := range p.Report.Heads {
		row("All schedules", r.Head.Label, r)
	}
	row("All schedules", "Total", p.Report.Total)
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "text/csv; charset=utf-8", reportFilename(p.Report.Budget, ".csv"), buf.Bytes())
}

// reportPDF downloads the report as a branded PDF.
func (s *handler) reportPDF(c echo.Context) error {
	p, err := s.loadReport(c)
	if err != nil {
		return err
	}
	brand, err := s.PDFBrand(c)
	if err != nil {
		return err
	}
	b := p.Report.Budget
	doc := pdf.BudgetDoc{Brand: brand, Currency: handlers.OrgCurrency(c), Site: b.SiteName, From: b.FirstDay, To: b.LastDay,
		Total: pdfRow("Total", p.Report.Total)}
	for _, sa := range p.Report.Schedules {
		ps := pdf.BudgetSchedule{Name: sa.Schedule.Name, Total: pdfRow("Total", sa.Total)}
		for _, r := range sa.Rows {
			ps.Rows = append(ps.Rows, pdfRow(r.Head.Label, r))
		}
		doc.Schedules = append(doc.Schedules, ps)
	}
	for _, r := range p.Report.Heads {
		doc.Heads = append(doc.Heads, pdfRow(r.Head.Label, r))
	}
	var buf bytes.Buffer
	if err := pdf.BudgetActual(&buf, doc); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "application/pdf", reportFilename(b, ".pdf"), buf.Bytes())
}

func pdfRow(label string, r ledger.ActualRow) pdf.BudgetRow {
	return pdf.BudgetRow{Head: label, Budget: r.Budget, Actual: r.Actual}
}
