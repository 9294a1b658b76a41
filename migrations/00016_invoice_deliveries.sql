-- How each demand was served: one row per person liable under the lease
-- or tenancy it is charged to (joint holders each), by email with the
-- invoice attached, or listed for posting when they have no email
-- address. The email itself is in the outbox (mail_id is its public
-- id), where its delivery, or its failure, is recorded.

-- +goose Up
CREATE TABLE invoice_deliveries (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    person_id      INTEGER REFERENCES people (id),
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'post')),
    address        TEXT NOT NULL,
    mail_id        TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX invoice_deliveries_invoice ON invoice_deliveries (invoice_id);
CREATE INDEX invoice_deliveries_person ON invoice_deliveries (person_id);

-- +goose Down
DROP TABLE invoice_deliveries;
