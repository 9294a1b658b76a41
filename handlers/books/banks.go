package books

import (
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

// bankRow is a site's client bank account with its balance.
type bankRow struct {
	Account  ledger.Account
	SiteName string
	Balance  int64
}

// bankForm is the add-a-bank-account form as typed.
type bankForm struct {
	Site, Name, SortCode, AccountNumber string
}

type banksPage struct {
	Rows   []bankRow
	Sites  []estate.SiteSummary
	Form   bankForm
	Errors errs.Fields
	Notice string
}

// loadBanks reads every bank account with its site and balance.
func (s *handler) loadBanks(c echo.Context, p *banksPage) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var err error
	if p.Sites, err = estate.ListSites(ctx, q); err != nil {
		return err
	}
	siteName := map[int64]string{}
	for _, st := range p.Sites {
		siteName[st.ID] = st.Name
	}
	tb, err := ledger.Trial(ctx, q, time.Time{})
	if err != nil {
		return err
	}
	p.Rows = p.Rows[:0]
	for _, r := range tb.Rows {
		if r.Account.Purpose == ledger.PurposeBank {
			p.Rows = append(p.Rows, bankRow{Account: r.Account, SiteName: siteName[r.Account.SiteID], Balance: r.Balance})
		}
	}
	return nil
}

// showBanks writes the bank accounts screen, or for htmx its fragment.
func (s *handler) showBanks(c echo.Context, status int, p banksPage) error {
	if err := s.loadBanks(c, &p); err != nil {
		return err
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_banks", Title: "Bank accounts", Data: p, Wide: true})
}

func (s *handler) ledgerBanks(c echo.Context) error {
	p := banksPage{Form: bankForm{Site: c.QueryParam("site")}}
	if c.QueryParam("done") == "added" {
		p.Notice = "Bank account added."
	}
	return s.showBanks(c, http.StatusOK, p)
}

// ledgerAddBank adds a client bank account for a site.
func (s *handler) ledgerAddBank(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	form := bankForm{Site: c.FormValue("site"), Name: c.FormValue("name"),
		SortCode: c.FormValue("sort_code"), AccountNumber: c.FormValue("account_number")}
	var added ledger.Account
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		// Without a site the account is still checked, so every message
		// shows at once; the refusal rolls back what was written.
		site, serr := estate.GetSite(ctx, tx, strings.TrimSpace(form.Site))
		var err error
		added, err = ledger.CreateBankAccount(ctx, tx, s.Now(), site.ID, ledger.BankAccountInput{
			Name: form.Name, SortCode: form.SortCode, AccountNumber: form.AccountNumber})
		if serr != nil {
			f, _ := handlers.FieldsOf(err)
			if f == nil {
				f = errs.Fields{}
			}
			f["site"] = "Choose the site whose money this account holds."
			return f.Err()
		}
		if err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.bank_account_added", added.PublicID,
			added.Code+" "+added.Name+" for "+site.Name)
	})
	if f, ok := handlers.FieldsOf(err); ok {
		return s.showBanks(c, http.StatusUnprocessableEntity, banksPage{Form: form, Errors: f})
	}
	if err != nil {
		return err
	}
	if handlers.HX(c).Swaps() == "ledger-banks" {
		return s.showBanks(c, http.StatusOK, banksPage{Notice: "Bank account " + added.Name + " added."})
	}
	return handlers.Redirect(c, "/admin/ledger/banks?done=added")
}
