package lettings

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

// The actions on a landlord's account: charge a fee, record an expense,
// pay the landlord, set a property's float, schedule a deduction and
// cancel one. Each writes in one transaction with its audit entry. A
// refusal shows the form again with messages next to its fields and writes
// nothing (422; htmx gets just that form, a plain post the whole page).
// Success sends htmx the whole account again with a notice, and a plain
// post a redirect to it.

// ownerRefused shows the form block again with its messages.
func (s *handler) ownerRefused(c echo.Context, a *ownerAccount, block string) error {
	return s.showOwnerAccount(c, http.StatusUnprocessableEntity, a, handlers.FormBlock(c, block))
}

// ownerDone answers a change that worked.
func (s *handler) ownerDone(c echo.Context, publicID, key string) error {
	return handlers.Done(c, "/admin/ledger/owners/"+publicID+"?done="+key, "owner-account", func() error {
		a, err := s.loadOwnerAccount(c.Request().Context(), c, publicID)
		if err != nil {
			return err
		}
		a.Notice = ownerNotice(key, a, handlers.OrgCurrency(c))
		return s.showOwnerAccount(c, http.StatusOK, a, "owner-account")
	})
}

// pickUnit finds one of the landlord's properties by public id, adding a
// message to f when there is none.
func (a *ownerAccount) pickUnit(f errs.Fields, publicID string) ledger.LandlordUnit {
	u, ok := a.unitByPublic[publicID]
	switch {
	case len(a.unitByPublic) == 0:
		f.Add("unit", a.Owner.DisplayName()+" has no let property. Link them as its owner first.")
	case publicID == "":
		f.Add("unit", "Choose the property.")
	case !ok:
		f.Add("unit", "Choose one of "+a.Owner.DisplayName()+"'s properties.")
	}
	return u
}

// ledgerOwnerFee charges the agent's fee to the landlord for a property.
func (s *handler) ledgerOwnerFee(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	fm := &a.Fee
	*fm = feeForm{Unit: c.FormValue("unit"), Date: strings.TrimSpace(c.FormValue("date")), Amount: strings.TrimSpace(c.FormValue("amount")),
		Description: strings.TrimSpace(c.FormValue("description")), Category: c.FormValue("category"), Errors: errs.Fields{}, Open: true}
	u := a.pickUnit(fm.Errors, fm.Unit)
	date := handlers.DateField(fm.Errors, "date", fm.Date)
	amount := handlers.AmountField(fm.Errors, "amount", fm.Amount)
	desc := handlers.TextField(fm.Errors, "description", fm.Description, 200, "Say what the fee is for, such as \"Management fee, 10% + VAT\".")
	if len(fm.Errors) > 0 {
		return s.ownerRefused(c, a, "owner-fee")
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.ChargeFee(ctx, tx, s.Now(), ledger.FeeInput{UnitID: u.UnitID, OwnerID: a.Owner.ID, Date: date,
			Amount: amount, Description: desc, Category: fm.Category, CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.fee_charged", a.Owner.PublicID, fmt.Sprintf("%s from %s for %s: %s",
			handlers.FormatPounds(amount), a.Owner.FullName, u.UnitName, desc))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("unit", "date", "amount", "description", "category"))
		return s.ownerRefused(c, a, "owner-fee")
	}
	if err != nil {
		return err
	}
	return s.ownerDone(c, a.Owner.PublicID, "fee")
}

