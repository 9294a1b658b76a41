-- A third purpose for emailed codes: "reauth", a code sent to a person's
-- current address to confirm it is them before a sensitive change (a new
-- sign-in email) when their sign-in is not recent. SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with its rows; nothing
-- refers to auth_codes.

-- +goose Up
CREATE TABLE auth_codes_new (
    id           INTEGER PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('sign_in', 'email_change', 'reauth')),
    email        TEXT NOT NULL COLLATE NOCASE,
    person_id    INTEGER REFERENCES people (id),
    browser_hash TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);
INSERT INTO auth_codes_new SELECT id, purpose, email, person_id, browser_hash, code_hash, attempts, created_at, expires_at, used_at FROM auth_codes;
DROP TABLE auth_codes;
ALTER TABLE auth_codes_new RENAME TO auth_codes;
CREATE INDEX auth_codes_browser ON auth_codes (browser_hash, purpose);

-- +goose Down
DELETE FROM auth_codes WHERE purpose = 'reauth';
CREATE TABLE auth_codes_old (
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
INSERT INTO auth_codes_old SELECT id, purpose, email, person_id, browser_hash, code_hash, attempts, created_at, expires_at, used_at FROM auth_codes;
DROP TABLE auth_codes;
ALTER TABLE auth_codes_old RENAME TO auth_codes;
CREATE INDEX auth_codes_browser ON auth_codes (browser_hash, purpose);
