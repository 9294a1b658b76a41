-- A demand for ground rent under a long lease is payable only when given
-- in the form prescribed under CLRA 2002 s166, whose notes for
-- leaseholders the organisation supplies, as it does the summaries of
-- rights: demand_summaries takes a third kind, ground_rent. SQLite cannot
-- change a CHECK in place, so the table is built again with its rows.

-- +goose Up
CREATE TABLE demand_summaries_new (
    kind       TEXT NOT NULL CHECK (kind IN ('service_charge', 'administration_charge', 'ground_rent')),
    nation     TEXT NOT NULL CHECK (nation IN ('england', 'wales')),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, nation)
);
INSERT INTO demand_summaries_new (kind, nation, text, updated_at)
    SELECT kind, nation, text, updated_at FROM demand_summaries;
DROP TABLE demand_summaries;
ALTER TABLE demand_summaries_new RENAME TO demand_summaries;

-- +goose Down
CREATE TABLE demand_summaries_old (
    kind       TEXT NOT NULL CHECK (kind IN ('service_charge', 'administration_charge')),
    nation     TEXT NOT NULL CHECK (nation IN ('england', 'wales')),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, nation)
);
INSERT INTO demand_summaries_old (kind, nation, text, updated_at)
    SELECT kind, nation, text, updated_at FROM demand_summaries WHERE kind <> 'ground_rent';
DROP TABLE demand_summaries;
ALTER TABLE demand_summaries_old RENAME TO demand_summaries;
