-- Addresses an organisation is reached at, apart from the storage name
-- (orgs.slug) that names its database file and its replicas.
--
-- subdomains: an organisation renamed with `porch org rename` is served at
-- its current name (current = 1) and its former names (current = 0)
-- redirect there. An organisation with no row is served at its slug, as
-- before any rename. The slug itself never changes, so the database file,
-- the file store and the Litestream replicas keep their names.
--
-- hostname_requests: custom hostnames an organisation's administrator has
-- asked for; the operator activates one (it moves to hostnames) once its
-- DNS record is in place, or the administrator withdraws it.

-- +goose Up
CREATE TABLE subdomains (
    name       TEXT PRIMARY KEY,
    slug       TEXT NOT NULL REFERENCES orgs (slug),
    current    INTEGER NOT NULL CHECK (current IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX subdomains_one_current ON subdomains (slug) WHERE current = 1;

CREATE TABLE hostname_requests (
    host         TEXT PRIMARY KEY COLLATE NOCASE,
    slug         TEXT NOT NULL REFERENCES orgs (slug),
    requested_at TEXT NOT NULL
);

CREATE INDEX hostname_requests_slug ON hostname_requests (slug);
CREATE INDEX hostnames_slug ON hostnames (slug);

-- +goose Down
DROP INDEX hostnames_slug;
DROP TABLE hostname_requests;
DROP TABLE subdomains;
