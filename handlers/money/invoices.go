package money

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/views"
)

// moneyListLimit is how many invoices and payments the page shows before
// offering the rest, which keeps a long-held home's page small.
const moneyListLimit = 12

// moneyCancelled marks an invoice whose demand was reversed.
const moneyCancelled = "cancelled"

// moneyInvoiceRow is an invoice as the resident's list shows it.
type moneyInvoiceRow struct {
	ledger.Invoice
	Status string
	About  ledger.InvoiceAbout
}

// For says what the invoice is for: "Service charge, 1 Jan – 31 Mar 2026"
// for a schedule's demand, else its lines' own words.
func (r moneyInvoiceRow) For() string {
	if r.About.From.IsZero() && len(r.About.Descriptions) > 0 {
		return strings.Join(r.About.Descriptions, "; ")
	}
	charges := slices.Clone(r.About.Charges)
	for i := 1; i < len(charges); i++ {
		charges[i] = lowerFirst(charges[i])
	}
	what := handlers.JoinAnd(charges)
	if !r.About.From.IsZero() {
		what += ", " + views.DateRange(r.About.From, r.About.To)
	}
	return what
}

// OverdueSince is the first day the invoice was overdue: the day after it
// was due.
func (r moneyInvoiceRow) OverdueSince() time.Time { return r.DueDate.AddDate(0, 0, 1) }

// lowerFirst lowers a charge name's capital for the middle of a phrase
// ("and ground rent"), leaving an acronym ("VAT") as it is.
func lowerFirst(s string) string {
	if len(s) > 1 && unicode.IsUpper(rune(s[0])) && !unicode.IsUpper(rune(s[1])) {
		return string(unicode.ToLower(rune(s[0]))) + s[1:]
	}
	return s
}

// invoiceBadges name an invoice's states for residents.
var invoiceBadges = handlers.Badges{
	ledger.StatusOutstanding: {Label: "Outstanding", Class: "warn"},
	ledger.StatusPartPaid:    {Label: "Part paid", Class: "warn"},
	ledger.StatusPaid:        {Label: "Paid", Class: "ok"},
	ledger.StatusOverdue:     {Label: "Overdue", Class: "bad"},
	moneyCancelled:           {Label: "Cancelled"},
}

// Badge is the invoice's state for residents.
func (r moneyInvoiceRow) Badge() handlers.Badge { return invoiceBadges.Of(r.Status) }

// moneyReceiptRow is a payment as the resident's list shows it.
type moneyReceiptRow struct {
	ledger.Receipt
	Currency string
}

// PaidText says what the payment paid: "Paid invoice 12 (£50.00) and
// invoice 13 (£20.00); £5.00 kept as credit."
func (r moneyReceiptRow) PaidText() string {
	var paid []string
	for _, a := range r.Allocations {
		paid = append(paid, fmt.Sprintf("invoice %d (%s)", a.InvoiceNumber, views.Money(a.Amount, r.Currency)))
	}
	var parts []string
	if len(paid) > 0 {
		parts = append(parts, "Paid "+handlers.JoinAnd(paid))
	}
	if left := r.Unallocated(); left > 0 {
		parts = append(parts, views.Money(left, r.Currency)+" kept as credit")
	}
	if len(parts) == 0 {
		return ""
	}
	return handlers.Capitalise(strings.Join(parts, "; ")) + "."
}

// MethodLabel is the payment method starting with a capital.
func (r moneyReceiptRow) MethodLabel() string { return handlers.Capitalise(r.Method) }

// moneyInvoiceStatus is the status of an invoice on the date today.
func moneyInvoiceStatus(inv ledger.Invoice, cancelled bool, today time.Time) string {
	if cancelled {
		return moneyCancelled
	}
	return inv.Status(today)
}

