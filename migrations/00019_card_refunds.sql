-- Card refunds and disputes.
--
-- payments gains what Stripe last said about the charge behind a card
-- payment, each figure with the provider time of the event that set it,
-- so older news never overrides newer:
--   refunded        Stripe's cumulative amount refunded (charge.amount_refunded);
--   dispute_*       the dispute's id, Stripe's status for it, and the amount
--                   it has taken back from the payment (held: withdrawn and
--                   not reinstated, or lost).
-- The receipt that stands on the ledger (receipt_journal_id) is always for
-- what the payment still pays: its amount less refunds and disputes.
--
-- payment_refunds are refunds a manager asked Stripe for. The ledger
-- effect comes from Stripe's charge.refunded event alone; a request is
-- pending until the charge's refunded total reaches target (the total it
-- makes), then succeeded.

-- +goose Up
ALTER TABLE payments ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0);
ALTER TABLE payments ADD COLUMN refunded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN dispute_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN dispute_status TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN dispute_held INTEGER NOT NULL DEFAULT 0 CHECK (dispute_held >= 0);
ALTER TABLE payments ADD COLUMN dispute_at TEXT NOT NULL DEFAULT '';
CREATE INDEX payments_provider_payment ON payments (provider, provider_payment) WHERE provider_payment <> '';

CREATE TABLE payment_refunds (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    payment_id      INTEGER NOT NULL REFERENCES payments (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    target          INTEGER NOT NULL CHECK (target > 0),
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('requested', 'pending', 'succeeded', 'failed')),
    provider_ref    TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    failure         TEXT NOT NULL DEFAULT '',
    requested_by    INTEGER REFERENCES people (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, created_at);

-- +goose Down
DROP TABLE payment_refunds;
DROP INDEX payments_provider_payment;
ALTER TABLE payments DROP COLUMN dispute_at;
ALTER TABLE payments DROP COLUMN dispute_held;
ALTER TABLE payments DROP COLUMN dispute_status;
ALTER TABLE payments DROP COLUMN dispute_ref;
ALTER TABLE payments DROP COLUMN refunded_at;
ALTER TABLE payments DROP COLUMN refunded;
