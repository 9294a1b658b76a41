-- People as an agency records them: a company (a landlord's limited
-- company, a freeholder) as well as individuals, a second phone number,
-- and archiving, which keeps a person who has left with their history
-- (statements, audit, old links) but out of the lists and the portal.

-- +goose Up
ALTER TABLE people ADD COLUMN kind TEXT NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual', 'company'));
ALTER TABLE people ADD COLUMN other_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN archived_at TEXT;

-- +goose Down
ALTER TABLE people DROP COLUMN archived_at;
ALTER TABLE people DROP COLUMN other_phone;
ALTER TABLE people DROP COLUMN kind;
