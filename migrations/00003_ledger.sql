-- The ledger: a double-entry book per organisation. Every money event is a
-- journal whose postings sum to zero; nothing posted is edited or deleted,
-- mistakes are undone by compensating journals.
--
-- Amounts are integers in minor units (pence). A positive posting is a
-- debit, a negative one a credit.

-- +goose Up
CREATE TABLE ledger_accounts (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'income', 'expense', 'equity')),
    -- What the account is for, so the code can find it: a site's bank
    -- account, the debtors control, a charge type's income, a provider's
    -- clearing account, client money owed to landlords, and so on.
    purpose        TEXT NOT NULL CHECK (purpose IN ('bank', 'debtors', 'income', 'clearing', 'client_money',
                                                    'float', 'fee_income', 'expense', 'suppliers', 'suspense')),
    site_id        INTEGER REFERENCES sites (id),
    sort_code      TEXT NOT NULL DEFAULT '',
    account_number TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);

CREATE TABLE charge_types (
    id         INTEGER PRIMARY KEY,
    public_id  TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- income: the organisation's (or the service-charge fund's) income;
    -- client_money: collected for a landlord (rent) and owed on to them.
    treatment  TEXT NOT NULL CHECK (treatment IN ('income', 'client_money')),
    account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
    created_at TEXT NOT NULL
);

CREATE TABLE journals (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('demand', 'receipt', 'credit', 'reversal', 'payout',
                                              'fee', 'expense', 'float', 'transfer', 'opening')),
    date        TEXT NOT NULL,
    description TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    reverses_id INTEGER UNIQUE REFERENCES journals (id),
    created_by  INTEGER REFERENCES people (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX journals_date ON journals (date);

-- unit_id and owner_id are dimensions: the debtors control account is one
-- account, and a unit's statement is its postings on it. An invoice points
-- at its journal (invoices.journal_id); receipts at invoices through
-- allocations.
CREATE TABLE postings (
    id             INTEGER PRIMARY KEY,
    journal_id     INTEGER NOT NULL REFERENCES journals (id),
    account_id     INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount         INTEGER NOT NULL CHECK (amount <> 0),
    unit_id        INTEGER REFERENCES units (id),
    owner_id       INTEGER REFERENCES people (id),
    charge_type_id INTEGER REFERENCES charge_types (id),
    memo           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX postings_journal ON postings (journal_id);
CREATE INDEX postings_account_unit ON postings (account_id, unit_id);

CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    number      INTEGER NOT NULL UNIQUE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    journal_id  INTEGER NOT NULL UNIQUE REFERENCES journals (id),
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    total       INTEGER NOT NULL CHECK (total > 0),
    schedule_id INTEGER REFERENCES schedules (id),
    period      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK (due_date >= issue_date)
);
CREATE INDEX invoices_unit ON invoices (unit_id, issue_date);

CREATE TABLE invoice_lines (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    charge_type_id INTEGER NOT NULL REFERENCES charge_types (id),
    description    TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0)
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);

-- Money received or credited, matched to the invoices it pays. A receipt
-- or credit not fully allocated leaves credit on the unit.
CREATE TABLE allocations (
    id         INTEGER PRIMARY KEY,
    journal_id INTEGER NOT NULL REFERENCES journals (id),
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    amount     INTEGER NOT NULL CHECK (amount <> 0),
    created_at TEXT NOT NULL
);
CREATE INDEX allocations_invoice ON allocations (invoice_id);
CREATE INDEX allocations_journal ON allocations (journal_id);

-- Recurring demands. A run records each period it raised, so running a
-- schedule twice never raises twice.
CREATE TABLE schedules (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    site_id        INTEGER REFERENCES sites (id),
    unit_id        INTEGER REFERENCES units (id),
    charge_type_id INTEGER NOT NULL REFERENCES charge_types (id),
    -- amount for the whole site (apportioned by share) or for the unit
    amount         INTEGER NOT NULL CHECK (amount > 0),
    every_months   INTEGER NOT NULL CHECK (every_months IN (1, 3, 6, 12)),
    start_date     TEXT NOT NULL,
    end_date       TEXT,
    due_days       INTEGER NOT NULL DEFAULT 0 CHECK (due_days BETWEEN 0 AND 90),
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    CHECK ((site_id IS NULL) <> (unit_id IS NULL))
);

CREATE TABLE schedule_runs (
    schedule_id INTEGER NOT NULL REFERENCES schedules (id),
    period      TEXT NOT NULL,
    run_at      TEXT NOT NULL,
    PRIMARY KEY (schedule_id, period)
);

CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    next INTEGER NOT NULL
);

-- +goose Down
DROP TABLE sequences;
DROP TABLE schedule_runs;
DROP TABLE allocations;
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE postings;
DROP TABLE journals;
DROP TABLE schedules;
DROP TABLE charge_types;
DROP TABLE ledger_accounts;
