-- Residents' requests and the tickets managers work them as.
--
-- tickets: one request. A resident's request belongs to them (raised_by)
--   and to the unit they raised it from; location says whether the problem
--   is in their home or in a communal area of the site. A manager can raise
--   one on behalf of a resident (created_by is then the manager) or for a
--   communal area with no resident at all (raised_by and unit_id NULL).
--   number is the request's number people quote ("request 42").
--   resolved_at is set while the ticket is resolved: the resident then has
--   14 days to confirm or reopen it, after which the daily job closes it.
--   The appointment is a date with an optional window of hours, shown to
--   the resident as "Engineer booked for Tue 14 Jan, 8:00–12:00".
-- ticket_messages: the thread. internal messages are the staff's notes to
--   each other and never reach the resident's pages or mail.
-- ticket_photos: photos (and, for quotes, documents) in the file store,
--   named by their hash. Each belongs to the request itself (message_id
--   NULL) or to a message; a photo on an internal note is internal too.
-- ticket_events: the timeline of every change, who made it and when.
--   public = 1 for the changes the resident sees in their request's
--   history (status, appointment); the rest (priority, assignee, notes)
--   only staff see.
-- ticket_quotes: lettings only: a quote the unit's owner approves or
--   rejects before the work goes ahead.

-- +goose Up
CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    number           INTEGER NOT NULL UNIQUE,
    site_id          INTEGER NOT NULL REFERENCES sites (id),
    unit_id          INTEGER REFERENCES units (id),
    location         TEXT NOT NULL CHECK (location IN ('home', 'communal')),
    category_id      INTEGER NOT NULL REFERENCES ticket_categories (id),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    description      TEXT NOT NULL,
    may_enter        INTEGER NOT NULL DEFAULT 0 CHECK (may_enter IN (0, 1)),
    access_notes     TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'in_progress', 'awaiting_resident', 'resolved', 'closed')),
    priority         TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    raised_by        INTEGER REFERENCES people (id),
    created_by       INTEGER NOT NULL REFERENCES people (id),
    assignee_id      INTEGER REFERENCES people (id),
    contractor       TEXT NOT NULL DEFAULT '',
    appointment_date TEXT,
    appointment_from TEXT NOT NULL DEFAULT '',
    appointment_to   TEXT NOT NULL DEFAULT '',
    resolved_at      TEXT,
    closed_at        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (location = 'communal' OR unit_id IS NOT NULL),
    CHECK (raised_by IS NULL OR unit_id IS NOT NULL)
);
CREATE INDEX tickets_raised_by ON tickets (raised_by, created_at);
CREATE INDEX tickets_status ON tickets (status, created_at);
CREATE INDEX tickets_site ON tickets (site_id, created_at);
CREATE INDEX tickets_unit ON tickets (unit_id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);

CREATE TABLE ticket_messages (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    author_id   INTEGER NOT NULL REFERENCES people (id),
    staff       INTEGER NOT NULL CHECK (staff IN (0, 1)),
    internal    INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (internal = 0 OR staff = 1)
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

CREATE TABLE ticket_photos (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    message_id  INTEGER REFERENCES ticket_messages (id),
    hash        TEXT NOT NULL,
    type        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    thumb       TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL REFERENCES people (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX ticket_photos_ticket ON ticket_photos (ticket_id, id);

CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    actor_id    INTEGER REFERENCES people (id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    public      INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    created_at  TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE ticket_quotes (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    supplier     TEXT NOT NULL CHECK (length(supplier) BETWEEN 1 AND 120),
    doc_hash     TEXT NOT NULL DEFAULT '',
    doc_type     TEXT NOT NULL DEFAULT '',
    doc_size     INTEGER NOT NULL DEFAULT 0,
    doc_name     TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by INTEGER NOT NULL REFERENCES people (id),
    decided_by   INTEGER REFERENCES people (id),
    comment      TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    decided_at   TEXT
);
CREATE INDEX ticket_quotes_ticket ON ticket_quotes (ticket_id, id);
CREATE INDEX ticket_quotes_pending ON ticket_quotes (status) WHERE status = 'pending';

-- +goose Down
DROP TABLE ticket_quotes;
DROP TABLE ticket_events;
DROP TABLE ticket_photos;
DROP TABLE ticket_messages;
DROP TABLE tickets;
