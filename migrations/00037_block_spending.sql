-- A block's own spending against the budget its residents were charged
-- for.
--
-- budgets: a site's budget for one service-charge year, first_day to
--   last_day inclusive (the year ending on the site's year end). Once its
--   year-end balancing is posted for every schedule it is closed.
-- budget_lines: what the budget sets aside under one budget head (see
--   ledger.BudgetHeads) for one apportionment schedule of the site: the
--   units of that schedule bear it by their shares.
-- budget_demands: the demands raised from a budget, each invoice once:
--   the year's on-account demands (kind 'on_account') and the year-end
--   balancing charges (kind 'balancing'), with the schedule they were
--   split by. What a schedule demanded for a year is read from here.
-- budget_balancings: a schedule's year-end balancing, posted once: the
--   year's spending and demands for it, and the surplus (negative: credit
--   to the units) or deficit (positive: charged to the units).
-- supplier_invoices: a bill a supplier sent for a site: against a budget
--   head and the schedule that bears it (NULL: the site's default), net
--   and VAT in pence, the supplier's PDF in the file store (file_hash).
--   status: received, then approved (its expense journal posted: debit
--   block expenditure, credit suppliers) or rejected, then paid (its
--   payment journal posted from the site's bank account).

-- +goose Up
CREATE TABLE budgets (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    first_day   TEXT NOT NULL,
    last_day    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    closed_at   TEXT,
    created_by  INTEGER REFERENCES people (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (site_id, first_day),
    CHECK (last_day > first_day)
);

CREATE TABLE budget_lines (
    id               INTEGER PRIMARY KEY,
    budget_id        INTEGER NOT NULL REFERENCES budgets (id),
    head             TEXT NOT NULL,
    apportionment_id INTEGER NOT NULL REFERENCES apportionments (id),
    amount           INTEGER NOT NULL CHECK (amount >= 0),
    UNIQUE (budget_id, head, apportionment_id)
);

CREATE TABLE budget_demands (
    invoice_id       INTEGER PRIMARY KEY REFERENCES invoices (id),
    budget_id        INTEGER NOT NULL REFERENCES budgets (id),
    apportionment_id INTEGER NOT NULL REFERENCES apportionments (id),
    kind             TEXT NOT NULL CHECK (kind IN ('on_account', 'balancing'))
);
CREATE INDEX budget_demands_budget ON budget_demands (budget_id, apportionment_id);

CREATE TABLE budget_balancings (
    id               INTEGER PRIMARY KEY,
    budget_id        INTEGER NOT NULL REFERENCES budgets (id),
    apportionment_id INTEGER NOT NULL REFERENCES apportionments (id),
    spent            INTEGER NOT NULL,
    demanded         INTEGER NOT NULL,
    balance          INTEGER NOT NULL,
    posted_by        INTEGER REFERENCES people (id),
    posted_at        TEXT NOT NULL,
    UNIQUE (budget_id, apportionment_id)
);

CREATE TABLE supplier_invoices (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,
    site_id            INTEGER NOT NULL REFERENCES sites (id),
    supplier           TEXT NOT NULL CHECK (supplier <> ''),
    number             TEXT NOT NULL DEFAULT '',
    invoice_date       TEXT NOT NULL,
    due_date           TEXT,
    head               TEXT NOT NULL,
    apportionment_id   INTEGER REFERENCES apportionments (id),
    description        TEXT NOT NULL DEFAULT '',
    net                INTEGER NOT NULL CHECK (net > 0),
    vat                INTEGER NOT NULL DEFAULT 0 CHECK (vat >= 0),
    file_hash          TEXT NOT NULL DEFAULT '',
    file_name          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'approved', 'rejected', 'paid')),
    status_note        TEXT NOT NULL DEFAULT '',
    journal_id         INTEGER UNIQUE REFERENCES journals (id),
    payment_journal_id INTEGER UNIQUE REFERENCES journals (id),
    approved_by        INTEGER REFERENCES people (id),
    approved_at        TEXT,
    paid_on            TEXT,
    created_by         INTEGER REFERENCES people (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (due_date IS NULL OR due_date >= invoice_date),
    CHECK (status IN ('received', 'rejected') OR journal_id IS NOT NULL),
    CHECK (status <> 'paid' OR payment_journal_id IS NOT NULL)
);
CREATE INDEX supplier_invoices_site ON supplier_invoices (site_id, invoice_date);
CREATE INDEX supplier_invoices_status ON supplier_invoices (status, site_id);

-- +goose Down
DROP TABLE supplier_invoices;
DROP TABLE budget_balancings;
DROP TABLE budget_demands;
DROP TABLE budget_lines;
DROP TABLE budgets;
