-- Residents' and owners' own contact details.
--
-- people.preferred_contact: how the person would rather we reached them,
--   'email', 'phone' or 'post'; '' while they have not said.
-- contact_rules: the organisation's rule for each group of details a
--   resident or owner may change on their profile: 'immediate' (saved at
--   once), 'confirm' (waits for the office) or 'locked' (not in the
--   portal). A group without a row follows Porch's default (see
--   contacts.DefaultRules); the email address always needs a code sent to
--   the new address and has no rule here.
-- contact_changes: a change a person asked for that waits for the office,
--   one column at a time: old_value is what the record said when they
--   asked. At most one waits per person and column (the partial index); a
--   new request replaces it. outcome records how it ended: 'approved',
--   'rejected' (with the reason they were told), 'withdrawn' by the person,
--   or 'replaced' by a newer request.

-- +goose Up
ALTER TABLE people ADD COLUMN preferred_contact TEXT NOT NULL DEFAULT ''
    CHECK (preferred_contact IN ('', 'email', 'phone', 'post'));

CREATE TABLE contact_rules (
    field      TEXT PRIMARY KEY CHECK (field IN ('name', 'phones', 'address', 'contact_method')),
    rule       TEXT NOT NULL CHECK (rule IN ('immediate', 'confirm', 'locked')),
    updated_at TEXT NOT NULL
);

CREATE TABLE contact_changes (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    field        TEXT NOT NULL CHECK (field IN ('title', 'full_name', 'phone', 'other_phone',
                                               'correspondence_address', 'preferred_contact')),
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   INTEGER REFERENCES people(id) ON DELETE SET NULL,
    outcome      TEXT CHECK (outcome IN ('approved', 'rejected', 'withdrawn', 'replaced')),
    reason       TEXT NOT NULL DEFAULT '',
    CHECK ((decided_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX contact_changes_waiting ON contact_changes (person_id, field) WHERE decided_at IS NULL;
CREATE INDEX contact_changes_queue ON contact_changes (requested_at) WHERE decided_at IS NULL;

-- +goose Down
DROP TABLE contact_changes;
DROP TABLE contact_rules;
ALTER TABLE people DROP COLUMN preferred_contact;
