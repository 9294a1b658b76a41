package books

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// The managers' ledger screens under /admin/ledger. They sit in the staff
// group, so residents and owners never reach the book.

// ledgerOverview is the front page of the book: where to go, whether the
// book balances, and what is owed.
type ledgerOverview struct {
	Trial        ledger.TrialBalance
	Invoices     estate.InvoiceCounts
	Arrears      int64 // owed by units in debit
	Credit       int64 // held for units in credit
	UnitsArrears int
	UnitsCredit  int
	Journals     int
	Sites        []estate.SiteSummary
	BankAccounts int
}

// Balances reports whether debits equal credits.
func (p ledgerOverview) Balances() bool { return p.Trial.Total == 0 }

func (s *handler) ledgerHome(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var p ledgerOverview
	var err error
	if p.Trial, err = ledger.Trial(ctx, q, time.Time{}); err != nil {
		return err
	}
	for _, r := range p.Trial.Rows {
		if r.Account.Purpose == ledger.PurposeBank {
			p.BankAccounts++
		}
	}
	if p.Invoices, err = estate.CountOpenInvoices(ctx, q, s.Today()); err != nil {
		return err
	}
	balances, err := estate.UnitBalances(ctx, q)
	if err != nil {
		return err
	}
	for _, b := range balances {
		switch {
		case b > 0:
			p.Arrears += b
			p.UnitsArrears++
		case b < 0:
			p.Credit -= b
			p.UnitsCredit++
		}
	}
	if p.Journals, err = estate.CountJournals(ctx, q); err != nil {
		return err
	}
	// An archived site is offered no bulk demand.
	if p.Sites, _, err = estate.FindSites(ctx, q, estate.SiteFilter{}); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_ledger", Title: "Accounts", Data: p, Wide: true})
}

// booksRoutes registers the ledger screens: accounts, demands, receipts,
// schedules and reports.
func (s *handler) routes(e *echo.Echo) {
	lg := s.Admin(e, "/ledger", auth.SeeAccounts, s.EnsureLedger)
	lg.GET("", s.ledgerHome)
	lg.GET("/", s.ledgerHome)
	lg.GET("/charges", s.ledgerCharges)
	lg.GET("/units", s.ledgerUnits)
	lg.GET("/units/:id", s.ledgerUnit)
	lg.GET("/schedules", s.ledgerSchedules)
	lg.GET("/schedules/:id", s.ledgerSchedule)
	lg.GET("/served", s.ledgerServed)
	lg.GET("/served/print", s.ledgerServedPrint)
	lg.GET("/aged-debt", s.ledgerAged)
	lg.GET("/aged-debt.csv", s.ledgerAgedCSV)
	lg.GET("/aged-debt.pdf", s.ledgerAgedPDF)

	demands := lg.Needing(auth.RaiseDemands)
	demands.POST("/charges", s.ledgerAddCharge)
	demands.POST("/charges/:id/kind", s.ledgerChargeKind)
	demands.POST("/units/:id/demand", s.ledgerUnitDemand)
	demands.GET("/sites/:id/demand", s.ledgerBulk)
	demands.POST("/sites/:id/demand", s.ledgerBulkDemand)
	demands.POST("/schedules", s.ledgerCreateSchedule)
	demands.POST("/schedules/run", s.ledgerRunSchedules)
	demands.POST("/schedules/:id/active", s.ledgerScheduleActive)
	demands.POST("/served/posted", s.ledgerServedPosted)

	money := lg.Needing(auth.PostMoney)
	money.POST("/units/:id/receipt", s.ledgerUnitReceipt)
	money.POST("/units/:id/credit", s.ledgerUnitCredit)
	money.POST("/units/:id/reverse", s.ledgerUnitReverse)
	money.POST("/aged-debt/notes", s.ledgerAgedNote)

	// The journals and the trial balance show landlords' payouts, fees and
	// the client bank balances: client money.
	client := lg.Needing(auth.SeeClientMoney)
	client.GET("/trial-balance", s.ledgerTrialBalance)
	client.GET("/journals", s.ledgerJournals)
	client.GET("/banks", s.ledgerBanks)
	lg.Needing(auth.MoveClientMoney).POST("/banks", s.ledgerAddBank)
}
