-- What a block's demands and notices need to name, and how sites and
-- units are set up from the admin screens:
--
-- sites.landlord_name, landlord_address: the landlord's (or freeholder's)
--   legal name and an address for notices, which service-charge demands
--   must give (Landlord and Tenant Act 1987, sections 47 and 48); the
--   address may run over several lines.
-- sites.year_end: the service-charge year end as "MM-DD" ("12-31"), or ''
--   while it is not known.
-- archived_at: when a site or unit was taken out of use. Archived rows
--   stay, because journals, invoices and occupancies refer to them.
-- units.floor, units.kind: where a unit is and what it is.

-- +goose Up
ALTER TABLE sites ADD COLUMN landlord_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN landlord_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN year_end TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN archived_at TEXT;

ALTER TABLE units ADD COLUMN floor TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN kind TEXT NOT NULL DEFAULT 'flat'
    CHECK (kind IN ('flat', 'house', 'maisonette', 'studio', 'commercial', 'parking', 'storage'));
ALTER TABLE units ADD COLUMN archived_at TEXT;

-- +goose Down
ALTER TABLE units DROP COLUMN archived_at;
ALTER TABLE units DROP COLUMN kind;
ALTER TABLE units DROP COLUMN floor;

ALTER TABLE sites DROP COLUMN archived_at;
ALTER TABLE sites DROP COLUMN year_end;
ALTER TABLE sites DROP COLUMN landlord_address;
ALTER TABLE sites DROP COLUMN landlord_name;
