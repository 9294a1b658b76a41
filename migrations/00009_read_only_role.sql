-- A fourth staff role, read_only: sees people and unit accounts and
-- changes nothing (auth's role matrix says what each role may do).
--
-- SQLite cannot change a CHECK constraint in place, so the staff table is
-- rebuilt: a new table with the wider CHECK, the rows copied across with
-- their ids, the old table dropped and the new one renamed. Nothing
-- references staff, so dropping it breaks no foreign key, and its only
-- index is the UNIQUE on person_id, which comes with the new table.

-- +goose Up
CREATE TABLE staff_new (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL UNIQUE REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff', 'read_only')),
    created_at TEXT NOT NULL
);
INSERT INTO staff_new (id, person_id, role, created_at) SELECT id, person_id, role, created_at FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;

-- +goose Down
-- Read-only members have no place in the older schema. They lose their
-- staff role rather than gain one that may change things; they stay
-- people of the organisation.
CREATE TABLE staff_old (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL UNIQUE REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
    created_at TEXT NOT NULL
);
INSERT INTO staff_old (id, person_id, role, created_at)
SELECT id, person_id, role, created_at FROM staff WHERE role <> 'read_only';
DROP TABLE staff;
ALTER TABLE staff_old RENAME TO staff;
