package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Account is a ledger account.
type Account struct {
	ID            int64
	PublicID      string
	Code          string
	Name          string
	Type          string // asset, liability, income, expense, equity
	Purpose       string
	SiteID        int64
	SortCode      string
	AccountNumber string
}

// Account purposes the code looks accounts up by.
const (
	PurposeBank        = "bank"
	PurposeDebtors     = "debtors"
	PurposeIncome      = "income"
	PurposeClearing    = "clearing"
	PurposeClientMoney = "client_money"
	PurposeFloat       = "float"
	PurposeFeeIncome   = "fee_income"
	PurposeExpense     = "expense"
	PurposeSuppliers   = "suppliers"
	PurposeSuspense    = "suspense"
)

// systemAccounts are created in every organisation's book; codes follow
// the usual UK layout (1xxx assets, 2xxx liabilities, 4xxx income, 5xxx
// expenses).
var systemAccounts = []Account{
	{Code: "1100", Name: "Debtors (residents and tenants)", Type: "asset", Purpose: PurposeDebtors},
	{Code: "1200", Name: "Card payments clearing (Stripe)", Type: "asset", Purpose: PurposeClearing},
	{Code: "1210", Name: "Direct Debit clearing (GoCardless)", Type: "asset", Purpose: PurposeClearing},
	{Code: "2100", Name: "Client money owed to landlords", Type: "liability", Purpose: PurposeClientMoney},
	{Code: "2200", Name: "Landlord floats held", Type: "liability", Purpose: PurposeFloat},
	{Code: "2300", Name: "Suppliers", Type: "liability", Purpose: PurposeSuppliers},
	{Code: "4900", Name: "Agent fee income", Type: "income", Purpose: PurposeFeeIncome},
	{Code: "5100", Name: "Payment provider fees", Type: "expense", Purpose: PurposeExpense},
	blockExpenditure,
	{Code: "9999", Name: "Suspense", Type: "asset", Purpose: PurposeSuspense},
}

// defaultCharges are the charge types a new book starts with.
var defaultCharges = []struct {
	name, code, treatment string
}{
	{"Service charge", "4000", "income"},
	{"Ground rent", "4010", "income"},
	{"Reserve fund", "4020", "income"},
	{"Administration fee", "4030", "income"},
	{"Rent", "", "client_money"},
}

// EnsureChart creates the system accounts and default charge types that are
// missing. It is safe to run any number of times.
func EnsureChart(ctx context.Context, tx *sql.Tx, now time.Time) error {
	for _, a := range systemAccounts {
		if _, err := ensureAccount(ctx, tx, now, a); err != nil {
			return err
		}
	}
	clientMoney, err := AccountByCode(ctx, tx, "2100")
	if err != nil {
		return err
	}
	for _, c := range defaultCharges {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM charge_types WHERE name = ?`, c.name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		accountID := clientMoney.ID
		if c.treatment == "income" {
			a, err := ensureAccount(ctx, tx, now, Account{Code: c.code, Name: c.name + " income", Type: "income", Purpose: PurposeIncome})
			if err != nil {
				return err
			}
			accountID = a.ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO charge_types (public_id, name, treatment, account_id, kind, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, sqldb.NewPublicID(), c.name, c.treatment, accountID, ChargeKindOf(c.name, c.treatment),
			sqldb.At(now)); err != nil {
			return err
		}
	}
	return nil
}

func ensureAccount(ctx context.Context, tx *sql.Tx, now time.Time, a Account) (Account, error) {
	got, err := AccountByCode(ctx, tx, a.Code)
	if err == nil {
		return got, nil
	}
	if !errs.Is(err, errs.NotFound) {
		return Account{}, err
	}
	return insertAccount(ctx, tx, now, a)
}

func insertAccount(ctx context.Context, tx *sql.Tx, now time.Time, a Account) (Account, error) {
	a.PublicID = sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO ledger_accounts (public_id, code, name, type, purpose, site_id, sort_code, account_number, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.PublicID, a.Code, a.Name, a.Type, a.Purpose, nullID(a.SiteID),
		a.SortCode, a.AccountNumber, sqldb.At(now))
	if err != nil {
		return Account{}, fmt.Errorf("create account %s: %w", a.Code, err)
	}
	a.ID, _ = res.LastInsertId()
	return a, nil
}

const accountCols = `id, public_id, code, name, type, purpose, coalesce(site_id, 0), sort_code, account_number`

func scanAccount(s interface{ Scan(...any) error }) (Account, error) {
	var a Account
	err := s.Scan(&a.ID, &a.PublicID, &a.Code, &a.Name, &a.Type, &a.Purpose, &a.SiteID, &a.SortCode, &a.AccountNumber)
	return a, err
}

// AccountByCode finds an account by its code.
func AccountByCode(ctx context.Context, q sqldb.Querier, code string) (Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.E(errs.NotFound, "There is no such account.")
	}
	return a, err
}

// Accounts lists every account, by code.
func Accounts(ctx context.Context, q sqldb.Querier) ([]Account, error) {
	return sqldb.QueryAll(ctx, q, scanAccount, `SELECT `+accountCols+` FROM ledger_accounts ORDER BY code`)
}

// SiteBankAccounts lists the bank accounts of one site, by code: what a
// receipt for one of its units may be paid into.
func SiteBankAccounts(ctx context.Context, q sqldb.Querier, siteID int64) ([]Account, error) {
	return sqldb.QueryAll(ctx, q, scanAccount, `SELECT `+accountCols+` FROM ledger_accounts
		WHERE purpose = 'bank' AND site_id = ? ORDER BY code`, siteID)
}

// BankAccountInput is a client or trust bank account a manager adds for a
// site.
type BankAccountInput struct {
	Name          string
	SortCode      string
	AccountNumber string
}

var (
	sortCodeRE = regexp.MustCompile(`^\d{6}$`)
	accountRE  = regexp.MustCompile(`^\d{8}$`)
)

// CreateBankAccount adds a bank account for a site, validating UK sort code
// (six digits, shown 12-34-56) and account number (eight digits).
func CreateBankAccount(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, in BankAccountInput) (Account, error) {
	f := errs.Fields{}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	sort := strings.NewReplacer("-", "", " ", "").Replace(in.SortCode)
	acct := strings.ReplaceAll(in.AccountNumber, " ", "")
	if in.Name == "" {
		f.Add("name", "Enter a name for the account, such as \"Harbour View service charge client account\".")
	} else if len(in.Name) > 120 {
		f.Add("name", "Keep the name to 120 characters or fewer.")
	}
	if !sortCodeRE.MatchString(sort) {
		f.Add("sort_code", "Enter the sort code as six digits, such as 12-34-56.")
	}
	if !accountRE.MatchString(acct) {
		f.Add("account_number", "Enter the account number as eight digits.")
	}
	if err := f.Err(); err != nil {
		return Account{}, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ledger_accounts WHERE purpose = 'bank'`).Scan(&n); err != nil {
		return Account{}, err
	}
	return insertAccount(ctx, tx, now, Account{Code: fmt.Sprintf("10%02d", n+1), Name: in.Name, Type: "asset",
		Purpose: PurposeBank, SiteID: siteID, SortCode: sort[:2] + "-" + sort[2:4] + "-" + sort[4:], AccountNumber: acct})
}
