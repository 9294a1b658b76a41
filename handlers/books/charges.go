package books

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

// chargeRow is a charge type with the account it posts to.
type chargeRow struct {
	ledger.ChargeType
	Account ledger.Account
}

// TreatmentText says where the money goes.
func (r chargeRow) TreatmentText() string {
	if r.IsClientMoney() {
		return "Client money for the landlord"
	}
	return "Income"
}

type chargeForm struct {
	Name, Treatment string
}

type chargesPage struct {
	Rows   []chargeRow
	Form   chargeForm
	Errors errs.Fields
	Notice string
}

func (s *handler) showCharges(c echo.Context, status int, p chargesPage) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	types, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return err
	}
	accounts, err := ledger.Accounts(ctx, q)
	if err != nil {
		return err
	}
	byID := map[int64]ledger.Account{}
	for _, a := range accounts {
		byID[a.ID] = a
	}
	for _, t := range types {
		p.Rows = append(p.Rows, chargeRow{ChargeType: t, Account: byID[t.AccountID]})
	}
	if p.Form.Treatment == "" {
		p.Form.Treatment = ledger.TreatmentIncome
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_charges", Title: "Charge types", Data: p, Wide: true})
}

func (s *handler) ledgerCharges(c echo.Context) error {
	var p chargesPage
	if c.QueryParam("done") == "added" {
		p.Notice = "Charge type added."
	}
	return s.showCharges(c, http.StatusOK, p)
}

// ledgerAddCharge adds a charge type.
func (s *handler) ledgerAddCharge(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	form := chargeForm{Name: c.FormValue("name"), Treatment: c.FormValue("treatment")}
	var added ledger.ChargeType
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if added, err = ledger.CreateChargeType(ctx, tx, s.Now(), form.Name, form.Treatment); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.charge_type_added", added.PublicID, added.Name+" ("+added.Treatment+")")
	})
	if f, ok := handlers.FieldsOf(err); ok {
		return s.showCharges(c, http.StatusUnprocessableEntity, chargesPage{Form: form, Errors: f})
	}
	if err != nil {
		return err
	}
	if handlers.HX(c).Swaps() == "ledger-charges" {
		return s.showCharges(c, http.StatusOK, chargesPage{Notice: "Charge type " + added.Name + " added."})
	}
	return handlers.Redirect(c, "/admin/ledger/charges?done=added")
}