// moneyInvoices lists a unit's invoices, with their status and PDFs, and
// the payments received, with the invoices each paid. Only those dated in
// the person's periods at the unit are shown.
func (s *handler) moneyInvoices(c echo.Context) error {
	u, err := s.moneyUnitParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	today := s.Today()
	p := s.moneyUnitPageFor(c, u, "invoices")
	if p.Pay, err = s.moneyPayInfo(c, u); err != nil {
		return err
	}
	invs, err := ledger.DebtorInvoices(ctx, q, u.Debtor())
	if err != nil {
		return err
	}
	cancelled, err := ledger.CancelledInvoices(ctx, q, u.ID)
	if err != nil {
		return err
	}
	abouts, err := ledger.InvoiceAbouts(ctx, q, u.ID)
	if err != nil {
		return err
	}
	for _, inv := range invs {
		if u.Covers(inv.IssueDate) {
			p.Invoices = append(p.Invoices, moneyInvoiceRow{Invoice: inv, Status: moneyInvoiceStatus(inv, cancelled[inv.PublicID], today),
				About: abouts[inv.ID]})
		}
	}
	receipts, err := ledger.DebtorReceipts(ctx, q, u.Debtor())
	if err != nil {
		return err
	}
	for _, r := range receipts {
		if u.Covers(r.Date) {
			p.Receipts = append(p.Receipts, moneyReceiptRow{Receipt: r, Currency: p.Currency})
		}
	}
	if c.QueryParam("all") == "" {
		if n := len(p.Invoices); n > moneyListLimit {
			p.Invoices, p.MoreInvoices = p.Invoices[:moneyListLimit], n-moneyListLimit
		}
		if n := len(p.Receipts); n > moneyListLimit {
			p.Receipts, p.MoreReceipts = p.Receipts[:moneyListLimit], n-moneyListLimit
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "money_unit", Title: "Invoices and payments · " + u.Name, Data: p})
}

// moneyPDFID takes the public id out of a "<id>.pdf" URL segment.
func moneyPDFID(c echo.Context) (string, bool) {
	return strings.CutSuffix(c.Param("file"), ".pdf")
}

// invoiceOfPerson loads invoice publicID through the person's scope: one
// of a unit they may read (and that check, when given, lets through),
// issued while they were there, and not cancelled.
func (s *handler) invoiceOfPerson(c echo.Context, publicID string, check func(echo.Context, moneyUnit) error) (ledger.Invoice, moneyUnit, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	inv, err := ledger.GetInvoice(ctx, q, publicID)
	if errs.Is(err, errs.NotFound) {
		s.Deny(c, "no such invoice")
		return inv, moneyUnit{}, moneyNotFound
	}
	if err != nil {
		return inv, moneyUnit{}, err
	}
	u, err := s.moneyUnitByID(c, inv.UnitID, "invoice not in scope")
	if err == nil && check != nil {
		err = check(c, u)
	}
	if err != nil {
		return inv, u, err
	}
	if !u.Reads(inv.OccupancyID, inv.IssueDate) {
		s.Deny(c, "invoice outside the person's dates or accounts at the unit")
		return inv, u, moneyNotFound
	}
	cancelled, err := ledger.CancelledInvoices(ctx, q, inv.UnitID)
	if err != nil {
		return inv, u, err
	}
	if cancelled[inv.PublicID] {
		return inv, u, errs.E(errs.Conflict, "This invoice was cancelled, so there is nothing to pay on it. Your statement shows the cancellation.")
	}
	return inv, u, nil
}

// moneyInvoicePDF downloads one invoice as a branded PDF.
func (s *handler) moneyInvoicePDF(c echo.Context) error {
	pub, ok := moneyPDFID(c)
	if !ok {
		return moneyNotFound
	}
	inv, _, err := s.invoiceOfPerson(c, pub, nil)
	if err != nil {
		return err
	}
	data, name, err := handlers.InvoicePDF(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.OrgOf(c), s.OrgURL(c), inv,
		s.Today(), handlers.IdentityOf(c).Person.DisplayName())
	if err != nil {
		return err
	}
	return handlers.SendAttachment(c, "application/pdf", name, data)
}

// moneyReceiptPDF downloads the receipt of one payment as a branded PDF.
// A payment that was reversed has no receipt.
func (s *handler) moneyReceiptPDF(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	pub, ok := moneyPDFID(c)
	if !ok {
		return moneyNotFound
	}
	r, err := ledger.GetReceipt(ctx, q, pub)
	if errs.Is(err, errs.NotFound) {
		s.Deny(c, "no such receipt")
		return moneyNotFound
	}
	if err != nil {
		return err
	}
	u, err := s.moneyUnitByID(c, r.UnitID, "receipt not in scope")
	if err != nil {
		return err
	}
	if !u.Reads(r.OccupancyID, r.Date) {
		s.Deny(c, "receipt outside the person's dates or accounts at the unit")
		return moneyNotFound
	}
	if r.Reversed {
		return errs.E(errs.Conflict, "This payment was reversed, so there is no receipt for it. Contact us if you have a question about it.")
	}
	data, name, err := handlers.ReceiptPDF(c.Request().Context(), q, handlers.OrgOf(c), s.OrgURL(c), r, handlers.IdentityOf(c).Person.DisplayName())
	if err != nil {
		return err
	}
	return handlers.SendAttachment(c, "application/pdf", name, data)
}
