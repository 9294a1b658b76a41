package lettings

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
	"porch/views"
)

// The landlords' client money screens under /admin/ledger/owners: every
// landlord with what is held for them, and each landlord's account with
// the forms that change it. Client money is the landlords', so only
// administrators and managers run it.

// ownerRow is a landlord in the list with where their money stands.
type ownerRow struct {
	ledger.Landlord
	Funds ledger.OwnerFunds
	Next  *ledger.Deduction // the next scheduled deduction, if any
	// Invited: their sign-in details were just emailed (see owner_invite.go).
	Invited bool
}

// Held is everything held for the landlord, float included.
func (r ownerRow) Held() int64 { return r.Funds.Held + r.Funds.Float }

type ownersPage struct {
	Q     string
	Rows  []ownerRow
	Total int // landlords before the search
	// Totals over the rows shown.
	Held, Float, Available int64
}

// ledgerOwners lists every landlord with the client money held for them,
// the float kept back, what can be paid out and the next scheduled
// deduction; ?q= narrows the list by name, email or property.
func (s *handler) ledgerOwners(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	search := strings.TrimSpace(c.QueryParam("q"))
	if r := []rune(search); len(r) > handlers.MaxSearch {
		search = string(r[:handlers.MaxSearch])
	}
	landlords, err := ledger.Landlords(ctx, q, s.Today())
	if err != nil {
		return err
	}
	upcoming, err := ledger.UpcomingDeductions(ctx, q, 0)
	if err != nil {
		return err
	}
	next := map[int64]*ledger.Deduction{}
	for i := range upcoming {
		if next[upcoming[i].OwnerID] == nil {
			next[upcoming[i].OwnerID] = &upcoming[i]
		}
	}
	p := ownersPage{Q: search, Total: len(landlords)}
	needle := strings.ToLower(search)
	for _, l := range landlords {
		if needle != "" && !landlordMatches(l, needle) {
			continue
		}
		funds, err := ledger.FundsOf(ctx, q, l.ID)
		if err != nil {
			return err
		}
		row := ownerRow{Landlord: l, Funds: funds, Next: next[l.ID], Invited: l.PublicID == c.QueryParam("invited")}
		p.Rows = append(p.Rows, row)
		p.Held += row.Held()
		p.Float += funds.Float
		p.Available += max(funds.Available, 0)
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_ledger_owners", Title: "Landlords and client money", Data: p, Wide: true})
}

func landlordMatches(l ledger.Landlord, needle string) bool {
	if strings.Contains(strings.ToLower(l.Name), needle) || strings.Contains(strings.ToLower(l.Email), needle) {
		return true
	}
	return slices.ContainsFunc(l.Units, func(u string) bool { return strings.Contains(strings.ToLower(u), needle) })
}

// The forms of a landlord's account, as typed.
type (
	feeForm struct {
		Unit, Date, Amount, Description, Category string
		Errors                                    errs.Fields
		Open                                      bool
	}
	expenseForm struct {
		Unit, Supplier, Description, Amount, Date, Reference, Category string
		Errors                                                         errs.Fields
		Open                                                           bool
	}
	payoutForm struct {
		Account, Unit, Date, Amount, Reference string
		Errors                                 errs.Fields
		Open                                   bool
	}
	floatForm struct {
		Unit, Float, Date string
		Errors            errs.Fields
		Open              bool
	}
	deductionForm struct {
		Unit, Description, Supplier, Amount, DueDate, Category string
		Errors                                                 errs.Fields
		Open                                                   bool
	}
)

// ownerAccount is a landlord's account page: their money by property, the
// deductions to come, recent entries and the forms that change them.
type ownerAccount struct {
	Owner      estate.Person
	Funds      ledger.OwnerFunds
	Units      []ledger.LandlordUnit
	Unassigned int64 // on no property: payouts, mostly (negative)
	Upcoming   []ledger.Deduction
	Recent     []handlers.OwnerLineRow // newest first
	More       int                     // older entries not in Recent
	UnitPicks  []handlers.Choice
	Banks      []handlers.Choice
	Fee        feeForm
	Expense    expenseForm
	Payout     payoutForm
	Float      floatForm
	Deduction  deductionForm
	Notice     string
	Problem    string // why a change was not made, when it concerns no form
	Today      string

	unitByPublic map[string]ledger.LandlordUnit
	bankByPublic map[string]ledger.Account
}

// recentEntries is how many of the latest entries the account shows.
const recentEntries = 15

// Held is everything held for the landlord, float included.
func (a *ownerAccount) Held() int64 { return a.Funds.Held + a.Funds.Float }

// URL is the account's address.
func (a *ownerAccount) URL() string { return "/admin/ledger/owners/" + a.Owner.PublicID }

// loadOwnerAccount reads a landlord's account and fills the forms'
// defaults. Someone who is not a landlord is NotFound.
func (s *handler) loadOwnerAccount(ctx context.Context, c echo.Context, publicID string) (*ownerAccount, error) {
	q := handlers.OrgOf(c).DB.Read()
	today := s.Today()
	p, units, funds, err := landlordOf(ctx, q, publicID, today)
	if err != nil {
		return nil, err
	}
	a := &ownerAccount{Owner: p, Units: units, Funds: funds, Today: today.Format(time.DateOnly),
		unitByPublic: map[string]ledger.LandlordUnit{}, bankByPublic: map[string]ledger.Account{}}
	a.Unassigned = a.Funds.Held
	var current []handlers.Choice
	for _, u := range a.Units {
		a.Unassigned -= u.Net
		a.unitByPublic[u.UnitPublicID] = u
		if u.Owner {
			current = append(current, handlers.Choice{Value: u.UnitPublicID, Label: u.UnitName + ", " + u.SiteName})
		} else {
			a.UnitPicks = append(a.UnitPicks, handlers.Choice{Value: u.UnitPublicID, Label: u.UnitName + ", " + u.SiteName + " (no longer theirs)"})
		}
	}
	a.UnitPicks = append(current, a.UnitPicks...)
	if a.Upcoming, err = ledger.UpcomingDeductions(ctx, q, p.ID); err != nil {
		return nil, err
	}
	st, err := ledger.OwnerStatement(ctx, q, p.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	for i := len(st.Lines) - 1; i >= 0 && len(a.Recent) < recentEntries; i-- {
		a.Recent = append(a.Recent, handlers.OwnerLineRow{OwnerLine: st.Lines[i]})
	}
	a.More = len(st.Lines) - len(a.Recent)
	if err := ownerBanks(ctx, q, a); err != nil {
		return nil, err
	}

	day := today.Format(time.DateOnly)
	one := ""
	if len(current) == 1 {
		one = current[0].Value
	}
	a.Fee = feeForm{Unit: one, Date: day}
	a.Expense = expenseForm{Unit: one, Date: day}
	a.Payout.Date = day
	a.Float = floatForm{Unit: one, Date: day}
	a.Deduction = deductionForm{Unit: one}
	return a, nil
}

// ownerBanks fills the bank accounts a payout can be made from: the client
// accounts of the landlord's properties' sites first, then the others. The
// payout form starts on their site's account when there is just one.
func ownerBanks(ctx context.Context, q sqldb.Querier, a *ownerAccount) error {
	mine := map[int64]bool{}
	for _, u := range a.Units {
		mine[u.SiteID] = true
	}
	banks, err := bankChoices(ctx, q)
	if err != nil {
		return err
	}
	var theirs, others []handlers.Choice
	for _, b := range banks {
		a.bankByPublic[b.account.PublicID] = b.account
		if mine[b.account.SiteID] {
			theirs = append(theirs, b.Choice)
		} else {
			others = append(others, b.Choice)
		}
	}
	a.Banks = append(theirs, others...)
	switch {
	case len(theirs) == 1:
		a.Payout.Account = theirs[0].Value
	case len(a.Banks) == 1:
		a.Payout.Account = a.Banks[0].Value
	}
	return nil
}

// bankChoice is a bank account offered in a select.
type bankChoice struct {
	handlers.Choice
	account ledger.Account
}

// bankChoices lists every bank account, labelled with its site.
func bankChoices(ctx context.Context, q sqldb.Querier) ([]bankChoice, error) {
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return nil, err
	}
	siteName := map[int64]string{}
	for _, st := range sites {
		siteName[st.ID] = st.Name
	}
	accounts, err := ledger.Accounts(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []bankChoice
	for _, acc := range accounts {
		if acc.Purpose != ledger.PurposeBank {
			continue
		}
		label := acc.Name + " (" + acc.Code + ")"
		if n := siteName[acc.SiteID]; n != "" && !strings.Contains(acc.Name, n) {
			label += ", " + n
		}
		out = append(out, bankChoice{Choice: handlers.Choice{Value: acc.PublicID, Label: label}, account: acc})
	}
	return out, nil
}

// ledgerOwner shows a landlord's account.
func (s *handler) ledgerOwner(c echo.Context) error {
	a, err := s.loadOwnerAccount(c.Request().Context(), c, c.Param("id"))
	if err != nil {
		return err
	}
	a.Notice = ownerNotice(c.QueryParam("done"), a, handlers.OrgCurrency(c))
	return s.showOwnerAccount(c, http.StatusOK, a, handlers.HX(c).Swaps())
}

// Fragments of the landlord's account page; each is also its element's id.
var ownerBlocks = []string{"owner-account", "owner-fee", "owner-expense", "owner-payout", "owner-float", "owner-deduction"}

// showOwnerAccount writes the account page, or the fragment named block
// for htmx.
func (s *handler) showOwnerAccount(c echo.Context, status int, a *ownerAccount, block string) error {
	title := a.Owner.DisplayName() + ": client money"
	v := handlers.View{Page: "admin_ledger_owner", Title: title, Data: a, Wide: true}
	if slices.Contains(ownerBlocks, block) {
		v.Block = block
	}
	return s.Render(c, status, v)
}

// ownerNotice is the confirmation after a change, chosen by a key (in the
// redirect of a plain form post, so no free text travels in the URL).
func ownerNotice(key string, a *ownerAccount, currency string) string {
	var msg string
	switch key {
	case "fee":
		msg = "Fee charged."
	case "expense":
		msg = "Expense recorded; the supplier is owed it until paid under Suppliers."
	case "payout":
		msg = "Payout recorded."
	case "float":
		msg = "Float set."
	case "float-same":
		return "The float was already that amount; nothing was posted."
	case "deduction":
		return "Deduction scheduled. It is posted as an expense on its due date."
	case "cancelled":
		return "Scheduled deduction cancelled."
	default:
		return ""
	}
	return msg + " " + views.Money(max(a.Funds.Available, 0), currency) + " is now available to pay " + a.Owner.DisplayName() + "."
}

// UnitTotals adds up the properties' figures.
func (a *ownerAccount) UnitTotals() ledger.LandlordUnit {
	var t ledger.LandlordUnit
	for _, u := range a.Units {
		t.Income += u.Income
		t.Fees += u.Fees
		t.Expenses += u.Expenses
		t.Float += u.Float
		t.Net += u.Net
	}
	return t
}

// Available is what can be paid out now, never below zero.
func (a *ownerAccount) Available() int64 { return max(a.Funds.Available, 0) }

// unitSelect is the property select of one of the account's forms.
type unitSelect struct {
	ID, Selected, Error string
	Picks               []handlers.Choice
}

// FeeCategories and ExpenseCategories are the categories the forms offer.
func (a *ownerAccount) FeeCategories() []ledger.CostCategory {
	return ledger.CostCategoriesFor(ledger.KindFee)
}
func (a *ownerAccount) ExpenseCategories() []ledger.CostCategory {
	return ledger.CostCategoriesFor(ledger.KindExpense)
}

// UnitSelect is the property select with the given id, choice and message.
func (a *ownerAccount) UnitSelect(id, selected, msg string) unitSelect {
	return unitSelect{ID: id, Selected: selected, Error: msg, Picks: a.UnitPicks}
}

// lettingsRoutes registers the lettings client-money screens: landlords,
// their fees, expenses, payouts, floats and statements, and suppliers.
func (s *handler) routes(e *echo.Echo) {
	lg := s.Admin(e, "/ledger", auth.SeeClientMoney, s.EnsureLedger)
	lg.GET("/owners", s.ledgerOwners)
	lg.GET("/owners/:id", s.ledgerOwner)
	lg.GET("/owners/:id/statement", s.ledgerOwnerStatement)
	lg.GET("/owners/:id/statement.pdf", s.ledgerOwnerStatementPDF)
	lg.GET("/suppliers", s.ledgerSuppliers)

	move := lg.Needing(auth.MoveClientMoney)
	move.POST("/owners/:id/fee", s.ledgerOwnerFee)
	move.POST("/owners/:id/expense", s.ledgerOwnerExpense)
	move.POST("/owners/:id/payout", s.ledgerOwnerPayout)
	move.POST("/owners/:id/float", s.ledgerOwnerFloat)
	move.POST("/owners/:id/deductions", s.ledgerOwnerSchedule)
	move.POST("/owners/:id/deductions/:deduction/cancel", s.ledgerOwnerCancelDeduction)
	move.POST("/suppliers/pay", s.ledgerPaySupplier)
	move.POST("/owners/:id/statement/issue", s.ledgerOwnerIssue)
}