// ledgerOwnerExpense records a bill paid on the landlord's behalf; the
// supplier is owed it until paid.
func (s *handler) ledgerOwnerExpense(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	fm := &a.Expense
	*fm = expenseForm{Unit: c.FormValue("unit"), Supplier: strings.TrimSpace(c.FormValue("supplier")),
		Description: strings.TrimSpace(c.FormValue("description")), Amount: strings.TrimSpace(c.FormValue("amount")),
		Date: strings.TrimSpace(c.FormValue("date")), Reference: strings.TrimSpace(c.FormValue("reference")),
		Category: c.FormValue("category"), Errors: errs.Fields{}, Open: true}
	u := a.pickUnit(fm.Errors, fm.Unit)
	supplier := handlers.TextField(fm.Errors, "supplier", fm.Supplier, 120, "Enter the supplier, such as \"Northside Heating Ltd\".")
	desc := handlers.TextField(fm.Errors, "description", fm.Description, 200, "Say what the expense is for, such as \"Boiler repair\".")
	amount := handlers.AmountField(fm.Errors, "amount", fm.Amount)
	date := handlers.DateField(fm.Errors, "date", fm.Date)
	ref := handlers.TextField(fm.Errors, "reference", fm.Reference, 100, "")
	if len(fm.Errors) > 0 {
		return s.ownerRefused(c, a, "owner-expense")
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.RecordExpense(ctx, tx, s.Now(), ledger.ExpenseInput{UnitID: u.UnitID, OwnerID: a.Owner.ID, Date: date,
			Amount: amount, Supplier: supplier, Description: desc, Reference: ref, Category: fm.Category,
			CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.expense_recorded", a.Owner.PublicID, fmt.Sprintf("%s from %s for %s: %s, %s",
			handlers.FormatPounds(amount), a.Owner.FullName, u.UnitName, desc, supplier))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("unit", "supplier", "description", "amount", "date", "reference", "category"))
		return s.ownerRefused(c, a, "owner-expense")
	}
	if err != nil {
		return err
	}
	return s.ownerDone(c, a.Owner.PublicID, "expense")
}

// ledgerOwnerPayout pays the landlord from a client bank account. The
// ledger refuses more than is available (the float and rent not yet
// received are held back); the refusal says why, next to the amount.
func (s *handler) ledgerOwnerPayout(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	fm := &a.Payout
	*fm = payoutForm{Account: c.FormValue("account"), Unit: c.FormValue("unit"), Date: strings.TrimSpace(c.FormValue("date")),
		Amount: strings.TrimSpace(c.FormValue("amount")), Reference: strings.TrimSpace(c.FormValue("reference")), Errors: errs.Fields{}, Open: true}
	bank := handlers.BankField(fm.Errors, "account", fm.Account, a.bankByPublic, "Choose the bank account the money is paid from.")
	date := handlers.DateField(fm.Errors, "date", fm.Date)
	amount := handlers.AmountField(fm.Errors, "amount", fm.Amount)
	ref := handlers.TextField(fm.Errors, "reference", fm.Reference, 100, "")
	var unit ledger.LandlordUnit
	if fm.Unit != "" {
		unit = a.pickUnit(fm.Errors, fm.Unit)
	}
	if len(fm.Errors) > 0 {
		return s.ownerRefused(c, a, "owner-payout")
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.RecordPayout(ctx, tx, s.Now(), ledger.PayoutInput{OwnerID: a.Owner.ID, UnitID: unit.UnitID, AccountID: bank.ID, Date: date,
			Amount: amount, Reference: ref, CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.payout", a.Owner.PublicID, fmt.Sprintf("%s paid to %s from %s",
			handlers.FormatPounds(amount), a.Owner.FullName, bank.Code))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("account", "unit", "date", "amount", "reference"))
		return s.ownerRefused(c, a, "owner-payout")
	}
	if err != nil {
		return err
	}
	return s.ownerDone(c, a.Owner.PublicID, "payout")
}

// ledgerOwnerFloat sets the float kept back for one of the landlord's
// properties; zero releases it.
func (s *handler) ledgerOwnerFloat(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	fm := &a.Float
	*fm = floatForm{Unit: c.FormValue("unit"), Float: strings.TrimSpace(c.FormValue("float")),
		Date: strings.TrimSpace(c.FormValue("date")), Errors: errs.Fields{}, Open: true}
	u := a.pickUnit(fm.Errors, fm.Unit)
	target, err := handlers.ParseMoney(fm.Float)
	if err != nil {
		e, _ := errs.As(err)
		fm.Errors.Add("float", e.Message)
	}
	date := handlers.DateField(fm.Errors, "date", fm.Date)
	if len(fm.Errors) > 0 {
		return s.ownerRefused(c, a, "owner-float")
	}
	var journal int64
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		journal, err = ledger.SetFloat(ctx, tx, s.Now(), ledger.FloatInput{UnitID: u.UnitID, OwnerID: a.Owner.ID, Date: date,
			Target: target, CreatedBy: handlers.IdentityOf(c).Person.ID})
		if err != nil || journal == 0 {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.float_set", a.Owner.PublicID, fmt.Sprintf("Float for %s set to %s (was %s)",
			u.UnitName, handlers.FormatPounds(target), handlers.FormatPounds(u.Float)))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("unit", "float", "date"))
		return s.ownerRefused(c, a, "owner-float")
	}
	if err != nil {
		return err
	}
	if journal == 0 {
		return s.ownerDone(c, a.Owner.PublicID, "float-same")
	}
	return s.ownerDone(c, a.Owner.PublicID, "float")
}

