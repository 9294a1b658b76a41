-- Sign-in and access: one-time email codes, devices, sessions, invitations,
-- optional passwords and the throttle behind rate limits.
--
-- Secrets (codes, tokens) are never stored: only keyed hashes, so a copy of
-- the database does not let anyone sign in.

-- +goose Up
ALTER TABLE people ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN password_set_at TEXT;

ALTER TABLE settings ADD COLUMN welcome_email_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN welcome_email_text TEXT NOT NULL DEFAULT '';

-- A code sent by email, to sign in or to confirm a new email address. It is
-- bound to the browser that asked for it (browser_hash is the hash of a
-- cookie only that browser holds). person_id is NULL when the address is not
-- known: the row exists so the answer and its timing do not tell.
CREATE TABLE auth_codes (
    id           INTEGER PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('sign_in', 'email_change')),
    email        TEXT NOT NULL COLLATE NOCASE,
    person_id    INTEGER REFERENCES people (id),
    browser_hash TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);
CREATE INDEX auth_codes_browser ON auth_codes (browser_hash, purpose);

-- A browser a person has proved, by a code, to be theirs.
CREATE TABLE devices (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX devices_person ON devices (person_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    device_id    INTEGER NOT NULL REFERENCES devices (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  INTEGER REFERENCES people (id),
    email       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    accepted_at TEXT,
    revoked_at  TEXT
);
CREATE INDEX invitations_person ON invitations (person_id);

-- One row per attempt that counts towards a rate limit; old rows are pruned.
CREATE TABLE auth_throttle (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX auth_throttle_key ON auth_throttle (key, at);

-- +goose Down
DROP TABLE auth_throttle;
DROP TABLE invitations;
DROP TABLE sessions;
DROP TABLE devices;
DROP TABLE auth_codes;
ALTER TABLE settings DROP COLUMN welcome_email_text;
ALTER TABLE settings DROP COLUMN welcome_email_subject;
ALTER TABLE people DROP COLUMN password_set_at;
ALTER TABLE people DROP COLUMN password_hash;
