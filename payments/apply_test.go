package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/testdb"
	"porch/ledger"
	"porch/tenants"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type book struct {
	t       *testing.T
	ctx     context.Context
	db      *tenants.DB
	units   []int64
	person  int64
	invoice map[int64]int64 // unit -> its invoice
}

// newBook is an org with a block of three flats, each owing one £500
// service charge invoice, and a leaseholder.
func newBook(t *testing.T) *book {
	t.Helper()
	b := &book{t: t, ctx: context.Background(), db: testdb.Org(t, "acme"), invoice: map[int64]int64{}}
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		if err := ledger.EnsureChart(b.ctx, tx, t0); err != nil {
			return err
		}
		if err := testdb.Summaries(b.ctx, tx, t0); err != nil {
			return err
		}
		site, err := estate.CreateSite(b.ctx, tx, estate.SiteInput{Name: "Quay", Kind: estate.KindBlock,
			AddressLine1: "1 Quay", Town: "Bristol", Postcode: "BS1 4RN"}, t0)
		if err != nil {
			return err
		}
		p, err := estate.CreatePerson(b.ctx, tx, estate.PersonInput{FullName: "Rita Resident", Email: "rita@example.com", PortalEnabled: true}, t0)
		if err != nil {
			return err
		}
		b.person = p.ID
		cts, err := ledger.ChargeTypes(b.ctx, tx)
		if err != nil {
			return err
		}
		for i := range 3 {
			u, err := estate.CreateUnit(b.ctx, tx, site.ID, estate.UnitInput{Name: fmt.Sprintf("Flat %d", i+1)}, t0)
			if err != nil {
				return err
			}
			b.units = append(b.units, u.ID)
			inv, err := ledger.RaiseDemand(b.ctx, tx, t0, ledger.DemandInput{UnitID: u.ID, IssueDate: estate.UKDate(t0),
				DueDate: estate.UKDate(t0).AddDate(0, 0, 28), Lines: []ledger.DemandLine{{ChargeTypeID: cts[0].ID, Amount: 50000}}})
			if err != nil {
				return err
			}
			b.invoice[u.ID] = inv.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pay creates a payment and marks it started with ref.
func (b *book) pay(provider string, unit, amount int64, ref string) Payment {
	b.t.Helper()
	var p Payment
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = Create(b.ctx, tx, t0, NewPayment{Provider: provider, UnitID: unit, InvoiceID: b.invoice[unit],
			PersonID: b.person, Amount: amount}); err != nil {
			return err
		}
		return Started(b.ctx, tx, t0, p.ID, ref, StatusOpen, "")
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return p
}

func (b *book) apply(ev Event) (Effect, error) {
	var eff Effect
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var err error
		eff, err = Apply(b.ctx, tx, t0.Add(time.Hour), ev)
		if errors.Is(err, ErrDuplicate) {
			return nil
		}
		return err
	})
	return eff, err
}

