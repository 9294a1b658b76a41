-- Documents: files the manager shares with the residents and owners of a
-- site, and with the people of one home.
--
-- document_folders: a site's folders (Leases, Building rules, Meeting
--   minutes, Insurance, Fire safety, Year-end accounts...); every site
--   starts with these six, all open to its residents and owners but
--   Leases, which a lease's privacy keeps to staff until a manager opens
--   it (a home's own lease goes to its people as a home document). residents_see
--   opens a folder to the site's leaseholders, tenants and occupiers,
--   owners_see to the landlords of its let homes. year_end marks the folder
--   of the service-charge year-end pack, whose documents wait for the
--   site's release (sites.year_end_release). Names are unique, whatever
--   their case, among a site's active folders; folders are archived, never
--   deleted, so their documents stay in the manager's records.
-- documents: in a site folder, or for one unit with a kind ("Lease", "Gas
--   safety certificate") and the roles (a JSON array of estate roles) of
--   the unit's current people who see it. released_at is NULL while a
--   year-end pack waits for a manager's approval: until then residents do
--   not see that it exists. removed_at takes it off the portal; the
--   manager's copy and its versions are kept.
-- document_versions: each file uploaded for a document, numbered from 1;
--   the newest is the one residents download. Old versions stay for staff.
-- document_alerts: the email alert a person got for a document, at most
--   one each (the primary key), however often it is replaced or released.
-- sites.year_end_release: 'auto' releases a year-end pack when it is
--   uploaded; 'approve' waits for a manager to release it.
--
-- Every site gets the default folders: existing ones here, new ones by the
-- trigger below (which covers the screen, the import and the demo).

-- +goose Up
ALTER TABLE sites ADD COLUMN year_end_release TEXT NOT NULL DEFAULT 'approve' CHECK (year_end_release IN ('auto', 'approve'));

CREATE TABLE document_folders (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    site_id       INTEGER NOT NULL REFERENCES sites (id),
    name          TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    residents_see INTEGER NOT NULL DEFAULT 1 CHECK (residents_see IN (0, 1)),
    owners_see    INTEGER NOT NULL DEFAULT 1 CHECK (owners_see IN (0, 1)),
    year_end      INTEGER NOT NULL DEFAULT 0 CHECK (year_end IN (0, 1)),
    sort_order    INTEGER NOT NULL,
    archived_at   TEXT,
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX document_folders_active_name ON document_folders (site_id, name) WHERE archived_at IS NULL;

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    folder_id   INTEGER REFERENCES document_folders (id),
    unit_id     INTEGER REFERENCES units (id),
    kind        TEXT NOT NULL DEFAULT '' CHECK (length(kind) <= 60),
    roles       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    released_at TEXT,
    removed_at  TEXT,
    created_by  INTEGER NOT NULL REFERENCES people (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((folder_id IS NULL) != (unit_id IS NULL))
);
CREATE INDEX documents_folder ON documents (folder_id, created_at) WHERE folder_id IS NOT NULL;
CREATE INDEX documents_unit ON documents (unit_id, created_at) WHERE unit_id IS NOT NULL;

CREATE TABLE document_versions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    file_hash   TEXT NOT NULL,
    file_type   TEXT NOT NULL,
    file_size   INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES people (id),
    created_at  TEXT NOT NULL,
    UNIQUE (document_id, version)
);

CREATE TABLE document_alerts (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (document_id, person_id)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER sites_default_document_folders AFTER INSERT ON sites
BEGIN
    INSERT INTO document_folders (public_id, site_id, name, year_end, residents_see, owners_see, sort_order, created_at)
    SELECT substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1),
           NEW.id, d.column2, d.column3, d.column4, d.column4, d.column1, strftime('%Y-%m-%dT%H:%M:%S.000000000Z', 'now')
    FROM (VALUES (10, 'Leases', 0, 0), (20, 'Building rules', 0, 1), (30, 'Meeting minutes', 0, 1), (40, 'Insurance', 0, 1),
        (50, 'Fire safety', 0, 1), (60, 'Year-end accounts', 1, 1)) AS d;
END;
-- +goose StatementEnd

-- The public id is sixteen characters of the alphabet sqldb.NewPublicID
-- uses, each drawn by random() for each row.
INSERT INTO document_folders (public_id, site_id, name, year_end, residents_see, owners_see, sort_order, created_at)
SELECT substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1),
       s.id, d.column2, d.column3, d.column4, d.column4, d.column1, strftime('%Y-%m-%dT%H:%M:%S.000000000Z', 'now')
FROM sites s CROSS JOIN (VALUES (10, 'Leases', 0, 0), (20, 'Building rules', 0, 1), (30, 'Meeting minutes', 0, 1), (40, 'Insurance', 0, 1),
    (50, 'Fire safety', 0, 1), (60, 'Year-end accounts', 1, 1)) AS d;

-- +goose Down
DROP TRIGGER sites_default_document_folders;
DROP TABLE document_alerts;
DROP TABLE document_versions;
DROP TABLE documents;
DROP TABLE document_folders;
ALTER TABLE sites DROP COLUMN year_end_release;
