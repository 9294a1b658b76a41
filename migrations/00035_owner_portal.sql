-- The owner portal: landlords and sellers see the properties they own.
--
-- units.market: what the agency does for the property's owner: 'letting'
--   (it lets the home and holds the rent as client money) or 'sale' (it
--   sells it); '' for neither, such as a flat in a managed block. Units of
--   lettings sites start as lettings.
-- unit_staff: the members of staff linked to a property, each in a role:
--   its property manager (lettings), its negotiator and its valuer (sales).
--   linked_at orders them: the owner's card names the one linked last.
-- staff.photo_hash: the photo owners see on that card (a file in the
--   organisation's file store), '' for none.
-- owner_portal: the organisation's choice of what owners see, one row:
--   whether lettings and sales properties appear at all, the widgets left
--   out (a JSON array of widget keys, see owners.Widgets), and whether
--   landlords see their tenants' email addresses and phone numbers.
-- unit_owner_portal: a property's own choice overriding the organisation's;
--   a NULL column follows the organisation.
-- documents.category: what a home's document is to its owner: a
--   certificate (kind names it, expires_on its expiry), an inspection
--   document or an inspection report (dated_on: the inspection), or a
--   tenancy agreement (occupancy_id: the tenancy); '' for anything else.
-- owner_copies: a document the agency copied to a property's owner
--   portal. Removing the copy deletes this row only; the document stays.
-- owner_statements: each statement the agency issued to a landlord, for
--   all their properties (unit_id NULL) or one, the PDF in the file store.
-- sale_offers, sale_viewings: a sale's offers (with the buyer's position)
--   and viewings (with the viewer's feedback).
-- journals.cost_category and scheduled_deductions.cost_category: what a
--   landlord's fee or expense was for, for their tax return (see
--   ledger.CostCategories); '' before this was recorded.

-- +goose Up
ALTER TABLE units ADD COLUMN market TEXT NOT NULL DEFAULT '' CHECK (market IN ('', 'letting', 'sale'));
UPDATE units SET market = 'letting' WHERE site_id IN (SELECT id FROM sites WHERE kind = 'lettings');

CREATE TABLE unit_staff (
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    role      TEXT NOT NULL CHECK (role IN ('property_manager', 'negotiator', 'valuer')),
    person_id INTEGER NOT NULL REFERENCES people (id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, role, person_id)
) WITHOUT ROWID;
CREATE INDEX unit_staff_person ON unit_staff (person_id);

ALTER TABLE staff ADD COLUMN photo_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE owner_portal (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    lettings        INTEGER NOT NULL DEFAULT 1 CHECK (lettings IN (0, 1)),
    sales           INTEGER NOT NULL DEFAULT 1 CHECK (sales IN (0, 1)),
    hidden_widgets  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(hidden_widgets)),
    tenant_contacts INTEGER NOT NULL DEFAULT 0 CHECK (tenant_contacts IN (0, 1)),
    updated_at      TEXT NOT NULL
);

CREATE TABLE unit_owner_portal (
    unit_id         INTEGER PRIMARY KEY REFERENCES units (id),
    shown           INTEGER CHECK (shown IN (0, 1)),
    hidden_widgets  TEXT CHECK (hidden_widgets IS NULL OR json_valid(hidden_widgets)),
    tenant_contacts INTEGER CHECK (tenant_contacts IN (0, 1)),
    updated_at      TEXT NOT NULL
);

ALTER TABLE documents ADD COLUMN category TEXT NOT NULL DEFAULT ''
    CHECK (category IN ('', 'certificate', 'inspection', 'inspection_report', 'tenancy'));
ALTER TABLE documents ADD COLUMN dated_on TEXT;
ALTER TABLE documents ADD COLUMN expires_on TEXT;
ALTER TABLE documents ADD COLUMN occupancy_id INTEGER;
CREATE INDEX documents_expiry ON documents (expires_on) WHERE category = 'certificate' AND removed_at IS NULL;

CREATE TABLE owner_copies (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    copied_by   INTEGER NOT NULL REFERENCES people (id),
    copied_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, document_id)
) WITHOUT ROWID;

CREATE TABLE owner_statements (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    owner_id    INTEGER NOT NULL REFERENCES people (id),
    unit_id     INTEGER REFERENCES units (id),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    file_hash   TEXT NOT NULL,
    file_size   INTEGER NOT NULL,
    created_by  INTEGER REFERENCES people (id),
    created_at  TEXT NOT NULL,
    CHECK (period_to >= period_from)
);
CREATE INDEX owner_statements_owner ON owner_statements (owner_id, period_to);

CREATE TABLE sale_offers (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    buyer_name  TEXT NOT NULL CHECK (length(buyer_name) BETWEEN 1 AND 120),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    position    TEXT NOT NULL CHECK (position IN ('first_time', 'nothing_to_sell', 'cash', 'sold_stc',
                                                  'on_market', 'not_on_market', 'investor')),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status      TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted', 'rejected', 'withdrawn')),
    made_on     TEXT NOT NULL,
    decided_on  TEXT,
    created_by  INTEGER REFERENCES people (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX sale_offers_unit ON sale_offers (unit_id, made_on);

CREATE TABLE sale_viewings (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    viewer_name   TEXT NOT NULL CHECK (length(viewer_name) BETWEEN 1 AND 120),
    starts_at     TEXT NOT NULL,
    staff_id      INTEGER REFERENCES people (id),
    status        TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'done', 'cancelled', 'no_show')),
    interest      TEXT NOT NULL DEFAULT '' CHECK (interest IN ('', 'high', 'some', 'none')),
    feedback      TEXT NOT NULL DEFAULT '' CHECK (length(feedback) <= 2000),
    feedback_at   TEXT,
    created_by    INTEGER REFERENCES people (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX sale_viewings_unit ON sale_viewings (unit_id, starts_at);

ALTER TABLE journals ADD COLUMN cost_category TEXT NOT NULL DEFAULT '';
ALTER TABLE scheduled_deductions ADD COLUMN cost_category TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE scheduled_deductions DROP COLUMN cost_category;
ALTER TABLE journals DROP COLUMN cost_category;
DROP TABLE sale_viewings;
DROP TABLE sale_offers;
DROP TABLE owner_statements;
DROP TABLE owner_copies;
DROP INDEX documents_expiry;
ALTER TABLE documents DROP COLUMN occupancy_id;
ALTER TABLE documents DROP COLUMN expires_on;
ALTER TABLE documents DROP COLUMN dated_on;
ALTER TABLE documents DROP COLUMN category;
DROP TABLE unit_owner_portal;
DROP TABLE owner_portal;
ALTER TABLE staff DROP COLUMN photo_hash;
DROP TABLE unit_staff;
ALTER TABLE units DROP COLUMN market;
