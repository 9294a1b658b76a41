-- Apportionment schedules: a site's costs are shared among its units by
-- several schedules at once ("Block" for the flats, "Estate" for every
-- home, "Car park" for those with a space), each unit with its own share
-- in each and each schedule totalling exactly 100%.
--
-- apportionments: a site's named schedules. Names are unique within the
--   site whatever their case, archived ones included, so an old demand's
--   schedule is never confused with a new one. Exactly one per site is the
--   default: the share on the unit form and a bulk demand that names no
--   schedule use it, so it cannot be archived. Rows are archived, never
--   deleted, because recurring demands name them.
-- apportionment_shares: a unit's share of one schedule in millionths
--   (12.5% = 125000). A unit that is not part of a schedule has no row.
-- schedules.apportionment_id: the schedule a site's recurring demand is
--   split by; NULL means the site's default, as it did before.
--
-- units.share_ppm moves into each site's default schedule, named "Main":
-- the old shares may cover only the flats or every home, which the data
-- cannot tell, so the name claims neither and the manager renames it. One
-- copy of a share means the unit form, the import and the bulk demand can
-- never disagree. Every site with units gets its default, whatever its
-- kind; sites without units get theirs when their first unit is added.
--
-- schedules.apportionment_id and the shares' units are checked by
-- triggers rather than foreign keys: a column with a foreign key could not
-- be dropped again by the down migration without rebuilding schedules,
-- and the triggers also hold what a foreign key cannot, that the schedule
-- and the unit belong to the same site.

-- +goose Up
CREATE TABLE apportionments (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    name        TEXT NOT NULL COLLATE NOCASE,
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    archived_at TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (site_id, name),
    CHECK (is_default = 0 OR archived_at IS NULL)
);
CREATE UNIQUE INDEX apportionments_default ON apportionments (site_id) WHERE is_default = 1;

CREATE TABLE apportionment_shares (
    apportionment_id INTEGER NOT NULL REFERENCES apportionments (id),
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    share_ppm        INTEGER NOT NULL CHECK (share_ppm BETWEEN 0 AND 1000000),
    PRIMARY KEY (apportionment_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX apportionment_shares_unit ON apportionment_shares (unit_id);

-- +goose StatementBegin
CREATE TRIGGER apportionment_shares_same_site BEFORE INSERT ON apportionment_shares
WHEN (SELECT site_id FROM units WHERE id = NEW.unit_id) IS NOT
     (SELECT site_id FROM apportionments WHERE id = NEW.apportionment_id)
BEGIN
    SELECT RAISE(ABORT, 'apportionment share: the unit is not on the schedule''s site');
END;
-- +goose StatementEnd

ALTER TABLE schedules ADD COLUMN apportionment_id INTEGER;

-- +goose StatementBegin
CREATE TRIGGER schedules_apportionment_insert BEFORE INSERT ON schedules
WHEN NEW.apportionment_id IS NOT NULL AND NOT EXISTS
     (SELECT 1 FROM apportionments WHERE id = NEW.apportionment_id AND site_id IS NEW.site_id)
BEGIN
    SELECT RAISE(ABORT, 'schedule: the apportionment is not one of the site''s');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER schedules_apportionment_update BEFORE UPDATE OF apportionment_id, site_id ON schedules
WHEN NEW.apportionment_id IS NOT NULL AND NOT EXISTS
     (SELECT 1 FROM apportionments WHERE id = NEW.apportionment_id AND site_id IS NEW.site_id)
BEGIN
    SELECT RAISE(ABORT, 'schedule: the apportionment is not one of the site''s');
END;
-- +goose StatementEnd

-- The public id is sixteen characters of the alphabet sqldb.NewPublicID
-- uses, each drawn by random() for each row (a subquery would be run once
-- and give every site the same id).
INSERT INTO apportionments (public_id, site_id, name, is_default, created_at)
SELECT substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) ||
       substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1),
       s.id, 'Main', 1, s.created_at
FROM sites s WHERE EXISTS (SELECT 1 FROM units u WHERE u.site_id = s.id)
ORDER BY s.id;

INSERT INTO apportionment_shares (apportionment_id, unit_id, share_ppm)
SELECT a.id, u.id, u.share_ppm FROM units u JOIN apportionments a ON a.site_id = u.site_id AND a.is_default = 1;

ALTER TABLE units DROP COLUMN share_ppm;

-- +goose Down
ALTER TABLE units ADD COLUMN share_ppm INTEGER NOT NULL DEFAULT 0 CHECK (share_ppm BETWEEN 0 AND 1000000);
UPDATE units SET share_ppm = coalesce((SELECT sh.share_ppm FROM apportionment_shares sh
    JOIN apportionments a ON a.id = sh.apportionment_id AND a.is_default = 1 WHERE sh.unit_id = units.id), 0);

DROP TRIGGER schedules_apportionment_update;
DROP TRIGGER schedules_apportionment_insert;
ALTER TABLE schedules DROP COLUMN apportionment_id;
DROP TRIGGER apportionment_shares_same_site;
DROP TABLE apportionment_shares;
DROP TABLE apportionments;
