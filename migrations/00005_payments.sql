-- Payments by card (Stripe) and Direct Debit (GoCardless), the provider
-- events that drive them, Direct Debit mandates, provider payouts, and bank
-- statements imported for reconciliation.

-- +goose Up

-- One row: which methods residents are offered and the providers'
-- credentials. Secrets are sealed (AES-256-GCM under a key derived from the
-- server secret); the hint is what the settings screen shows of them.
CREATE TABLE payment_settings (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    card_enabled            INTEGER NOT NULL DEFAULT 0,
    direct_debit_enabled    INTEGER NOT NULL DEFAULT 0,
    part_payments           INTEGER NOT NULL DEFAULT 0,
    stripe_secret_key       TEXT NOT NULL DEFAULT '',
    stripe_secret_hint      TEXT NOT NULL DEFAULT '',
    stripe_webhook_secret   TEXT NOT NULL DEFAULT '',
    stripe_webhook_hint     TEXT NOT NULL DEFAULT '',
    gocardless_token        TEXT NOT NULL DEFAULT '',
    gocardless_token_hint   TEXT NOT NULL DEFAULT '',
    gocardless_environment  TEXT NOT NULL DEFAULT 'sandbox' CHECK (gocardless_environment IN ('sandbox', 'live')),
    gocardless_webhook_secret TEXT NOT NULL DEFAULT '',
    gocardless_webhook_hint TEXT NOT NULL DEFAULT '',
    updated_at              TEXT,
    updated_by              INTEGER REFERENCES people (id)
);
INSERT INTO payment_settings (id) VALUES (1);

-- A resident's attempt to pay: a Stripe Checkout Session or a GoCardless
-- payment. status is the provider's state as Porch last learnt it;
-- receipt_journal_id is set while the money stands on the unit's ledger.
CREATE TABLE payments (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,
    provider           TEXT NOT NULL CHECK (provider IN ('stripe', 'gocardless')),
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    invoice_id         INTEGER REFERENCES invoices (id),
    person_id          INTEGER REFERENCES people (id),
    mandate_id         INTEGER REFERENCES mandates (id),
    amount             INTEGER NOT NULL CHECK (amount > 0),
    currency           TEXT NOT NULL,
    status             TEXT NOT NULL,
    -- the provider's id: checkout session (cs_...) or payment (PM...)
    provider_ref       TEXT,
    -- the Stripe PaymentIntent behind a session, once known
    provider_payment   TEXT NOT NULL DEFAULT '',
    idempotency_key    TEXT NOT NULL UNIQUE,
    -- provider time of the event that set status, so older news never
    -- overrides newer
    status_at          TEXT NOT NULL DEFAULT '',
    charge_date        TEXT NOT NULL DEFAULT '',
    receipt_journal_id INTEGER REFERENCES journals (id),
    failure            TEXT NOT NULL DEFAULT '',
    automatic          INTEGER NOT NULL DEFAULT 0,
    payout_ref         TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_unit ON payments (unit_id, created_at);

-- A Direct Debit mandate set up by a person for a unit through a
-- GoCardless billing request.
CREATE TABLE mandates (
    id               INTEGER PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    person_id        INTEGER NOT NULL REFERENCES people (id),
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    billing_request  TEXT NOT NULL UNIQUE,
    flow_id          TEXT NOT NULL DEFAULT '',
    mandate_ref      TEXT UNIQUE,
    status           TEXT NOT NULL,
    status_at        TEXT NOT NULL DEFAULT '',
    auto_pay         INTEGER NOT NULL DEFAULT 0,
    bank_hint        TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX mandates_unit ON mandates (unit_id, person_id);

-- Every verified provider event, once (provider + event id), with what it
-- did. Events Porch could not apply stay here for managers to review.
CREATE TABLE provider_events (
    id          INTEGER PRIMARY KEY,
    provider    TEXT NOT NULL CHECK (provider IN ('stripe', 'gocardless')),
    event_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    resource    TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('webhook', 'sync', 'test')),
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'no_change', 'unmatched', 'ignored')),
    note        TEXT NOT NULL DEFAULT '',
    payment_id  INTEGER REFERENCES payments (id),
    payload     TEXT NOT NULL,
    reviewed_at TEXT,
    reviewed_by INTEGER REFERENCES people (id),
    UNIQUE (provider, event_id)
);
CREATE INDEX provider_events_review ON provider_events (outcome, received_at) WHERE outcome = 'unmatched' AND reviewed_at IS NULL;

-- Money a provider paid out to a site's bank account: the clearing account
-- is emptied into the bank, less the provider's fees.
CREATE TABLE provider_payouts (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    provider        TEXT NOT NULL CHECK (provider IN ('stripe', 'gocardless')),
    payout_ref      TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    fees            INTEGER NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL,
    arrival_date    TEXT NOT NULL,
    bank_account_id INTEGER REFERENCES ledger_accounts (id),
    journal_id      INTEGER REFERENCES journals (id),
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (provider, payout_ref)
);

-- Bank statements imported for a bank account, and their lines. A line's
-- fingerprint is unique per account, so importing a file twice adds nothing.
CREATE TABLE bank_imports (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES ledger_accounts (id),
    filename    TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'ofx')),
    lines_new   INTEGER NOT NULL,
    lines_seen  INTEGER NOT NULL,
    imported_by INTEGER REFERENCES people (id),
    imported_at TEXT NOT NULL
);

CREATE TABLE bank_lines (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    import_id    INTEGER NOT NULL REFERENCES bank_imports (id),
    fingerprint  TEXT NOT NULL,
    date         TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    reference    TEXT NOT NULL DEFAULT '',
    counterparty TEXT NOT NULL DEFAULT '',
    -- what the line was matched to: a journal (receipt, supplier payment,
    -- payout transfer) posted to the bank account
    journal_id   INTEGER UNIQUE REFERENCES journals (id),
    matched_how  TEXT NOT NULL DEFAULT '' CHECK (matched_how IN ('', 'auto', 'manual', 'created')),
    matched_by   INTEGER REFERENCES people (id),
    matched_at   TEXT,
    UNIQUE (account_id, fingerprint)
);
CREATE INDEX bank_lines_account ON bank_lines (account_id, date);

CREATE TABLE bank_reconciliations (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES ledger_accounts (id),
    reconciled_to TEXT NOT NULL,
    statement_balance INTEGER,
    ledger_balance INTEGER NOT NULL,
    by_person     INTEGER REFERENCES people (id),
    at            TEXT NOT NULL
);
CREATE INDEX bank_reconciliations_account ON bank_reconciliations (account_id, reconciled_to);

-- +goose Down
DROP TABLE bank_reconciliations;
DROP TABLE bank_lines;
DROP TABLE bank_imports;
DROP TABLE provider_payouts;
DROP TABLE provider_events;
DROP TABLE mandates;
DROP TABLE payments;
DROP TABLE payment_settings;