// ledgerOwnerSchedule schedules a deduction to be posted as an expense on
// its due date.
func (s *handler) ledgerOwnerSchedule(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	fm := &a.Deduction
	*fm = deductionForm{Unit: c.FormValue("unit"), Description: strings.TrimSpace(c.FormValue("description")),
		Supplier: strings.TrimSpace(c.FormValue("supplier")), Amount: strings.TrimSpace(c.FormValue("amount")),
		DueDate: strings.TrimSpace(c.FormValue("due_date")), Category: c.FormValue("category"), Errors: errs.Fields{}, Open: true}
	u := a.pickUnit(fm.Errors, fm.Unit)
	desc := handlers.TextField(fm.Errors, "description", fm.Description, 200, "Say what the deduction is for, such as \"Annual gas safety certificate\".")
	supplier := handlers.TextField(fm.Errors, "supplier", fm.Supplier, 120, "Enter the supplier who will be paid.")
	amount := handlers.AmountField(fm.Errors, "amount", fm.Amount)
	due := handlers.DateField(fm.Errors, "due_date", fm.DueDate)
	if !due.IsZero() && due.Before(s.Today()) {
		fm.Errors.Add("due_date", "Choose today or a later date; for a cost already due, record an expense instead.")
	}
	if len(fm.Errors) > 0 {
		return s.ownerRefused(c, a, "owner-deduction")
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		d, err := ledger.ScheduleDeduction(ctx, tx, s.Now(), ledger.DeductionInput{UnitID: u.UnitID, OwnerID: a.Owner.ID,
			Description: desc, Supplier: supplier, Amount: amount, DueDate: due, Category: fm.Category,
			CreatedBy: handlers.IdentityOf(c).Person.ID})
		if err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.deduction_scheduled", d.PublicID, fmt.Sprintf("%s from %s for %s on %s: %s, %s",
			handlers.FormatPounds(amount), a.Owner.FullName, u.UnitName, d.DueDate.Format("2006-01-02"), desc, supplier))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		fm.Errors = handlers.MapFields(f, handlers.FormKeys("unit", "description", "supplier", "amount", "due_date", "category"))
		return s.ownerRefused(c, a, "owner-deduction")
	}
	if err != nil {
		return err
	}
	return s.ownerDone(c, a.Owner.PublicID, "deduction")
}

// ledgerOwnerCancelDeduction withdraws one of the landlord's scheduled
// deductions before it is posted. Another landlord's deduction is not
// found here.
func (s *handler) ledgerOwnerCancelDeduction(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.loadOwnerAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	d, err := ledger.GetDeduction(ctx, handlers.OrgOf(c).DB.Read(), c.Param("deduction"))
	if err != nil {
		return err
	}
	if d.OwnerID != a.Owner.ID {
		return errs.E(errs.NotFound, "There is no such deduction.")
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if err := ledger.CancelDeduction(ctx, tx, s.Now(), d.ID); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.deduction_cancelled", d.PublicID, fmt.Sprintf("%s from %s for %s on %s: %s",
			handlers.FormatPounds(d.Amount), a.Owner.FullName, d.UnitName, d.DueDate.Format("2006-01-02"), d.Description))
	})
	if de, ok := errs.As(err); ok && de.Code == errs.Conflict {
		// Posted or cancelled meanwhile: show the account as it is now.
		if a, err = s.loadOwnerAccount(ctx, c, a.Owner.PublicID); err != nil {
			return err
		}
		a.Problem = de.Message
		return s.showOwnerAccount(c, http.StatusConflict, a, handlers.HX(c).Swaps())
	}
	if err != nil {
		return err
	}
	return s.ownerDone(c, a.Owner.PublicID, "cancelled")
}
