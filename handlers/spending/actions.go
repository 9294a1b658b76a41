package spending

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
)

// invoiceAction loads the :invoice bill and the list it was acted on
// from (its filter in the query string), refusing a bill of another site
// than the list's.
func (s *handler) invoiceAction(c echo.Context) (*listPage, ledger.SupplierInvoice, error) {
	ctx := c.Request().Context()
	inv, err := ledger.GetSupplierInvoice(ctx, handlers.OrgOf(c).DB.Read(), c.Param("invoice"))
	if err != nil {
		return nil, inv, err
	}
	site := c.QueryParam("site")
	if site == "" {
		site = inv.SitePublicID
	}
	p := &listPage{}
	if err := s.filterOf(ctx, c, p, site, c.QueryParam("status")); err != nil {
		return nil, inv, err
	}
	if p.Site.ID != inv.SiteID {
		return nil, inv, errs.E(errs.NotFound, "There is no such supplier invoice on this list.")
	}
	return p, inv, nil
}

// done answers an action that worked: htmx gets the list again with a
// notice, a plain post a redirect to the list.
func (s *handler) done(c echo.Context, p *listPage, key string) error {
	sep := "?"
	if p.Query != "" {
		sep = "&"
	}
	return handlers.Done(c, spendingURL+p.Query+sep+"done="+key, "spending-list", func() error {
		p.Notice = notices[key]
		return s.show(c, http.StatusOK, p)
	})
}

// refused shows the list again with the messages on the bill's row and
// its form open.
func (s *handler) refused(c echo.Context, p *listPage, r row, err error) error {
	f, ok := handlers.FieldsOf(err)
	if !ok {
		return err
	}
	r.Errors = f
	p.Rows = []row{r}
	return s.show(c, http.StatusUnprocessableEntity, p)
}

func (s *handler) approve(c echo.Context) error {
	p, inv, err := s.invoiceAction(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		got, err := ledger.ApproveSupplierInvoice(ctx, tx, s.Now(), inv.PublicID, handlers.IdentityOf(c).Person.ID)
		return "supplier_invoice.approved", got.PublicID, fmt.Sprintf("%s invoice %s for %s, %s, posted to %s (entry no. %d)",
			got.Supplier, got.Number, handlers.FormatPounds(got.Total()), got.SiteName, got.HeadLabel(), got.JournalID), err
	})
	if err != nil {
		return s.refused(c, p, row{SupplierInvoice: inv}, err)
	}
	return s.done(c, p, "approved")
}

func (s *handler) reject(c echo.Context) error {
	p, inv, err := s.invoiceAction(c)
	if err != nil {
		return err
	}
	r := row{SupplierInvoice: inv, Reason: strings.TrimSpace(c.FormValue("reason")), Open: "reject"}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		got, err := ledger.RejectSupplierInvoice(ctx, tx, s.Now(), inv.PublicID, r.Reason, handlers.IdentityOf(c).Person.ID)
		return "supplier_invoice.rejected", got.PublicID, fmt.Sprintf("%s invoice %s for %s, %s: %s",
			got.Supplier, got.Number, handlers.FormatPounds(got.Total()), got.SiteName, got.StatusNote), err
	})
	if err != nil {
		return s.refused(c, p, r, err)
	}
	return s.done(c, p, "rejected")
}

func (s *handler) pay(c echo.Context) error {
	ctx := c.Request().Context()
	p, inv, err := s.invoiceAction(c)
	if err != nil {
		return err
	}
	r := row{SupplierInvoice: inv, Account: strings.TrimSpace(c.FormValue("account")), Date: strings.TrimSpace(c.FormValue("date")), Open: "pay"}
	f := errs.Fields{}
	date := handlers.DateField(f, "date", r.Date)
	var accountID int64
	if r.Account == "" {
		f.Add("account", "Choose the bank account it is paid from.")
	} else if a, err := payments.BankAccount(ctx, handlers.OrgOf(c).DB.Read(), r.Account); err == nil {
		accountID = a.ID
	} else if errs.Is(err, errs.NotFound) {
		f.Add("account", "Choose one of the site's bank accounts.")
	} else {
		return err
	}
	if len(f) > 0 {
		return s.refused(c, p, r, f.Err())
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		got, journal, err := ledger.PaySupplierInvoice(ctx, tx, s.Now(), ledger.SupplierInvoicePayment{PublicID: inv.PublicID,
			AccountID: accountID, Date: date, CreatedBy: handlers.IdentityOf(c).Person.ID})
		return "supplier_invoice.paid", got.PublicID, fmt.Sprintf("%s invoice %s for %s, %s, paid from %s on %s (entry no. %d)",
			got.Supplier, got.Number, handlers.FormatPounds(got.Total()), got.SiteName, got.PaidFrom, r.Date, journal), err
	})
	if err != nil {
		return s.refused(c, p, r, err)
	}
	return s.done(c, p, "paid")
}

// file sends the supplier's PDF of a bill.
func (s *handler) file(c echo.Context) error {
	ctx := c.Request().Context()
	inv, err := ledger.GetSupplierInvoice(ctx, handlers.OrgOf(c).DB.Read(), c.Param("invoice"))
	if err != nil {
		return err
	}
	if inv.FileHash == "" {
		return errs.E(errs.NotFound, "This invoice has no file.")
	}
	b, err := s.Files.Get(ctx, handlers.OrgOf(c).DB, inv.FileHash)
	if err != nil {
		return err
	}
	name := inv.FileName
	if name == "" {
		name = inv.Supplier + " " + inv.Number
	}
	return handlers.SendFile(c, b, name)
}
