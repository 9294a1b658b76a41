-- Lettings client accounting: deductions from a landlord's money planned
-- for a future date (a gas safety certificate, a licence renewal), posted as
-- expenses when they fall due, and indexes for reading a landlord's
-- postings on the client money and float accounts and a unit's journals.

-- +goose Up
CREATE TABLE scheduled_deductions (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    owner_id     INTEGER NOT NULL REFERENCES people (id),
    description  TEXT NOT NULL,
    supplier     TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    due_date     TEXT NOT NULL,
    -- the expense journal once posted; NULL while still to come
    journal_id   INTEGER UNIQUE REFERENCES journals (id),
    cancelled_at TEXT,
    created_by   INTEGER REFERENCES people (id),
    created_at   TEXT NOT NULL,
    CHECK (journal_id IS NULL OR cancelled_at IS NULL)
);
CREATE INDEX scheduled_deductions_due ON scheduled_deductions (due_date) WHERE journal_id IS NULL AND cancelled_at IS NULL;

CREATE INDEX postings_owner ON postings (owner_id, account_id) WHERE owner_id IS NOT NULL;
CREATE INDEX postings_unit ON postings (unit_id) WHERE unit_id IS NOT NULL;

-- +goose Down
DROP INDEX postings_unit;
DROP INDEX postings_owner;
DROP TABLE scheduled_deductions;
