-- Notices: what the manager tells the residents of one or more sites.
--
-- notices: title and a Markdown body (rendered safely, see notices.Render),
--   an optional attachment in the file store, pinned ones listed first.
--   publish_at NULL is a draft; a publish_at still to come is scheduled;
--   expires_at, when set, takes it off residents' pages; withdrawn_at
--   takes it off at once (the manager's copy is kept). email_copy asks for
--   a copy by email to each resident when it is published; emailed_at
--   records that the copies were queued, so they go once.
-- notice_sites: the sites a notice is for.
-- notice_reads: who has read which notice, for "new" marks.
-- sites.notices_visible: whether the residents of a site see notices at
--   all; a site that switches them off hides every notice from them, old
--   and new, until it switches them on again.

-- +goose Up
ALTER TABLE sites ADD COLUMN notices_visible INTEGER NOT NULL DEFAULT 1 CHECK (notices_visible IN (0, 1));

CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    body            TEXT NOT NULL,
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    email_copy      INTEGER NOT NULL DEFAULT 0 CHECK (email_copy IN (0, 1)),
    publish_at      TEXT,
    expires_at      TEXT,
    withdrawn_at    TEXT,
    emailed_at      TEXT,
    attachment_hash TEXT NOT NULL DEFAULT '',
    attachment_type TEXT NOT NULL DEFAULT '',
    attachment_size INTEGER NOT NULL DEFAULT 0,
    attachment_name TEXT NOT NULL DEFAULT '',
    created_by      INTEGER NOT NULL REFERENCES people (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (expires_at IS NULL OR publish_at IS NULL OR expires_at > publish_at)
);
CREATE INDEX notices_publish ON notices (publish_at);

CREATE TABLE notice_sites (
    notice_id INTEGER NOT NULL REFERENCES notices (id),
    site_id   INTEGER NOT NULL REFERENCES sites (id),
    PRIMARY KEY (notice_id, site_id)
) WITHOUT ROWID;
CREATE INDEX notice_sites_site ON notice_sites (site_id, notice_id);

CREATE TABLE notice_reads (
    notice_id INTEGER NOT NULL REFERENCES notices (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    read_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, notice_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE notice_reads;
DROP TABLE notice_sites;
DROP TABLE notices;
ALTER TABLE sites DROP COLUMN notices_visible;
