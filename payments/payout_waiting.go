package payments

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// WaitingPayouts lists the paid payouts still waiting for a bank account,
// oldest first.
func WaitingPayouts(ctx context.Context, q sqldb.Querier) ([]ProviderPayout, error) {
	return sqldb.QueryAll(ctx, q, scanPayout, `SELECT `+payoutCols+` FROM provider_payouts WHERE status = 'paid' AND journal_id IS NULL
		ORDER BY arrival_date, id`)
}

// RecordWaitingPayouts records, in tx, the paid payouts that were waiting
// for a bank account into the account now chosen for their provider, and
// notes it on their events. It returns how many were recorded.
func RecordWaitingPayouts(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	set, err := LoadSettings(ctx, tx)
	if err != nil {
		return 0, err
	}
	waiting, err := WaitingPayouts(ctx, tx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, row := range waiting {
		account := set.PayoutAccount(row.Provider)
		if account == 0 {
			continue
		}
		posted, err := postPayout(ctx, tx, now, row, account)
		if err != nil {
			return n, err
		}
		note := "Recorded on " + ukDate(now).Format("2 January 2006") + ", when a bank account was chosen for " + providerName(row.Provider) + " payouts."
		if !posted {
			note = "There was nothing to record for this payout."
		}
		if _, err := tx.ExecContext(ctx, `UPDATE provider_events SET outcome = ?, note = substr(note || ' ' || ?, 1, 1000)
			WHERE provider = ? AND resource = ? AND outcome = 'unmatched' AND type IN ('payout.paid', 'payouts.paid')`,
			OutcomeApplied, note, row.Provider, row.Ref); err != nil {
			return n, err
		}
		if posted {
			n++
		}
	}
	return n, nil
}

func noteWith(s, extra string) string {
	if extra == "" {
		return s
	}
	return s + " " + extra
}

// payoutMoney writes an amount for a note, such as "£1,234.56".
func payoutMoney(minor int64, currency string) string {
	sym := map[string]string{"GBP": "£", "EUR": "€", "USD": "$"}[strings.ToUpper(currency)]
	if sym == "" {
		sym = strings.ToUpper(currency) + " "
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	whole := fmt.Sprint(minor / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s%s%s.%02d", sign, sym, whole, minor%100)
}
