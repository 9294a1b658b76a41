-- Chasing what is owed:
--
-- reminder_steps is a site's schedule of reminders for overdue invoices:
--   days after the due date, ascending, comma-separated ("7,21"). A site
--   without a row sends none.
-- invoice_reminders records each step sent for an invoice, once: the
--   daily job writes it in the same transaction as the emails it puts in
--   the outbox, so a step is never sent twice. sent_to lists the email
--   addresses it went to; not_sent names those liable with no address.
-- debtor_notes is the manager's note and next action on a debtor
--   account: a lease's or tenancy's (occupancy_id), or a unit's own when
--   it had none (occupancy_id NULL).

-- +goose Up
CREATE TABLE reminder_steps (
    site_id    INTEGER PRIMARY KEY REFERENCES sites (id),
    days       TEXT NOT NULL CHECK (days <> ''),
    updated_at TEXT NOT NULL
);

CREATE TABLE invoice_reminders (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    days       INTEGER NOT NULL CHECK (days > 0),
    sent_on    TEXT NOT NULL,
    sent_to    TEXT NOT NULL DEFAULT '',
    not_sent   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (invoice_id, step)
);

CREATE TABLE debtor_notes (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    occupancy_id INTEGER REFERENCES occupancies (id),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    next_action  TEXT,
    updated_by   INTEGER REFERENCES people (id),
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX debtor_notes_account ON debtor_notes (unit_id, coalesce(occupancy_id, 0));

-- +goose Down
DROP TABLE debtor_notes;
DROP TABLE invoice_reminders;
DROP TABLE reminder_steps;
