package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/ledger"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// A provider pays out what residents paid it, less its fees, into the
// organisation's bank account. Porch records each payout once (provider +
// payout id, in provider_payouts) with one transfer journal: the bank up
// by what arrived, the fees as an expense, and the provider's clearing
// account down by the total the payout settles. The clearing account then
// holds only what the provider has received and not yet paid out.

// FeesAccountCode is the expense account providers' fees are posted to.
const FeesAccountCode = "5100"

// Payout states Porch records.
const (
	PayoutPaid   = "paid"
	PayoutFailed = "failed" // Stripe: the bank returned a payout already paid
)

// Payout is a provider's payout in Porch's terms.
type Payout struct {
	Provider    string
	Ref         string // the provider's id: po_... (Stripe), PO... (GoCardless)
	Reference   string // what the bank statement shows, where the provider says
	Net         int64  // what reached the bank
	Fees        int64  // the provider's fees deducted from it
	Currency    string
	ArrivalDate time.Time // the UK date the money arrives
	Note        string    // anything a manager should know about the figures
}

// Gross is what the payout settles from the clearing account: the
// payments paid out less refunds and returns, before fees.
func (p Payout) Gross() int64 { return p.Net + p.Fees }

// PayoutNews is what a provider event says about a payout.
type PayoutNews struct {
	Ref    string
	Failed bool // the payout failed (Stripe payout.failed)
	// Stripe's events carry the payout itself.
	Stripe          StripePayout
	StripeAutomatic bool
	StripeFailure   string // why it failed, as Stripe says
}

// PayoutNewsOf reads a payout event: Stripe's payout.paid and
// payout.failed, GoCardless's payouts paid. Any other event is not news
// about a payout.
func PayoutNewsOf(ev Event) (PayoutNews, bool) {
	switch {
	case ev.Provider == Stripe && (ev.Type == "payout.paid" || ev.Type == "payout.failed"):
		var e struct {
			Data struct {
				Object struct {
					StripePayout
					Automatic      bool   `json:"automatic"`
					FailureMessage string `json:"failure_message"`
				} `json:"object"`
			} `json:"data"`
		}
		if json.Unmarshal(ev.Payload, &e) != nil || e.Data.Object.ID == "" {
			return PayoutNews{}, false
		}
		o := e.Data.Object
		return PayoutNews{Ref: o.ID, Failed: ev.Type == "payout.failed", Stripe: o.StripePayout, StripeAutomatic: o.Automatic,
			StripeFailure: o.FailureMessage}, true
	case ev.Provider == GoCardless && ev.Type == gocardless.ResourcePayouts+"."+gocardless.ActionPaid:
		var e gocardless.Event
		if json.Unmarshal(ev.Payload, &e) != nil || e.Links.Payout == "" {
			return PayoutNews{}, false
		}
		return PayoutNews{Ref: e.Links.Payout}, true
	}
	return PayoutNews{}, false
}

// ProviderPayout is a payout as Porch recorded it.
type ProviderPayout struct {
	ID            int64
	PublicID      string
	Provider      string
	Ref           string
	Reference     string // what the bank statement shows
	Amount        int64  // what reached the bank
	Fees          int64
	Currency      string
	ArrivalDate   time.Time
	BankAccountID int64 // 0 while waiting for a bank account to be chosen
	JournalID     int64 // the transfer journal, once recorded
	Status        string
	CreatedAt     time.Time
}

// Waiting reports a paid payout not yet in the books because no bank
// account was chosen for its provider.
func (p ProviderPayout) Waiting() bool { return p.Status == PayoutPaid && p.JournalID == 0 }

const payoutCols = `id, public_id, provider, payout_ref, reference, amount, fees, currency, arrival_date, coalesce(bank_account_id, 0),
	coalesce(journal_id, 0), status, created_at`

func scanPayout(s interface{ Scan(...any) error }) (ProviderPayout, error) {
	var p ProviderPayout
	var arrival string
	err := s.Scan(&p.ID, &p.PublicID, &p.Provider, &p.Ref, &p.Reference, &p.Amount, &p.Fees, &p.Currency, &arrival, &p.BankAccountID,
		&p.JournalID, &p.Status, sqldb.Into(&p.CreatedAt))
	p.ArrivalDate = sqldb.ParseDate(arrival)
	return p, err
}

