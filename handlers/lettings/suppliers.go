package lettings

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/views"
)

// Suppliers owed for expenses recorded on landlords' behalf, and paying
// them from a bank account, under /admin/ledger/suppliers.

type supplierPayForm struct {
	Supplier, Account, Date, Amount, Reference string
	Errors                                     errs.Fields
}

type suppliersPage struct {
	Owed   []ledger.SupplierBalance
	Total  int64
	Banks  []handlers.Choice
	Pay    supplierPayForm
	Notice string

	bankByPublic map[string]ledger.Account
}

// loadSuppliers reads what is owed to whom and fills the payment form's
// defaults.
func (s *handler) loadSuppliers(ctx context.Context, c echo.Context) (*suppliersPage, error) {
	q := handlers.OrgOf(c).DB.Read()
	p := &suppliersPage{bankByPublic: map[string]ledger.Account{}}
	var err error
	if p.Owed, err = ledger.SuppliersOwed(ctx, q); err != nil {
		return nil, err
	}
	for _, o := range p.Owed {
		p.Total += o.Owed
	}
	banks, err := bankChoices(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, b := range banks {
		p.Banks = append(p.Banks, b.Choice)
		p.bankByPublic[b.account.PublicID] = b.account
	}
	p.Pay = supplierPayForm{Date: s.Today().Format(time.DateOnly)}
	if len(p.Banks) == 1 {
		p.Pay.Account = p.Banks[0].Value
	}
	if len(p.Owed) == 1 {
		p.Pay.Supplier, p.Pay.Amount = p.Owed[0].Supplier, handlers.FormatPounds(p.Owed[0].Owed)
	}
	return p, nil
}

// owedTo is what is owed to the supplier named (in any case), or 0.
func (p *suppliersPage) owedTo(name string) (ledger.SupplierBalance, bool) {
	for _, o := range p.Owed {
		if strings.EqualFold(o.Supplier, name) {
			return o, true
		}
	}
	return ledger.SupplierBalance{}, false
}

// ledgerSuppliers lists the suppliers owed money. ?supplier= fills the
// payment form with that supplier and what they are owed; for htmx with
// that target only the form is sent.
func (s *handler) ledgerSuppliers(c echo.Context) error {
	p, err := s.loadSuppliers(c.Request().Context(), c)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "paid" {
		p.Notice = "Payment to the supplier recorded."
	}
	if o, ok := p.owedTo(strings.TrimSpace(c.QueryParam("supplier"))); ok {
		p.Pay.Supplier, p.Pay.Amount = o.Supplier, handlers.FormatPounds(o.Owed)
	}
	return s.showSuppliers(c, http.StatusOK, p, handlers.HX(c).Swaps())
}

func (s *handler) showSuppliers(c echo.Context, status int, p *suppliersPage, block string) error {
	v := handlers.View{Page: "admin_ledger_suppliers", Title: "Suppliers", Data: p, Wide: true}
	if block == "suppliers" || block == "supplier-pay" {
		v.Block = block
	}
	return s.Render(c, status, v)
}

// ledgerPaySupplier pays a supplier from a bank account, no more than
// they are owed.
func (s *handler) ledgerPaySupplier(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.loadSuppliers(ctx, c)
	if err != nil {
		return err
	}
	fm := &p.Pay
	*fm = supplierPayForm{Supplier: strings.TrimSpace(c.FormValue("supplier")), Account: c.FormValue("account"),
		Date: strings.TrimSpace(c.FormValue("date")), Amount: strings.TrimSpace(c.FormValue("amount")),
		Reference: strings.TrimSpace(c.FormValue("reference")), Errors: errs.Fields{}}
	refused := func() error {
		return s.showSuppliers(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "supplier-pay"))
	}
	if fm.Supplier == "" {
		fm.Errors.Add("supplier", "Choose the supplier being paid.")
	}
	bank := handlers.BankField(fm.Errors, "account", fm.Account, p.bankByPublic, "Choose the bank account the supplier is paid from.")
	date := handlers.DateField(fm.Errors, "date", fm.Date)
	amount := handlers.AmountField(fm.Errors, "amount", fm.Amount)
	ref := handlers.TextField(fm.Errors, "reference", fm.Reference, 100, "")
	if len(fm.Errors) > 0 {
		return refused()
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.PaySupplier(ctx, tx, s.Now(), ledger.SupplierPaymentInput{Supplier: fm.Supplier, AccountID: bank.ID,
			Date: date, Amount: amount, Reference: ref, CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.supplier_paid", bank.PublicID, fmt.Sprintf("%s paid to %s from %s",
			handlers.FormatPounds(amount), fm.Supplier, bank.Code))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("supplier", "account", "date", "amount", "reference"))
		return refused()
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, "/admin/ledger/suppliers?done=paid", "suppliers", func() error {
		if p, err = s.loadSuppliers(ctx, c); err != nil {
			return err
		}
		p.Notice = "Paid " + fm.Supplier + " " + views.Money(amount, handlers.OrgCurrency(c)) + "."
		return s.showSuppliers(c, http.StatusOK, p, "suppliers")
	})
}
