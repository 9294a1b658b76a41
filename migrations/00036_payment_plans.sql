-- Payment plans: a way for a resident in arrears to catch up.
--
-- plan_limits: a site's rules for plans residents ask for themselves:
--   whether they may ask at all, the most instalments, the frequencies
--   allowed (comma-separated: weekly, fortnightly, monthly), the least
--   arrears worth a plan (pence), and how many missed instalments make a
--   plan lapse. A site without a row follows plans.DefaultLimits.
-- payment_plans: a plan for one debtor account (a unit's occupancy; NULL
--   for what was charged while the unit had none). status:
--   requested (a resident asked) -> offered (the manager's terms, or a
--   resident's request approved) -> active (the resident accepted) ->
--   completed | lapsed | cancelled; requested -> declined;
--   offered -> withdrawn. Only one plan per account is open (requested,
--   offered or active) at a time. method: how instalments are paid once
--   accepted: by Direct Debit on mandate_id, or by a pay link emailed
--   before each date. A plan never posts to the ledger: instalments are
--   receipts like any other, and the plan reads what they paid off the
--   invoices it covers.
-- plan_invoices: the invoices a plan covers, with what each had
--   outstanding when the plan was made; they add up to the plan's total.
--   While the plan is active no reminder is sent for them.
-- plan_instalments: the plan's dates and amounts; reminded_on: the day the
--   reminder (or pay link) before it was sent; payment_id: the Direct
--   Debit collection asked for it; missed_on: the day it was found
--   unpaid after its grace days.

-- +goose Up
CREATE TABLE plan_limits (
    site_id         INTEGER PRIMARY KEY REFERENCES sites (id),
    requests        INTEGER NOT NULL CHECK (requests IN (0, 1)),
    max_instalments INTEGER NOT NULL CHECK (max_instalments BETWEEN 2 AND 60),
    frequencies     TEXT NOT NULL CHECK (frequencies <> ''),
    min_arrears     INTEGER NOT NULL CHECK (min_arrears >= 0),
    lapse_after     INTEGER NOT NULL CHECK (lapse_after BETWEEN 1 AND 12),
    updated_at      TEXT NOT NULL
);

CREATE TABLE payment_plans (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    occupancy_id  INTEGER REFERENCES occupancies (id),
    status        TEXT NOT NULL CHECK (status IN ('requested', 'declined', 'offered', 'withdrawn',
                                                  'active', 'completed', 'lapsed', 'cancelled')),
    total         INTEGER NOT NULL CHECK (total > 0),
    instalments   INTEGER NOT NULL CHECK (instalments BETWEEN 1 AND 60),
    frequency     TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'monthly')),
    first_date    TEXT NOT NULL,
    method        TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'direct_debit', 'pay_link')),
    mandate_id    INTEGER REFERENCES mandates (id),
    request_note  TEXT NOT NULL DEFAULT '' CHECK (length(request_note) <= 1000),
    decision_note TEXT NOT NULL DEFAULT '' CHECK (length(decision_note) <= 1000),
    missed        INTEGER NOT NULL DEFAULT 0 CHECK (missed >= 0),
    requested_by  INTEGER REFERENCES people (id),
    offered_by    INTEGER REFERENCES people (id),
    offered_at    TEXT,
    accepted_by   INTEGER REFERENCES people (id),
    accepted_at   TEXT,
    ended_by      INTEGER REFERENCES people (id),
    ended_at      TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (method <> 'direct_debit' OR mandate_id IS NOT NULL)
);
CREATE UNIQUE INDEX payment_plans_open ON payment_plans (unit_id, coalesce(occupancy_id, 0))
    WHERE status IN ('requested', 'offered', 'active');
CREATE INDEX payment_plans_status ON payment_plans (status);

CREATE TABLE plan_invoices (
    plan_id     INTEGER NOT NULL REFERENCES payment_plans (id),
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    outstanding INTEGER NOT NULL CHECK (outstanding > 0),
    PRIMARY KEY (plan_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX plan_invoices_invoice ON plan_invoices (invoice_id);

CREATE TABLE plan_instalments (
    plan_id     INTEGER NOT NULL REFERENCES payment_plans (id),
    n           INTEGER NOT NULL CHECK (n >= 1),
    due_date    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reminded_on TEXT,
    payment_id  INTEGER REFERENCES payments (id),
    missed_on   TEXT,
    PRIMARY KEY (plan_id, n)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE plan_instalments;
DROP TABLE plan_invoices;
DROP TABLE payment_plans;
DROP TABLE plan_limits;
