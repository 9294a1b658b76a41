-- The first schema of an organisation's database: its settings and branding,
-- the estate it manages (sites, units, people and how they are linked), staff,
-- the audit log and the transactional mail outbox.
--
-- Conventions: integer primary keys stay inside the database; anything that
-- appears in a URL uses public_id, a random string that cannot be guessed or
-- enumerated. Timestamps are UTC RFC 3339 text; calendar dates are YYYY-MM-DD.

-- +goose Up
CREATE TABLE settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL,
    legal_name     TEXT NOT NULL DEFAULT '',
    primary_colour TEXT NOT NULL DEFAULT '#1d5e8c',
    logo           BLOB,
    logo_type      TEXT NOT NULL DEFAULT '',
    logo_hash      TEXT NOT NULL DEFAULT '',
    contact_email  TEXT NOT NULL DEFAULT '',
    contact_phone  TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    office_hours   TEXT NOT NULL DEFAULT '',
    welcome_text   TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL DEFAULT 'GBP',
    timezone       TEXT NOT NULL DEFAULT 'Europe/London',
    updated_at     TEXT NOT NULL
);

CREATE TABLE sites (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('block', 'lettings')),
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    town          TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (name)
);

-- share_ppm is the unit's apportionment of site costs in millionths
-- (12.5% = 125000), so shares are exact integers that can total 1,000,000.
CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    site_id       INTEGER NOT NULL REFERENCES sites (id),
    name          TEXT NOT NULL,
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    town          TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    bedrooms      INTEGER NOT NULL DEFAULT 0 CHECK (bedrooms >= 0),
    share_ppm     INTEGER NOT NULL DEFAULT 0 CHECK (share_ppm BETWEEN 0 AND 1000000),
    created_at    TEXT NOT NULL,
    UNIQUE (site_id, name)
);
CREATE INDEX units_site ON units (site_id);

CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL DEFAULT '',
    full_name      TEXT NOT NULL,
    email          TEXT COLLATE NOCASE UNIQUE,
    phone          TEXT NOT NULL DEFAULT '',
    correspondence_address TEXT NOT NULL DEFAULT '',
    portal_enabled INTEGER NOT NULL DEFAULT 1 CHECK (portal_enabled IN (0, 1)),
    created_at     TEXT NOT NULL
);

-- A person's relationship with a unit over time. end_date is NULL while the
-- link is current; past links are kept so old statements stay readable.
CREATE TABLE unit_people (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('leaseholder', 'tenant', 'owner', 'occupier')),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX unit_people_unit ON unit_people (unit_id);
CREATE INDEX unit_people_person ON unit_people (person_id);

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL UNIQUE REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    person_id INTEGER REFERENCES people (id),
    ip        TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    object    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Mail is written here in the same transaction as the change that causes it
-- and delivered afterwards; a row leaves 'pending' only when delivery
-- succeeded, so nothing is lost to a crash or an SMTP outage.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    to_addr         TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE audit_log;
DROP TABLE staff;
DROP TABLE unit_people;
DROP TABLE people;
DROP TABLE units;
DROP TABLE sites;
DROP TABLE settings;
