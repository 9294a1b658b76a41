package ledger

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"testing"
	"time"

	"porch/errs"
	"porch/internal/testdb"
	"porch/tenants"
)

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func book(t *testing.T) (*tenants.DB, context.Context) {
	t.Helper()
	db := bareBook(t)
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *sql.Tx) error { return testdb.Summaries(ctx, tx, t0) }); err != nil {
		t.Fatal(err)
	}
	return db, ctx
}

// bareBook is a book whose organisation has not supplied the summaries
// of rights its blocks' demands must carry.
func bareBook(t *testing.T) *tenants.DB {
	t.Helper()
	db := testdb.Org(t, "acme")
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *sql.Tx) error { return EnsureChart(ctx, tx, t0) }); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestBalanceRule(t *testing.T) {
	tests := []struct {
		name  string
		lines []Line
		ok    bool
	}{
		{"balanced", []Line{{AccountID: 1, Amount: 100}, {AccountID: 2, Amount: -100}}, true},
		{"three way", []Line{{AccountID: 1, Amount: 100}, {AccountID: 2, Amount: -60}, {AccountID: 3, Amount: -40}}, true},
		{"off by a penny", []Line{{AccountID: 1, Amount: 100}, {AccountID: 2, Amount: -99}}, false},
		{"one line", []Line{{AccountID: 1, Amount: 0}}, false},
		{"zero posting", []Line{{AccountID: 1, Amount: 0}, {AccountID: 2, Amount: 0}}, false},
		{"no account", []Line{{Amount: 5}, {AccountID: 2, Amount: -5}}, false},
		{"overflow", []Line{{AccountID: 1, Amount: math.MaxInt64}, {AccountID: 1, Amount: 2}, {AccountID: 2, Amount: math.MinInt64}}, false},
	}
	for _, tt := range tests {
		err := Journal{Kind: KindTransfer, Lines: tt.lines}.Balance()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Balance() = %v", tt.name, err)
		}
	}
}

func TestPostRefusesUnbalancedAndWritesNothing(t *testing.T) {
	db, ctx := book(t)
	debtors, _ := AccountByCode(ctx, db.Read(), "1100")
	suspense, _ := AccountByCode(ctx, db.Read(), "9999")
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, _, err := Post(ctx, tx, t0, Journal{Kind: KindTransfer, Date: t0, Description: "x",
			Lines: []Line{{AccountID: debtors.ID, Amount: 100}, {AccountID: suspense.ID, Amount: -90}}})
		return err
	})
	if !errors.Is(err, ErrUnbalanced) {
		t.Fatalf("unbalanced post: %v", err)
	}
	var n int
	db.ReadPool().QueryRow(`SELECT count(*) FROM journals`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d journals written", n)
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		_, _, err := Post(ctx, tx, t0, Journal{Kind: KindTransfer, Date: t0, Description: "x",
			Lines: []Line{{AccountID: debtors.ID, Amount: 100}, {AccountID: suspense.ID, Amount: -100}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	db.ReadPool().QueryRow(`SELECT sum(amount) FROM postings`).Scan(&sum)
	if sum != 0 {
		t.Fatalf("postings sum to %d", sum)
	}
}

func TestChartIsIdempotent(t *testing.T) {
	db, ctx := book(t)
	before, _ := Accounts(ctx, db.Read())
	if err := db.Write(ctx, func(tx *sql.Tx) error { return EnsureChart(ctx, tx, t0) }); err != nil {
		t.Fatal(err)
	}
	after, _ := Accounts(ctx, db.Read())
	if len(before) != len(after) || len(after) < 12 {
		t.Fatalf("accounts %d -> %d", len(before), len(after))
	}
	var charges int
	db.ReadPool().QueryRow(`SELECT count(*) FROM charge_types`).Scan(&charges)
	if charges != 5 {
		t.Fatalf("%d charge types", charges)
	}
}

func TestBankAccountValidation(t *testing.T) {
	db, ctx := book(t)
	tests := []struct {
		in    BankAccountInput
		field string
	}{
		{BankAccountInput{Name: "Client account", SortCode: "12-34-56", AccountNumber: "12345678"}, ""},
		{BankAccountInput{Name: "", SortCode: "12-34-56", AccountNumber: "12345678"}, "name"},
		{BankAccountInput{Name: "A", SortCode: "12-34-5", AccountNumber: "12345678"}, "sort_code"},
		{BankAccountInput{Name: "A", SortCode: "123456", AccountNumber: "1234567"}, "account_number"},
		{BankAccountInput{Name: "A", SortCode: "ab-cd-ef", AccountNumber: "1234567x"}, "sort_code"},
	}
	for _, tt := range tests {
		var got Account
		err := db.Write(ctx, func(tx *sql.Tx) error {
			var err error
			got, err = CreateBankAccount(ctx, tx, t0, 0, tt.in)
			return err
		})
		if tt.field == "" {
			if err != nil || got.SortCode != "12-34-56" || got.Purpose != PurposeBank {
				t.Errorf("%+v: %+v %v", tt.in, got, err)
			}
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Fields[tt.field] == "" {
			t.Errorf("%+v: want a message on %s, got %v", tt.in, tt.field, err)
		}
	}
}
