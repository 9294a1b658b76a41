package books

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

// trialRow is an account's balance split into the debit and credit columns.
type trialRow struct {
	ledger.TrialRow
}

// Debit is the balance when it is a debit.
func (r trialRow) Debit() int64 { return max(r.Balance, 0) }

// Credit is the balance when it is a credit, as a positive amount.
func (r trialRow) Credit() int64 { return max(-r.Balance, 0) }

type trialPage struct {
	AsAt         string // as typed
	Date         time.Time
	Rows         []trialRow
	Debits       int64
	Credits      int64
	Errors       errs.Fields
	HideZero     bool
	ZeroAccounts int
}

// Balances reports whether debits equal credits.
func (p trialPage) Balances() bool { return p.Debits == p.Credits }

// ledgerTrialBalance shows every account's balance, as at the end of
// ?as_at= (a date) or of everything posted; ?all=1 includes the accounts
// with nothing on them.
func (s *handler) ledgerTrialBalance(c echo.Context) error {
	ctx := c.Request().Context()
	p := trialPage{AsAt: strings.TrimSpace(c.QueryParam("as_at")), HideZero: c.QueryParam("all") != "1", Errors: errs.Fields{}}
	status := http.StatusOK
	if p.AsAt != "" {
		p.Date = handlers.DateField(p.Errors, "as_at", p.AsAt)
		if len(p.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		}
	}
	if status == http.StatusOK {
		tb, err := ledger.Trial(ctx, handlers.OrgOf(c).DB.Read(), p.Date)
		if err != nil {
			return err
		}
		for _, r := range tb.Rows {
			row := trialRow{r}
			p.Debits += row.Debit()
			p.Credits += row.Credit()
			if r.Balance == 0 {
				p.ZeroAccounts++
				if p.HideZero {
					continue
				}
			}
			p.Rows = append(p.Rows, row)
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_trial", Title: "Trial balance", Data: p, Wide: true})
}
