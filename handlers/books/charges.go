package books

import (
	"database/sql"
	"net/http"
	"strings"

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
	Name, Treatment, Kind string
}

type chargesPage struct {
	Rows   []chargeRow
	Form   chargeForm
	Errors errs.Fields
	Notice string
	// A refused change of kind: the charge's public id and the message.
	KindRow, KindError string
}

// KindChoices are the kinds of charge in law, for the forms.
func (chargesPage) KindChoices() []handlers.Choice {
	out := make([]handlers.Choice, len(ledger.ChargeKinds))
	for i, k := range ledger.ChargeKinds {
		out[i] = handlers.Choice{Value: k, Label: ledger.ChargeKindLabel(k)}
	}
	return out
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
	switch c.QueryParam("done") {
	case "added":
		p.Notice = "Charge type added."
	case "kind":
		p.Notice = "Charge type changed."
	}
	return s.showCharges(c, http.StatusOK, p)
}

// ledgerAddCharge adds a charge type.
func (s *handler) ledgerAddCharge(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	form := chargeForm{Name: c.FormValue("name"), Treatment: c.FormValue("treatment"), Kind: c.FormValue("kind")}
	var added ledger.ChargeType
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if added, err = ledger.CreateChargeType(ctx, tx, s.Now(), form.Name, form.Treatment, form.Kind); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.charge_type_added", added.PublicID, added.Name+" ("+added.Treatment+", "+added.Kind+")")
	})
	if f, ok := handlers.FieldsOf(err); ok {
		return s.showCharges(c, http.StatusUnprocessableEntity, chargesPage{Form: form, Errors: f})
	}
	if err != nil {
		return err
	}
	return s.chargesDone(c, "Charge type "+added.Name+" added.", "added")
}

// chargesDone answers a change that worked: htmx gets the list again
// with the notice, a plain post a redirect to the page.
func (s *handler) chargesDone(c echo.Context, notice, key string) error {
	if handlers.HX(c).Swaps() == "ledger-charges" {
		return s.showCharges(c, http.StatusOK, chargesPage{Notice: notice})
	}
	return handlers.Redirect(c, "/admin/ledger/charges?done="+key)
}

// ledgerChargeKind changes what a charge is in law, so that its demands
// carry from now on what the law asks of that kind.
func (s *handler) ledgerChargeKind(c echo.Context) error {
	ctx := c.Request().Context()
	kind := c.FormValue("kind")
	var was ledger.ChargeType
	err := handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if was, err = ledger.SetChargeKind(ctx, tx, c.Param("id"), kind); err != nil || was.Kind == kind {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.charge_kind_changed", was.PublicID, was.Name+": "+was.Kind+" → "+kind)
	})
	if f, ok := handlers.FieldsOf(err); ok {
		return s.showCharges(c, http.StatusUnprocessableEntity, chargesPage{KindRow: c.Param("id"), KindError: f["kind"]})
	}
	if err != nil {
		return err
	}
	return s.chargesDone(c, was.Name+" is now treated as "+strings.ToLower(ledger.ChargeKindLabel(kind))+
		" on the demands raised from now on.", "kind")
}
