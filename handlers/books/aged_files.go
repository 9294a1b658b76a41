package books

import (
	"bytes"
	"encoding/csv"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/ledger"
	"porch/pdf"
)

// agedFile reads the report for a download; a filter it cannot read
// shows the page with its message instead.
func (s *handler) agedFile(c echo.Context, write func(p *agedPage) error) error {
	p, err := s.loadAged(c, c.QueryParam("as_at"), c.QueryParam("site"))
	if err != nil {
		return err
	}
	if len(p.Errors) > 0 {
		return s.showAged(c, http.StatusUnprocessableEntity, p)
	}
	return write(p)
}

// agedFilename is the download's name, with the report's date.
func agedFilename(p *agedPage, ext string) string {
	return "aged-debt-" + p.Report.AsAt.Format("2006-01-02") + ext
}

// account names a debtor account: its holders, or the unit's own.
func account(d ledger.AgedDebtor) string {
	if d.Names == "" {
		return "Unit's own account"
	}
	return d.Names
}

// ledgerAgedCSV downloads the report as CSV: a row per debtor account,
// a total row per site and one for all, amounts in pounds as
// spreadsheets read them.
func (s *handler) ledgerAgedCSV(c echo.Context) error {
	return s.agedFile(c, func(p *agedPage) error {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		head := append([]string{"Site", "Unit", "Account"}, p.Labels...)
		_ = w.Write(append(head, "Total", "Next action", "Note"))
		row := func(site, unit, acc string, a ledger.AgedAmounts, next, note string) {
			cells := []string{handlers.CSVText(site), handlers.CSVText(unit), handlers.CSVText(acc)}
			for _, v := range a {
				cells = append(cells, handlers.CSVPounds(v))
			}
			_ = w.Write(append(cells, handlers.CSVPounds(a.Total()), next, handlers.CSVText(note)))
		}
		for _, site := range p.Report.Sites {
			for _, d := range site.Debtors {
				row(site.Name, d.Unit, account(d), d.Amounts, dateOrBlank(d.NextAction), d.Note)
			}
			row(site.Name, "Total", "", site.Totals, "", "")
		}
		row("All sites", "Total", "", p.Report.Totals, "", "")
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		return handlers.SendAttachment(c, "text/csv; charset=utf-8", agedFilename(p, ".csv"), buf.Bytes())
	})
}

// ledgerAgedPDF downloads the report as a branded PDF.
func (s *handler) ledgerAgedPDF(c echo.Context) error {
	return s.agedFile(c, func(p *agedPage) error {
		brand, err := s.PDFBrand(c)
		if err != nil {
			return err
		}
		doc := pdf.AgedDoc{Brand: brand, Currency: handlers.OrgCurrency(c), AsAt: p.Report.AsAt,
			Totals: pdf.AgedBuckets(p.Report.Totals), Total: p.Report.Totals.Total()}
		for _, site := range p.Report.Sites {
			ps := pdf.AgedSite{Name: site.Name, Totals: pdf.AgedBuckets(site.Totals), Total: site.Totals.Total()}
			for _, d := range site.Debtors {
				ps.Rows = append(ps.Rows, pdf.AgedRow{Unit: d.Unit, Account: account(d), Amounts: pdf.AgedBuckets(d.Amounts),
					Total: d.Amounts.Total(), Note: d.Note, NextAction: d.NextAction})
			}
			doc.Sites = append(doc.Sites, ps)
		}
		var buf bytes.Buffer
		if err := pdf.AgedDebt(&buf, doc); err != nil {
			return err
		}
		return handlers.SendAttachment(c, "application/pdf", agedFilename(p, ".pdf"), buf.Bytes())
	})
}