func (b *book) balance(unit int64) int64 {
	b.t.Helper()
	n, err := ledger.UnitBalance(b.ctx, b.db.Read(), unit)
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func (b *book) accountBalance(code string) int64 {
	b.t.Helper()
	var n int64
	err := b.db.ReadPool().QueryRow(`SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = ?`, code).Scan(&n)
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

// The histories a payment can really have, in the providers' order.
var histories = map[string][][]string{
	Stripe: {
		{StatusPaid},
		{StatusProcessing, StatusPaid},
		{StatusProcessing, StatusFailed},
		{StatusExpired},
	},
	GoCardless: {
		{StatusPendingSubmission, StatusSubmitted, StatusConfirmed, StatusPaidOut},
		{StatusPendingSubmission, StatusSubmitted, StatusFailed},
		{StatusPendingSubmission, StatusSubmitted, StatusConfirmed, StatusPaidOut, StatusLateFailureSettled},
		{StatusPendingSubmission, StatusSubmitted, StatusConfirmed, StatusChargedBack},
		{StatusPendingSubmission, StatusCancelled},
		// a failed collection resubmitted and then collected
		{StatusPendingSubmission, StatusSubmitted, StatusFailed, StatusPendingSubmission, StatusSubmitted, StatusConfirmed},
	},
}

// TestShuffledDuplicatedEventStream delivers every payment's events in a
// random order, some several times, some at the same instant, and checks
// that the ledger ends as the providers' histories end: a receipt for each
// payment whose last state is a received one, nothing for the others,
// every journal balanced.
func TestShuffledDuplicatedEventStream(t *testing.T) {
	for seed := uint64(1); seed <= 25; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			b := newBook(t)
			type plan struct {
				p     Payment
				final string
			}
			var plans []plan
			var events []Event
			n := 0
			for i := range 8 {
				provider := Stripe
				if rng.IntN(2) == 0 {
					provider = GoCardless
				}
				unit := b.units[rng.IntN(len(b.units))]
				amount := int64(1 + rng.IntN(60000))
				ref := fmt.Sprintf("%s_%d", provider, i)
				p := b.pay(provider, unit, amount, ref)
				h := histories[provider][rng.IntN(len(histories[provider]))]
				at := t0.Add(time.Duration(i) * time.Minute)
				for _, st := range h {
					// Some steps share their timestamp with the one before.
					if rng.IntN(3) > 0 {
						at = at.Add(time.Duration(1+rng.IntN(3600)) * time.Second)
					}
					n++
					events = append(events, Event{Provider: provider, ID: fmt.Sprintf("ev_%d", n), Type: "test." + st,
						Created: at, PaymentRef: ref, Status: st, Failure: "insufficient funds"})
				}
				plans = append(plans, plan{p, h[len(h)-1]})
			}
			// An event for a payment Porch never made.
			events = append(events, Event{Provider: Stripe, ID: "ev_stranger", Created: t0, PaymentRef: "cs_unknown", Status: StatusPaid})
			// Duplicates, then shuffle.
			for range len(events) / 2 {
				events = append(events, events[rng.IntN(len(events))])
			}
			rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
			for _, ev := range events {
				if _, err := b.apply(ev); err != nil {
					t.Fatalf("apply %s %s: %v", ev.ID, ev.Status, err)
				}
			}

			want := map[int64]int64{}
			for _, u := range b.units {
				want[u] = 50000
			}
			var stripeIn, gcIn int64
			for _, pl := range plans {
				got, err := Get(b.ctx, b.db.Read(), pl.p.PublicID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != pl.final {
					t.Errorf("payment %s (%s) ended %s, want %s", got.ProviderRef, got.Provider, got.Status, pl.final)
				}
				if Received(pl.final) != (got.ReceiptJournal != 0) {
					t.Errorf("payment %s ended %s with receipt journal %d", got.ProviderRef, got.Status, got.ReceiptJournal)
				}
				if Received(pl.final) {
					want[got.UnitID] -= got.Amount
					if got.Provider == Stripe {
						stripeIn += got.Amount
					} else {
						gcIn += got.Amount
					}
				}
			}
			for _, u := range b.units {
				if got := b.balance(u); got != want[u] {
					t.Errorf("unit %d balance %d, want %d", u, got, want[u])
				}
			}
			if got := b.accountBalance("1200"); got != stripeIn {
				t.Errorf("Stripe clearing %d, want %d", got, stripeIn)
			}
			if got := b.accountBalance("1210"); got != gcIn {
				t.Errorf("GoCardless clearing %d, want %d", got, gcIn)
			}
			trial, err := ledger.Trial(b.ctx, b.db.Read(), time.Time{})
			if err != nil || trial.Total != 0 {
				t.Errorf("trial balance %d (%v)", trial.Total, err)
			}
			var stored, unmatched int
			b.db.ReadPool().QueryRow(`SELECT count(*), count(*) FILTER (WHERE outcome = 'unmatched') FROM provider_events`).Scan(&stored, &unmatched)
			if stored != n+1 || unmatched != 1 {
				t.Errorf("events stored %d (want %d), unmatched %d (want 1)", stored, n+1, unmatched)
			}
		})
	}
}

func TestDuplicateEventChangesNothing(t *testing.T) {
	b := newBook(t)
	b.pay(Stripe, b.units[0], 50000, "cs_1")
	ev := Event{Provider: Stripe, ID: "evt_1", Created: t0.Add(time.Minute), PaymentRef: "cs_1", Status: StatusPaid, Amount: 50000}
	eff, err := b.apply(ev)
	if err != nil || !eff.Received || eff.Outcome != OutcomeApplied {
		t.Fatalf("first delivery: %+v %v", eff, err)
	}
	var dupErr error
	err = b.db.Write(b.ctx, func(tx *sql.Tx) error {
		_, dupErr = Apply(b.ctx, tx, t0, ev)
		return nil
	})
	if err != nil || !errors.Is(dupErr, ErrDuplicate) {
		t.Fatalf("second delivery: %v / %v, want ErrDuplicate", err, dupErr)
	}
	// The same news under a new event id (a replay through the sync)
	// changes nothing either.
	ev.ID = "evt_2"
	eff, err = b.apply(ev)
	if err != nil || eff.Received || eff.Outcome != OutcomeNoChange {
		t.Fatalf("same state again: %+v %v", eff, err)
	}
	if got := b.balance(b.units[0]); got != 0 {
		t.Errorf("balance %d, want 0", got)
	}
}

