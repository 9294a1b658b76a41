package money

import (
	"bytes"
	"encoding/csv"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
	"porch/ledger"
	"porch/pdf"
	"porch/views"
)

// Statement kinds added by the money screens to the ledger's lines.
// moneyUnitPage is a unit's statement or its invoices and payments.
type moneyUnitPage struct {
	Tab      string // "statement" or "invoices"
	Unit     moneyUnit
	Units    []moneyUnit // every unit the person may read, for the picker
	Currency string

	Form      handlers.PeriodForm
	Statement *ledger.Statement // nil when the period was invalid
	Rows      template.HTML     // the statement's lines as table rows
	Query     string            // the period, for the download links
	Empty     bool              // the period lies outside the person's dates
	Cancelled map[string]bool   // public ids of cancelled invoices: no PDF

	Invoices     []moneyInvoiceRow
	Receipts     []moneyReceiptRow
	MoreInvoices int // how many older ones are not shown
	MoreReceipts int

	Pay  moneyPayInfo // online payments: pay buttons, their statuses, payments on their way
	Plan planCard     // the payment plan on the account, or whether to offer asking for one
}

// ClosingOwed and ClosingCredit split the closing balance for display.
func (p moneyUnitPage) ClosingOwed() int64   { return max(p.Statement.Closing, 0) }
func (p moneyUnitPage) ClosingCredit() int64 { return max(-p.Statement.Closing, 0) }

// AnyCredited reports whether the breakdown needs a credits column.
func (p moneyUnitPage) AnyCredited() bool {
	for _, c := range p.Statement.ByCharge {
		if c.Credited != 0 {
			return true
		}
	}
	return false
}

// DownloadURL is the address of the statement of the period shown, as a
// pdf or csv file.
func (p moneyUnitPage) DownloadURL(ext string) string {
	return "/money/units/" + p.Unit.PublicID + "/statement." + ext + "?" + p.Query
}

func (s *handler) moneyUnitPageFor(c echo.Context, u moneyUnit, tab string) moneyUnitPage {
	return moneyUnitPage{Tab: tab, Unit: u, Units: s.readableUnits(c), Currency: handlers.OrgCurrency(c)}
}

// moneyStatement shows a unit's statement for a period, with its totals,
// running balance and breakdown by charge. The period form targets the
// statement block, which is all an htmx request gets back.
func (s *handler) moneyStatement(c echo.Context) error {
	u, err := s.moneyUnitParam(c)
	if err != nil {
		return err
	}
	p := s.moneyUnitPageFor(c, u, "statement")
	if p.Pay, err = s.moneyPayInfo(c, u); err != nil {
		return err
	}
	if p.Plan, err = s.planCardOf(c, u); err != nil {
		return err
	}
	from, to, form, err := handlers.ParsePeriod(c.QueryParams(), u.defaultEnd(s.Today()))
	p.Form = form
	status, err := handlers.PeriodStatus(err)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		st, err := auth.Statement(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.MoneyUnit, from, to, s.Today())
		if err != nil {
			return err
		}
		p.Statement = &st
		if p.Cancelled, err = ledger.CancelledInvoices(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.ID); err != nil {
			return err
		}
		p.Rows = statementRowsHTML(st.Lines, p.Currency, p.Cancelled)
		p.Empty = !u.coversRange(from, to)
		p.Query = url.Values{"from": {form.From}, "to": {form.To}}.Encode()
		// The statement changes only with the ledger, a write, or the
		// date, on which the page cache drops it anyway.
		handlers.KeepPage(c, time.Time{})
	}
	return s.Render(c, status, handlers.View{Page: "money_unit", Title: "Statement · " + u.Name, Data: p})
}

// defaultEnd is the last day of the statement shown when no period is
// asked for: today, or the day the person left a home they no longer hold,
// so their last year there is shown rather than an empty one.
func (u moneyUnit) defaultEnd(today time.Time) time.Time {
	if last := u.Last(); !u.Current && !last.IsZero() && last.Before(today) {
		return last
	}
	return today
}

// statementRowsHTML writes the rows of the statement table, oldest first.
// They are written here rather than by the template: a statement over
// years has hundreds of lines, and each value a template prints costs a
// reflective call to its escaper, which made a ten-year statement page
// take several milliseconds. Every value is escaped with html.EscapeString;
// the cells and classes are the ones the template's header and the style
// sheet expect.
func statementRowsHTML(lines []ledger.StatementLine, currency string, cancelled map[string]bool) template.HTML {
	var b strings.Builder
	b.Grow(len(lines) * 400)
	for _, l := range lines {
		b.WriteString("\n<tr")
		if l.Kind == auth.KindBroughtForward {
			b.WriteString(` class="st-carried"`)
		}
		b.WriteString(`><td class="st-date"><time datetime="`)
		b.WriteString(l.Date.Format(time.DateOnly))
		b.WriteString(`">`)
		b.WriteString(views.DateTable(l.Date))
		b.WriteString(`</time></td><td class="st-desc">`)
		desc := html.EscapeString(l.Description)
		if l.InvoiceID != "" && !cancelled[l.InvoiceID] {
			b.WriteString(`<a href="/money/invoices/`)
			b.WriteString(url.PathEscape(l.InvoiceID))
			b.WriteString(`.pdf" download>`)
			b.WriteString(desc)
			b.WriteString(`</a>`)
		} else {
			b.WriteString(desc)
		}
		if ref := statementRefText(l); ref != "" {
			b.WriteString(` <span class="st-ref">`)
			b.WriteString(html.EscapeString(ref))
			b.WriteString(`</span>`)
		}
		b.WriteString(`</td><td class="num st-charged">`)
		if l.Debit != 0 {
			b.WriteString(html.EscapeString(views.Money(l.Debit, currency)))
		}
		b.WriteString(`</td><td class="num st-paid">`)
		if l.Credit != 0 {
			b.WriteString(html.EscapeString(views.Money(l.Credit, currency)))
		}
		b.WriteString(`</td><td class="num st-bal">`)
		b.WriteString(html.EscapeString(views.Money(l.Balance, currency)))
		b.WriteString(`</td></tr>`)
	}
	return template.HTML(b.String())
}

