-- The catalog: the one small database shared by every organisation. It lists
-- organisations and the custom hostnames that point at them, and remembers
-- which organisations have mail waiting so the sender need not open them all.

-- +goose Up
CREATE TABLE orgs (
    slug       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE hostnames (
    host       TEXT PRIMARY KEY COLLATE NOCASE,
    slug       TEXT NOT NULL REFERENCES orgs (slug),
    created_at TEXT NOT NULL
);

-- A hint, not the truth: the outbox in the org database is the truth. The
-- hint is written before the org transaction commits, so at worst it points
-- at an org with nothing due.
CREATE TABLE mail_due (
    slug   TEXT PRIMARY KEY REFERENCES orgs (slug),
    due_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE mail_due;
DROP TABLE hostnames;
DROP TABLE orgs;