func TestReceiptFollowsTheProvidersAmountAndSettledInvoices(t *testing.T) {
	b := newBook(t)
	// A payment of £600 against a £500 invoice: the rest is credit.
	b.pay(GoCardless, b.units[1], 60000, "PM1")
	eff, err := b.apply(Event{Provider: GoCardless, ID: "EV1", Created: t0.Add(time.Hour), PaymentRef: "PM1", Status: StatusConfirmed})
	if err != nil || !eff.Received {
		t.Fatalf("confirm: %+v %v", eff, err)
	}
	if got := b.balance(b.units[1]); got != -10000 {
		t.Errorf("balance %d, want -10000 (credit)", got)
	}
	// A charge-back reverses it and the invoice is owed again.
	eff, err = b.apply(Event{Provider: GoCardless, ID: "EV2", Created: t0.Add(48 * time.Hour), PaymentRef: "PM1", Status: StatusChargedBack})
	if err != nil || !eff.Reversed {
		t.Fatalf("charge back: %+v %v", eff, err)
	}
	if got := b.balance(b.units[1]); got != 50000 {
		t.Errorf("balance after charge-back %d, want 50000", got)
	}
	var desc string
	b.db.ReadPool().QueryRow(`SELECT description FROM journals WHERE kind = 'reversal'`).Scan(&desc)
	if desc == "" || !strings.Contains(desc, "charged back") {
		t.Errorf("reversal description %q", desc)
	}
	// Stripe says £499.99 was paid for a £500 session: the ledger follows.
	b.pay(Stripe, b.units[2], 50000, "cs_2")
	eff, err = b.apply(Event{Provider: Stripe, ID: "evt_9", Created: t0.Add(time.Hour), PaymentRef: "cs_2", Status: StatusPaid, Amount: 49999})
	if err != nil || !eff.Received || eff.Note == "" {
		t.Fatalf("paid: %+v %v", eff, err)
	}
	if got := b.balance(b.units[2]); got != 1 {
		t.Errorf("balance %d, want 1", got)
	}
}

func TestEventFindsPaymentByPorchID(t *testing.T) {
	b := newBook(t)
	var p Payment
	b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var err error
		p, err = Create(b.ctx, tx, t0, NewPayment{Provider: Stripe, UnitID: b.units[0], Amount: 100})
		return err
	})
	// The provider's reply was lost before Porch stored its id; the event
	// carries Porch's payment id in its metadata.
	eff, err := b.apply(Event{Provider: Stripe, ID: "evt_a", Created: t0.Add(time.Hour), PaymentRef: "cs_lost", PaymentPublic: p.PublicID, Status: StatusPaid})
	if err != nil || !eff.Received {
		t.Fatalf("%+v %v", eff, err)
	}
	got, _ := Get(b.ctx, b.db.Read(), p.PublicID)
	if got.ProviderRef != "cs_lost" {
		t.Errorf("provider ref %q", got.ProviderRef)
	}
	// Another provider's event naming the same Porch id is not taken.
	eff, _ = b.apply(Event{Provider: GoCardless, ID: "EV_x", Created: t0.Add(time.Hour), PaymentRef: "PMx", PaymentPublic: p.PublicID, Status: StatusFailed})
	if eff.Outcome != OutcomeUnmatched {
		t.Errorf("cross-provider event outcome %s", eff.Outcome)
	}
}

// Stored instants sort in time order as text: a payment made half a
// second after another on the same second is listed first (newest first).
func TestPaymentsListNewestFirstWithinASecond(t *testing.T) {
	b := newBook(t)
	at := []time.Time{t0, t0.Add(500 * time.Millisecond), t0.Add(1500 * time.Millisecond)}
	var made []Payment
	for i, when := range at {
		err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
			p, err := Create(b.ctx, tx, when, NewPayment{Provider: Stripe, UnitID: b.units[0], Amount: 100})
			if err != nil {
				return err
			}
			made = append(made, p)
			return Started(b.ctx, tx, when, p.ID, fmt.Sprint("cs_order_", i), StatusOpen, "")
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := OfUnit(b.ctx, b.db.Read(), b.units[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != made[2].ID || got[1].ID != made[1].ID || got[2].ID != made[0].ID {
		t.Errorf("order %v, want newest first", []string{got[0].ProviderRef, got[1].ProviderRef, got[2].ProviderRef})
	}
}
