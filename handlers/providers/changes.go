package providers

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/sqldb"
)

// bankAccountID is the ledger id of the bank account with public id pub;
// "" is none (0).
func bankAccountID(ctx context.Context, q sqldb.Querier, pub string) (int64, error) {
	if pub = strings.TrimSpace(pub); pub == "" {
		return 0, nil
	}
	return ledger.BankAccountID(ctx, q, pub)
}

// paymentChanges says for the audit log what a save changed, naming the
// secrets replaced but never their values.
func paymentChanges(ctx context.Context, q sqldb.Querier, before, after payments.Settings, in payments.SettingsInput, recorded int) string {
	var out []string
	onOff := func(what string, was, is bool) {
		if was != is {
			state := "off"
			if is {
				state = "on"
			}
			out = append(out, what+" "+state)
		}
	}
	onOff("card payments", before.CardEnabled, after.CardEnabled)
	onOff("Direct Debit", before.DirectDebitEnabled, after.DirectDebitEnabled)
	onOff("part payments", before.PartPayments, after.PartPayments)
	for _, sec := range []struct{ name, typed string }{
		{"Stripe secret key", in.StripeKey}, {"Stripe webhook signing secret", in.StripeWebhook},
		{"GoCardless access token", in.GoCardlessToken}, {"GoCardless webhook secret", in.GoCardlessWebhook},
	} {
		if strings.TrimSpace(sec.typed) != "" {
			out = append(out, sec.name+" replaced")
		}
	}
	if before.GoCardlessEnvironment != after.GoCardlessEnvironment {
		out = append(out, "GoCardless environment "+after.GoCardlessEnvironment)
	}
	account := func(id int64) string {
		if id == 0 {
			return "no account"
		}
		label, err := ledger.AccountLabel(ctx, q, id)
		if err != nil {
			return fmt.Sprint("account ", id)
		}
		return label
	}
	if before.StripePayoutAccount != after.StripePayoutAccount {
		out = append(out, "Stripe payouts to "+account(after.StripePayoutAccount))
	}
	if before.GoCardlessPayoutAccount != after.GoCardlessPayoutAccount {
		out = append(out, "GoCardless payouts to "+account(after.GoCardlessPayoutAccount))
	}
	if recorded > 0 {
		out = append(out, fmt.Sprintf("%d waiting %s recorded", recorded, handlers.Plural(recorded, "payout", "payouts")))
	}
	if len(out) == 0 {
		return "no change"
	}
	return strings.Join(out, "; ")
}

// removePaymentProvider clears a provider's stored secrets; everything
// else stays as it is.
func (s *handler) removePaymentProvider(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	provider := c.FormValue("provider")
	if provider != payments.Stripe && provider != payments.GoCardless {
		return errs.E(errs.Invalid, "Choose Stripe or GoCardless to remove.")
	}
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		cur, err := payments.LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		err = payments.SaveSettings(ctx, tx, s.Now(), s.Keys.Secrets, o.Slug, handlers.IdentityOf(c).Person.ID, payments.SettingsInput{
			CardEnabled: cur.CardEnabled, DirectDebitEnabled: cur.DirectDebitEnabled, PartPayments: cur.PartPayments,
			GoCardlessEnvironment: cur.GoCardlessEnvironment, StripePayoutAccount: cur.StripePayoutAccount,
			GoCardlessPayoutAccount: cur.GoCardlessPayoutAccount, Clear: []string{provider}})
		if err != nil {
			return err
		}
		name := "Stripe"
		if provider == payments.GoCardless {
			name = "GoCardless"
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "settings.payments", "payment settings", name+" keys removed")
	})
	if err != nil {
		return err
	}
	handlers.Log(c).Info("payment provider keys removed", "provider", provider)
	if handlers.HX(c).Swaps() == "payment-settings" {
		return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Notice: paymentNotices["removed-"+provider]}, false)
	}
	return handlers.Redirect(c, "/admin/settings/payments?done=removed-"+provider)
}
