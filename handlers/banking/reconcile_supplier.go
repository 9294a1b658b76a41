package banking

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/sqldb"
	"porch/views"
)

// supplierChoices are the approved, unpaid supplier invoices of the
// account's site, by total, as choices for the money-out lines of that
// amount: a payment nobody recorded can settle the invoice it paid.
func supplierChoices(ctx context.Context, q sqldb.Querier, a ledger.Account, currency string) (map[int64][]bankJournalOption, error) {
	if a.SiteID == 0 {
		return nil, nil
	}
	list, _, err := ledger.SupplierInvoices(ctx, q, ledger.SupplierInvoiceFilter{SiteID: a.SiteID, Status: ledger.SupplierApproved})
	if err != nil {
		return nil, err
	}
	out := map[int64][]bankJournalOption{}
	for _, s := range list {
		label := strings.Join([]string{s.Supplier, s.Number, views.Money(s.Total(), currency), "dated " + s.InvoiceDate.Format("2 Jan 2006"),
			s.Description}, " · ")
		out[-s.Total()] = append(out[-s.Total()], bankJournalOption{Value: s.PublicID, Label: label})
	}
	return out, nil
}

// bankSupplierFromLine settles a money-out line by paying the approved
// supplier invoice chosen for it, and matches the line to the payment.
func (s *handler) bankSupplierFromLine(c echo.Context) error {
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	row := bankUnmatchedRow{Invoice: strings.TrimSpace(c.FormValue("invoice")), SupplierOpen: true}
	row.PublicID = c.Param("line")
	var line payments.BankLine
	var inv ledger.SupplierInvoice
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		line, inv, err = payments.PaySupplierFromLine(ctx, tx, s.Now(), v.Account.ID, row.PublicID, row.Invoice, handlers.IdentityOf(c).Person.ID)
		return "supplier_invoice.paid", inv.PublicID, fmt.Sprintf("%s invoice %s for %s, %s, paid from %s %s on %s, from its statement line (entry no. %d)",
			inv.Supplier, inv.Number, handlers.FormatPounds(inv.Total()), inv.SiteName, v.Account.Code, v.Account.Name,
			line.Date.Format(time.DateOnly), inv.PaymentJournalID), err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		row.InvoiceError = f["invoice"]
		if row.InvoiceError == "" {
			row.InvoiceError = f["form"]
		}
		return s.bankLineRefused(c, v, row)
	}
	if err != nil {
		return err
	}
	return s.bankDone(c, v, filterOf(c), "supplier", fmt.Sprintf("%s invoice %s is paid from this account on %s and the line is matched to the payment.",
		inv.Supplier, inv.Number, line.Date.Format("2 January 2006")), nil)
}
