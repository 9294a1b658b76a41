package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
)

// The managers' ledger screens under /admin/ledger. They sit in the staff
// group, so residents and owners never reach the book.

// maxAmount is the largest amount one form accepts: £100 million, in pence.
const MaxAmount = 100_000_000_00

// parseMoney reads an amount typed in pounds, "1,234.56", "1234.5" or
// "£12", exactly into pence, without floating point. It refuses negative
// and non-numeric amounts, fractions of a penny, badly placed thousands
// separators and amounts over £100 million; its errors carry a message to
// show next to the field.
func ParseMoney(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	bad := errs.E(errs.Invalid, "Enter the amount in pounds and pence, for example 1,234.56.")
	switch {
	case s == "":
		return 0, errs.E(errs.Invalid, "Enter an amount.")
	case strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−"):
		return 0, errs.E(errs.Invalid, "The amount cannot be negative.")
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && frac == "" || whole == "" && frac == "" || !onlyDigits(frac) {
		return 0, bad
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	if !onlyDigits(whole) {
		return 0, bad
	}
	if len(frac) > 2 {
		return 0, errs.E(errs.Invalid, "Give the amount to the nearest penny: at most 2 decimal places.")
	}
	tooLarge := errs.E(errs.Invalid, "That is more than £100,000,000. Check the amount.")
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 9 {
		return 0, tooLarge
	}
	var pounds, pence int64
	if whole != "" {
		pounds, _ = strconv.ParseInt(whole, 10, 64)
	}
	if frac != "" {
		pence, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	total := pounds*100 + pence
	if total > MaxAmount {
		return 0, tooLarge
	}
	return total, nil
}

func onlyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatPounds writes pence as the form shows an amount: "1234.50".
func FormatPounds(pence int64) string {
	return strconv.FormatInt(pence/100, 10) + "." + strconv.FormatInt(pence%100/10, 10) + strconv.FormatInt(pence%10, 10)
}

// Dates outside these years are taken as typing mistakes.
var (
	earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestDate   = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

// parseFormDate reads a date from an input of type date (YYYY-MM-DD) and
// returns a message for the field when it is missing, malformed or outside
// 2000 to 2099.
func ParseFormDate(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "Enter the date."
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, "Enter a real date as year, month and day, for example 2026-03-31."
	}
	if t.Before(earliestDate) || t.After(latestDate) {
		return time.Time{}, "Enter a date between 2000 and 2099."
	}
	return t, ""
}

// amountField parses a money field into f, requiring more than zero.
func AmountField(f errs.Fields, field, value string) int64 {
	n, err := ParseMoney(value)
	if err != nil {
		e, _ := errs.As(err)
		f.Add(field, e.Message)
		return 0
	}
	if n == 0 {
		f.Add(field, "Enter an amount greater than zero.")
	}
	return n
}

// dateField parses a date field into f.
func DateField(f errs.Fields, field, value string) time.Time {
	t, msg := ParseFormDate(value)
	if msg != "" {
		f.Add(field, msg)
	}
	return t
}

// filterDates parses the optional from and to dates of a filter form into
// f, refusing a to before the from with backwards.
func FilterDates(f errs.Fields, fromS, toS, backwards string) (from, to time.Time) {
	if fromS != "" {
		from = DateField(f, "from", fromS)
	}
	if toS != "" {
		to = DateField(f, "to", toS)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.Add("to", backwards)
	}
	return from, to
}

// fieldsOf returns the field messages of a refusal (errs.Invalid); ok is
// false for any other error, which the caller passes on. A refusal without
// field messages is filed under "form".
func FieldsOf(err error) (errs.Fields, bool) {
	de, ok := errs.As(err)
	if !ok || de.Code != errs.Invalid {
		return nil, false
	}
	f := errs.Fields{}
	for k, v := range de.Fields {
		f[k] = v
	}
	if len(f) == 0 {
		f["form"] = de.Message
	}
	return f, true
}

// ensureLedger creates the chart of accounts and the default charge types
// of an organisation whose book has not been opened yet.
func (s *Kit) EnsureLedger(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		o := OrgOf(c)
		_, err := ledger.AccountByCode(ctx, o.DB.Read(), "1100")
		if errs.Is(err, errs.NotFound) {
			err = o.DB.Write(ctx, func(tx *sql.Tx) error { return ledger.EnsureChart(ctx, tx, s.Now()) })
		}
		if err != nil {
			return err
		}
		return next(c)
	}
}

// requireManager lets through administrators and managers, not other
// staff: bank details are for the people who run the money.
func (s *Kit) RequireManager(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch IdentityOf(c).Scope.StaffRole {
		case estate.StaffRoleAdmin, estate.StaffRoleManager:
			return next(c)
		}
		s.Deny(c, "not a manager")
		return errs.E(errs.Forbidden, "Only managers can see and change bank accounts.")
	}
}

// ledgerAudit writes an audit entry for a ledger change inside its
// transaction.
func (s *Kit) LedgerAudit(ctx context.Context, c echo.Context, tx *sql.Tx, action, object, detail string) error {
	return s.AuditTx(ctx, c, tx, &IdentityOf(c).Person.ID, action, object, detail)
}

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

func (s *Kit) ledgerHome(c echo.Context) error {
	ctx := c.Request().Context()
	q := OrgOf(c).DB.Read()
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
	if p.Sites, err = estate.ListSites(ctx, q); err != nil {
		return err
	}
	return s.RenderAdmin(c, http.StatusOK, "admin_ledger", "Accounts", p)
}