// PayoutByRef finds a recorded payout by the provider's id; found is false
// when there is none.
func PayoutByRef(ctx context.Context, q sqldb.Querier, provider, ref string) (p ProviderPayout, found bool, err error) {
	p, err = scanPayout(q.QueryRowContext(ctx, `SELECT `+payoutCols+` FROM provider_payouts WHERE provider = ? AND payout_ref = ?`, provider, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return ProviderPayout{}, false, nil
	}
	return p, err == nil, err
}

// ApplyPayout stores a payout event and applies it, all in tx, as Apply
// does for payments: an event already stored returns ErrDuplicate and
// changes nothing. A paid payout is recorded once whatever number of events
// tell of it; figures are what the provider reported for it (unused for a
// failed payout). A paid payout for a provider with no bank account chosen
// is kept waiting and its event stored as unmatched, for managers; a
// failed payout already in the books is reversed.
func ApplyPayout(ctx context.Context, tx *sql.Tx, now time.Time, ev Event, news PayoutNews, figures Payout) (Effect, error) {
	return storePayoutEvent(ctx, tx, now, ev, news, func() (Effect, error) {
		if news.Failed {
			return payoutFailed(ctx, tx, now, ev, news)
		}
		figures.Provider, figures.Ref = ev.Provider, news.Ref
		return payoutPaid(ctx, tx, now, figures)
	})
}

// ErrPayoutUnknown means the provider does not know the payout an event
// names (with these credentials): asking again will not help.
var ErrPayoutUnknown = errors.New("the provider does not know this payout")

// RecordUnknownPayout stores, in tx, a payout event whose payout the
// provider does not know, as unmatched with why, for managers to look
// into. Like ApplyPayout it returns ErrDuplicate for an event already
// stored.
func RecordUnknownPayout(ctx context.Context, tx *sql.Tx, now time.Time, ev Event, news PayoutNews, why error) (Effect, error) {
	return storePayoutEvent(ctx, tx, now, ev, news, func() (Effect, error) {
		detail := strings.TrimPrefix(why.Error(), ErrPayoutUnknown.Error()+": ")
		return Effect{Outcome: OutcomeUnmatched, Note: cut(fmt.Sprintf("%s does not know payout %s, so nothing was recorded (%s).",
			providerName(ev.Provider), news.Ref, detail), 500)}, nil
	})
}

// storePayoutEvent stores a payout event once with the effect apply had.
func storePayoutEvent(ctx context.Context, tx *sql.Tx, now time.Time, ev Event, news PayoutNews, apply func() (Effect, error)) (Effect, error) {
	if ev.Provider == "" || ev.ID == "" || news.Ref == "" {
		return Effect{}, fmt.Errorf("payments: payout event without provider, id or payout")
	}
	return storeEvent(ctx, tx, now, ev, news.Ref, apply)
}

func payoutPaid(ctx context.Context, tx *sql.Tx, now time.Time, po Payout) (Effect, error) {
	row, found, err := PayoutByRef(ctx, tx, po.Provider, po.Ref)
	if err != nil {
		return Effect{}, err
	}
	switch {
	case found && row.JournalID != 0:
		return Effect{Outcome: OutcomeNoChange, Note: "This payout is already recorded."}, nil
	case found && row.Status == PayoutFailed:
		return Effect{Outcome: OutcomeNoChange, Note: "This payout failed afterwards: the bank returned it, so it is not recorded."}, nil
	case !found:
		if po.Currency == "" {
			po.Currency = "GBP"
		}
		if po.Reference == "" {
			po.Reference = po.Ref
		}
		row = ProviderPayout{PublicID: sqldb.NewPublicID(), Provider: po.Provider, Ref: po.Ref, Reference: po.Reference, Amount: po.Net,
			Fees: po.Fees, Currency: po.Currency, ArrivalDate: po.ArrivalDate, Status: PayoutPaid}
		res, err := tx.ExecContext(ctx, `INSERT INTO provider_payouts (public_id, provider, payout_ref, reference, amount, fees, currency,
			arrival_date, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.PublicID, row.Provider, row.Ref, row.Reference,
			row.Amount, row.Fees, row.Currency, sqldb.FormatDate(row.ArrivalDate), row.Status, sqldb.At(now))
		if err != nil {
			return Effect{}, fmt.Errorf("record payout: %w", err)
		}
		row.ID, _ = res.LastInsertId()
	}
	set, err := LoadSettings(ctx, tx)
	if err != nil {
		return Effect{}, err
	}
	what := fmt.Sprintf("%s paid out %s (after %s in fees), arriving on %s", providerName(po.Provider), payoutMoney(row.Amount, row.Currency),
		payoutMoney(row.Fees, row.Currency), row.ArrivalDate.Format("2 January 2006"))
	account := set.PayoutAccount(po.Provider)
	if account == 0 {
		return Effect{Outcome: OutcomeUnmatched, Note: noteWith(what+", but no bank account is chosen for "+providerName(po.Provider)+
			" payouts. Choose one in Payment settings and the payout is recorded in it.", po.Note)}, nil
	}
	posted, err := postPayout(ctx, tx, now, row, account)
	if err != nil {
		return Effect{}, err
	}
	if !posted {
		return Effect{Outcome: OutcomeNoChange, Note: noteWith(what+"; there was nothing to record.", po.Note)}, nil
	}
	return Effect{Outcome: OutcomeApplied, Note: noteWith(what+".", po.Note)}, nil
}

// postPayout posts the transfer journal of a recorded payout into the bank
// account, and ties the two. It reports false for a payout of nothing.
func postPayout(ctx context.Context, tx *sql.Tx, now time.Time, row ProviderPayout, bankID int64) (bool, error) {
	if ok, err := isBankAccount(ctx, tx, bankID); err != nil {
		return false, err
	} else if !ok {
		return false, fmt.Errorf("payments: the payout account %d is not a bank account", bankID)
	}
	// Organisations whose chart predates the fees account get it here.
	if err := ledger.EnsureChart(ctx, tx, now); err != nil {
		return false, err
	}
	clearing, err := ClearingAccount(ctx, tx, row.Provider)
	if err != nil {
		return false, err
	}
	fees, err := ledger.AccountByCode(ctx, tx, FeesAccountCode)
	if err != nil {
		return false, err
	}
	name := providerName(row.Provider)
	var lines []ledger.Line
	for _, l := range []ledger.Line{
		{AccountID: bankID, Amount: row.Amount, Memo: name + " payout " + row.Ref},
		{AccountID: fees.ID, Amount: row.Fees, Memo: name + " fees"},
		{AccountID: clearing.ID, Amount: -(row.Amount + row.Fees), Memo: "Paid out by " + name},
	} {
		if l.Amount != 0 {
			lines = append(lines, l)
		}
	}
	if len(lines) < 2 {
		return false, nil
	}
	reference := row.Reference
	if reference == "" {
		reference = row.Ref
	}
	journal, _, err := ledger.Post(ctx, tx, now, ledger.Journal{Kind: ledger.KindTransfer, Date: row.ArrivalDate,
		Description: name + " payout " + row.Ref, Reference: reference, Lines: lines})
	if err != nil {
		return false, fmt.Errorf("post payout %s: %w", row.Ref, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE provider_payouts SET bank_account_id = ?, journal_id = ? WHERE id = ?`, bankID, journal, row.ID)
	return true, err
}

func payoutFailed(ctx context.Context, tx *sql.Tx, now time.Time, ev Event, news PayoutNews) (Effect, error) {
	row, found, err := PayoutByRef(ctx, tx, ev.Provider, news.Ref)
	if err != nil {
		return Effect{}, err
	}
	why := strings.TrimRight(strings.TrimSpace(news.StripeFailure), ".")
	if why == "" {
		why = "the bank returned it"
	}
	switch {
	case found && row.Status == PayoutFailed:
		return Effect{Outcome: OutcomeNoChange, Note: "This payout is already recorded as failed."}, nil
	case found && row.JournalID != 0:
		reason := providerName(ev.Provider) + " payout " + row.Ref + " failed: " + why
		if _, err := ledger.Reverse(ctx, tx, now, row.JournalID, ukDate(ev.Created), cut(reason, 200), 0); err != nil {
			return Effect{}, fmt.Errorf("reverse payout %s: %w", row.Ref, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE provider_payouts SET status = 'failed' WHERE id = ?`, row.ID); err != nil {
			return Effect{}, err
		}
		return Effect{Outcome: OutcomeApplied, Note: "The payout failed (" + why + "); its transfer to the bank was reversed."}, nil
	case found:
		if _, err := tx.ExecContext(ctx, `UPDATE provider_payouts SET status = 'failed' WHERE id = ?`, row.ID); err != nil {
			return Effect{}, err
		}
		return Effect{Outcome: OutcomeApplied, Note: "The payout failed (" + why + ") before it was recorded; it no longer waits for a bank account."}, nil
	}
	// Failed before Porch heard it was paid: remember, so that a late
	// payout.paid does not record it.
	cur := strings.ToUpper(news.Stripe.Currency)
	if cur == "" {
		cur = "GBP"
	}
	arrival := ukDate(ev.Created)
	if news.Stripe.ArrivalDate != 0 {
		arrival = ukDate(time.Unix(news.Stripe.ArrivalDate, 0))
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO provider_payouts (public_id, provider, payout_ref, amount, currency, arrival_date,
		status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'failed', ?)`, sqldb.NewPublicID(), ev.Provider, news.Ref, news.Stripe.Amount,
		cur, sqldb.FormatDate(arrival), sqldb.At(now))
	if err != nil {
		return Effect{}, fmt.Errorf("record failed payout: %w", err)
	}
	return Effect{Outcome: OutcomeNoChange, Note: "The payout failed (" + why + "); it was never recorded, so there is nothing to undo."}, nil
}
