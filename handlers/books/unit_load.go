package books

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// loadUnitAccount reads a unit's account and fills the forms' defaults.
// An unknown unit is NotFound.
func (s *handler) loadUnitAccount(ctx context.Context, c echo.Context, publicID string) (*unitAccount, error) {
	a, err := s.loadUnitForms(ctx, c, publicID)
	if err != nil {
		return nil, err
	}
	if c.Request().Method == http.MethodGet {
		a.selected = c.QueryParam("account")
	}
	return a, a.loadHistory(ctx, handlers.OrgOf(c).DB.Read())
}

// loadHistory reads what the account page shows beyond what a form
// checks: the people of the unit and the whole statement. A post that
// succeeds never needs it (it redirects), so receipts and credits load it
// only to show the page again with an error.
func (a *unitAccount) loadHistory(ctx context.Context, q sqldb.Querier) error {
	if a.history {
		return nil
	}
	if err := a.loadInvoices(ctx, q); err != nil {
		return err
	}
	if err := a.loadCharges(ctx, q); err != nil {
		return err
	}
	if err := a.loadReminders(ctx, q); err != nil {
		return err
	}
	if err := a.loadServed(ctx, q); err != nil {
		return err
	}
	var err error
	if a.People, err = estate.PeopleOfUnit(ctx, q, a.Unit.ID, a.today); err != nil {
		return err
	}
	if err := a.loadAccounts(ctx, q, a.selected); err != nil {
		return err
	}
	if err := a.loadPlans(ctx, q); err != nil {
		return err
	}
	if a.Statement, err = ledger.DebtorStatement(ctx, q, a.debtor(), time.Time{}, time.Time{}); err != nil {
		return err
	}
	if a.Account != nil {
		shown, mine := a.Invoices[:0:0], map[string]bool{}
		for _, inv := range a.Invoices {
			if inv.OccupancyID == a.Account.id {
				shown = append(shown, inv)
				mine[inv.PublicID] = true
			}
		}
		a.Invoices = shown
		a.Open = slices.DeleteFunc(a.Open, func(ch handlers.Choice) bool { return !mine[ch.Value] })
		if a.Account.Key != unitOwnAccount {
			a.Receipt.Occupancy, a.Credit.Occupancy = a.Account.Key, a.Account.Key
		}
	}
	for i := len(a.Statement.Lines) - 1; i >= 0; i-- {
		r := unitStatementRow{StatementLine: a.Statement.Lines[i], Reversed: a.reversed[a.Statement.Lines[i].JournalID]}
		a.Rows = append(a.Rows, r)
		a.rowByJournal[r.JournalID] = r
	}
	a.history = true
	return nil
}

// loadUnitForms reads what the unit's forms choose from and check
// against: the unit, its invoices, the charges and the site's bank
// accounts. An unknown unit is NotFound.
func (s *handler) loadUnitForms(ctx context.Context, c echo.Context, publicID string) (*unitAccount, error) {
	a, err := s.loadUnitBasics(ctx, c, publicID)
	if err != nil {
		return nil, err
	}
	q := handlers.OrgOf(c).DB.Read()
	if err := a.loadInvoices(ctx, q); err != nil {
		return nil, err
	}
	return a, a.loadCharges(ctx, q)
}

// loadUnitBasics reads the unit and its site's bank accounts, and fills
// the forms' defaults: all a receipt checks unless it names an invoice.
func (s *handler) loadUnitBasics(ctx context.Context, c echo.Context, publicID string) (*unitAccount, error) {
	q := handlers.OrgOf(c).DB.Read()
	u, err := estate.GetUnit(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	a := &unitAccount{Unit: u, Methods: ledger.Methods, chargeByPublic: map[string]ledger.ChargeType{}, today: today,
		bankByPublic: map[string]ledger.Account{}, invoiceByPub: map[string]unitInvoiceRow{}, rowByJournal: map[int64]unitStatementRow{}}
	banks, err := ledger.SiteBankAccounts(ctx, q, u.SiteID)
	if err != nil {
		return nil, err
	}
	for _, acc := range banks {
		a.Banks = append(a.Banks, handlers.Choice{Value: acc.PublicID, Label: acc.Name + " (" + acc.Code + ")"})
		a.bankByPublic[acc.PublicID] = acc
	}
	day := today.Format(time.DateOnly)
	a.Demand = demandForm{IssueDate: day, DueDate: today.AddDate(0, 0, 28).Format(time.DateOnly)}
	a.Demand.Lines = blankDemandLines()
	a.Receipt = receiptForm{Date: day, Method: ledger.MethodBankTransfer}
	if len(a.Banks) == 1 {
		a.Receipt.Account = a.Banks[0].Value
	}
	a.Credit = creditForm{Date: day}
	a.Reverse = reverseForm{Date: day}
	return a, nil
}

// loadInvoices reads the unit's invoices, with those reversed marked
// cancelled, and the open ones a payment or credit may name.
func (a *unitAccount) loadInvoices(ctx context.Context, q sqldb.Querier) error {
	if a.reversed != nil {
		return nil
	}
	reversed, err := estate.ReversedJournals(ctx, q, a.Unit.ID)
	if err != nil {
		return err
	}
	a.reversed = reversed
	invoices, err := ledger.UnitInvoices(ctx, q, a.Unit.ID)
	if err != nil {
		return err
	}
	for _, inv := range invoices {
		r := unitInvoiceRow{Invoice: inv, Status: inv.Status(a.today)}
		if reversed[inv.JournalID] {
			r.Status = "cancelled"
		}
		a.Invoices = append(a.Invoices, r)
		a.invoiceByPub[inv.PublicID] = r
		if !r.Cancelled() && inv.Outstanding() > 0 {
			a.Open = append(a.Open, handlers.Choice{Value: inv.PublicID, Label: "Invoice " + strconv.FormatInt(inv.Number, 10) + ", " +
				handlers.FormatPounds(inv.Outstanding()) + " owed, due " + inv.DueDate.Format(time.DateOnly)})
		}
	}
	return nil
}

// loadCharges reads the charge types the demand and credit forms offer.
func (a *unitAccount) loadCharges(ctx context.Context, q sqldb.Querier) error {
	if a.Charges != nil {
		return nil
	}
	charges, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return err
	}
	a.Charges = []handlers.Choice{}
	for _, ct := range charges {
		a.Charges = append(a.Charges, handlers.Choice{Value: ct.PublicID, Label: ct.Name})
		a.chargeByPublic[ct.PublicID] = ct
	}
	return nil
}
