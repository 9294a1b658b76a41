package books

import (
	"cmp"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// noteForm is a debtor's note and next action as typed, with messages.
type noteForm struct {
	Key        string // the debtor's row
	Unit       string // the unit's public id
	Account    string // the lease's or tenancy's public id; "" for the unit's own account
	Note       string
	NextAction string // YYYY-MM-DD, or blank for none
	Errors     errs.Fields
}

// ledgerAgedNote saves the note and next action on a debtor account of
// the report, and shows the report again (as at the day it was shown),
// or the form again with its messages.
func (s *handler) ledgerAgedNote(c echo.Context) error {
	ctx := c.Request().Context()
	form := noteForm{Unit: c.FormValue("unit"), Account: c.FormValue("account"), Note: c.FormValue("note"),
		NextAction: strings.TrimSpace(c.FormValue("next_action")), Errors: errs.Fields{}}
	form.Key = debtorKey(form.Unit, form.Account)
	p, err := s.loadAged(c, c.FormValue("as_at"), c.FormValue("site"))
	if err != nil {
		return err
	}
	var next ledger.DebtorNote
	next.Note = form.Note
	if form.NextAction != "" {
		next.NextAction = handlers.DateField(form.Errors, "next_action", form.NextAction)
	}
	if len(form.Errors) == 0 {
		err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
			unit, err := estate.GetUnit(ctx, tx, form.Unit)
			if err != nil {
				return err
			}
			var occ int64
			if form.Account != "" {
				o, err := estate.GetOccupancy(ctx, tx, form.Account)
				if err != nil || o.UnitID != unit.ID {
					return errs.Fields{"form": "That lease or tenancy is not one of this unit's."}.Err()
				}
				occ = o.ID
			}
			old, err := ledger.SaveDebtorNote(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, unit.ID, occ, next)
			if err != nil {
				return err
			}
			detail := unit.Name + ": " + estate.Changes{{Field: "note", Old: old.Note, New: strings.TrimSpace(next.Note)},
				{Field: "next_action", Old: dateOrBlank(old.NextAction), New: form.NextAction}}.String()
			return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "ledger.debtor_note", unit.PublicID, detail)
		})
		if f, ok := handlers.FieldsOf(err); ok {
			form.Errors = handlers.MapFields(f, handlers.FormKeys("note", "next_action"))
		} else if err != nil {
			return err
		}
	}
	if len(form.Errors) > 0 {
		p.refused = &form
		return s.showAged(c, http.StatusUnprocessableEntity, p)
	}
	return handlers.Done(c, "/admin/ledger/aged-debt?"+p.Query()+"&done=note#debtor-"+form.Key, "aged-report", func() error {
		p, err := s.loadAged(c, c.FormValue("as_at"), c.FormValue("site"))
		if err != nil {
			return err
		}
		p.Notice = "Note saved."
		return s.showAged(c, http.StatusOK, p)
	})
}

// debtorKey names a debtor's row on the report and its form's fields:
// the unit's public id and the account's, or "own" for the unit's own.
func debtorKey(unit, account string) string { return unit + "-" + cmp.Or(account, "own") }

// dateOrBlank is a date as stored, "" for none.
func dateOrBlank(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
