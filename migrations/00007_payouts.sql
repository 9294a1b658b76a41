-- Which bank account each payment provider pays out to, and the reference
-- a payout shows on the bank statement. A payout empties the provider's
-- clearing account into the chosen account, less the provider's fees;
-- until one is chosen, payouts wait (provider_payouts rows without a
-- journal) and their events are shown to managers as unmatched.

-- +goose Up
ALTER TABLE payment_settings ADD COLUMN stripe_payout_account INTEGER REFERENCES ledger_accounts (id);
ALTER TABLE payment_settings ADD COLUMN gocardless_payout_account INTEGER REFERENCES ledger_accounts (id);
ALTER TABLE provider_payouts ADD COLUMN reference TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE provider_payouts DROP COLUMN reference;
ALTER TABLE payment_settings DROP COLUMN gocardless_payout_account;
ALTER TABLE payment_settings DROP COLUMN stripe_payout_account;
