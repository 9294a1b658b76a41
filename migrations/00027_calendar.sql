-- The building calendar: what is planned at a site (works, inspections,
-- fire alarm tests, cleaning, meetings), and each person's private feed
-- of it for their phone's calendar.
--
-- site_events: one event at one site, for the whole site or for the units
--   listed in site_event_units. A timed event runs from starts_at to
--   ends_at; an all-day one has all_day = 1 and its starts_at and ends_at
--   are the UK midnights that open its first day and close its last.
--   sequence counts the changes people were told of, so a calendar app
--   replaces the event it holds (iCalendar SEQUENCE). cancelled_at keeps a
--   cancelled event for the manager; residents no longer see it.
-- calendar_feeds: a person's feed address. Its secret is the nonce signed
--   with the server's key, so a copy of this database alone cannot make a
--   working address. Making a new one replaces the nonce and turning it
--   off deletes the row, so the old address stops working at once.

-- +goose Up
CREATE TABLE site_events (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    site_id      INTEGER NOT NULL REFERENCES sites (id),
    kind         TEXT NOT NULL CHECK (kind IN ('works', 'inspection', 'fire_alarm', 'cleaning', 'meeting', 'other')),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    description  TEXT NOT NULL DEFAULT '',
    all_day      INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    whole_site   INTEGER NOT NULL DEFAULT 1 CHECK (whole_site IN (0, 1)),
    sequence     INTEGER NOT NULL DEFAULT 0,
    cancelled_at TEXT,
    created_by   INTEGER NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX site_events_site ON site_events (site_id, starts_at);
CREATE INDEX site_events_starts ON site_events (starts_at);

CREATE TABLE site_event_units (
    event_id INTEGER NOT NULL REFERENCES site_events (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (event_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE calendar_feeds (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id),
    nonce      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE site_event_units;
DROP TABLE site_events;
