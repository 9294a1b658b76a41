package money_test

import (
	"context"
	"database/sql"
	"net/http"
	"testing"

	"porch/internal/webtest"
	"porch/payments"
)

// A former leaseholder reaches no payment made at their old home after
// they left: not its status page, not its Direct Debit page, not its test
// payment page. The payer still does.
func TestPaymentPagesKeepToThePersonsDates(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	ctx := context.Background()
	var card, dd payments.Payment
	err := w.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		var err error
		if card, err = payments.Create(ctx, tx, w.F.Clock.Now(), payments.NewPayment{Provider: payments.Stripe,
			UnitID: w.Ppl.FlatB.ID, PersonID: w.Ppl.Bob.ID, Amount: 5000}); err != nil {
			return err
		}
		dd, err = payments.Create(ctx, tx, w.F.Clock.Now(), payments.NewPayment{Provider: payments.GoCardless,
			UnitID: w.Ppl.FlatB.ID, PersonID: w.Ppl.Bob.ID, Amount: 5000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dan, bob := w.SignIn(w.Dan), w.SignIn(w.Ppl.Bob)
	paths := []string{"/money/payments/" + card.PublicID + "/return", "/money/direct-debit/payments/" + dd.PublicID}
	webtest.AssertRefusesOutOfScope(t, dan, paths...)
	for _, p := range paths {
		if rec := bob.Get(p); rec.Code != http.StatusOK {
			t.Errorf("GET %s as the payer: %d", p, rec.Code)
		}
	}
}