// coversRange reports whether any of the person's periods meets the dates
// from..to (zero ends open).
func (u moneyUnit) coversRange(from, to time.Time) bool {
	for _, p := range u.Spans {
		if (to.IsZero() || !p.From.After(to)) && (p.To.IsZero() || from.IsZero() || !p.To.Before(from)) {
			return true
		}
	}
	return false
}

// statementDownload resolves the unit and period of a statement download.
func (s *handler) statementDownload(c echo.Context) (moneyUnit, ledger.Statement, error) {
	u, err := s.moneyUnitParam(c)
	if err != nil {
		return u, ledger.Statement{}, err
	}
	from, to, _, err := handlers.ParsePeriod(c.QueryParams(), u.defaultEnd(s.Today()))
	if err != nil {
		return u, ledger.Statement{}, err
	}
	st, err := auth.Statement(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.MoneyUnit, from, to, s.Today())
	return u, st, err
}

// statementFilename names a statement download after the unit and dates.
func statementFilename(u moneyUnit, st ledger.Statement, ext string) string {
	return handlers.AttachmentName("statement "+u.SiteName+" "+u.Name+" "+st.From.Format(time.DateOnly)+
		" to "+st.To.Format(time.DateOnly)) + ext
}

// moneyStatementCSV downloads the statement as CSV: a header row, the
// balance brought forward, then one row per entry with amounts in pounds.
func (s *handler) moneyStatementCSV(c echo.Context) error {
	u, st, err := s.statementDownload(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"Date", "Description", "Reference", "Charged", "Paid", "Balance"})
	_ = w.Write([]string{st.From.Format(time.DateOnly), "Balance brought forward", "", "", "", handlers.CSVPounds(st.Opening)})
	for _, l := range st.Lines {
		_ = w.Write([]string{l.Date.Format(time.DateOnly), handlers.CSVText(l.Description), handlers.CSVText(statementRef(l)),
			handlers.CSVPoundsOrBlank(l.Debit), handlers.CSVPoundsOrBlank(l.Credit), handlers.CSVPounds(l.Balance)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "text/csv; charset=utf-8", statementFilename(u, st, ".csv"), buf.Bytes())
}

// moneyStatementPDF downloads the statement as a branded PDF.
func (s *handler) moneyStatementPDF(c echo.Context) error {
	u, st, err := s.statementDownload(c)
	if err != nil {
		return err
	}
	brand, payee, unitLabel, err := s.pdfHeading(c, u, st.To)
	if err != nil {
		return err
	}
	doc := pdf.StatementDoc{Brand: brand, Currency: handlers.OrgCurrency(c), Unit: unitLabel, Payee: payee,
		From: st.From, To: st.To, Opening: st.Opening, Demanded: st.Demanded, Paid: st.Paid, Closing: st.Closing,
		Generated: s.Now()}
	if doc.Plan, err = s.planSentence(c, u); err != nil {
		return err
	}
	for _, l := range st.Lines {
		doc.Lines = append(doc.Lines, pdf.StatementLine{Date: l.Date, Description: l.Description,
			Reference: statementRef(l), Debit: l.Debit, Credit: l.Credit, Balance: l.Balance})
	}
	for _, ct := range st.ByCharge {
		doc.ByCharge = append(doc.ByCharge, pdf.ChargeTotal{ChargeType: ct.ChargeType, Demanded: ct.Demanded, Credited: ct.Credited, Paid: ct.Paid})
	}
	var buf bytes.Buffer
	if err := pdf.Statement(&buf, doc); err != nil {
		return err
	}
	return handlers.SendAttachment(c, "application/pdf", statementFilename(u, st, ".pdf"), buf.Bytes())
}

// statementRef is a line's references in one cell of a download: "R-000318,
// ADEYEMI FLAT1" (ledger.StatementLine.ResidentRefs).
func statementRef(l ledger.StatementLine) string {
	receipt, payer := l.ResidentRefs()
	if receipt != "" && payer != "" {
		return receipt + ", " + payer
	}
	return receipt + payer
}

// statementRefText is a line's references in words, on the page:
// "Receipt R-000318, your reference ADEYEMI FLAT1", or "Ref 1234".
func statementRefText(l ledger.StatementLine) string {
	receipt, payer := l.ResidentRefs()
	switch {
	case receipt != "" && payer != "":
		return "Receipt " + receipt + ", your reference " + payer
	case receipt != "":
		return "Receipt " + receipt
	case payer != "":
		return "Ref " + payer
	}
	return ""
}
