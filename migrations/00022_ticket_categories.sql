-- Ticket categories: what a resident's request is about ("Leak or flood",
-- "Lift"), set up by the manager, and which of them residents may pick on
-- each site.
--
-- ticket_categories: names are unique, whatever their case, among the
--   active ones only, so a retired "Parking" does not stop a new one.
--   Categories are retired, never deleted: old tickets keep theirs.
-- site_ticket_categories: one row per category residents may pick on a
--   site. The rule is explicit rows, never "no rows means all": an empty
--   allow-list must mean what it says. So every site gets a row for every
--   active category when it is created (the trigger below, which covers
--   every path that adds a site: the screen, the import, the demo), every
--   existing site gets the defaults here, and a category added later is
--   allowed on every site (tickets.AddCategory). A retired category's rows
--   are kept and ignored, so restoring it allows it where it was allowed.
--
-- Every organisation starts with the default categories: seeded here, so
-- existing organisations get them and new ones (which run every
-- migration) too.

-- +goose Up
CREATE TABLE ticket_categories (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    sort_order  INTEGER NOT NULL,
    retired_at  TEXT,
    created_at  TEXT NOT NULL
);

CREATE UNIQUE INDEX ticket_categories_active_name ON ticket_categories (name) WHERE retired_at IS NULL;

CREATE TABLE site_ticket_categories (
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    category_id INTEGER NOT NULL REFERENCES ticket_categories (id),
    PRIMARY KEY (site_id, category_id)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER sites_allow_ticket_categories AFTER INSERT ON sites
BEGIN
    INSERT INTO site_ticket_categories (site_id, category_id)
    SELECT NEW.id, id FROM ticket_categories WHERE retired_at IS NULL;
END;
-- +goose StatementEnd

-- The public id is sixteen characters of the alphabet sqldb.NewPublicID
-- uses, each drawn by random() for each row.
INSERT INTO ticket_categories (public_id, name, sort_order, created_at)
SELECT substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1) || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + (random() & 2147483647) % 31, 1),
       d.column2, d.column1, strftime('%Y-%m-%dT%H:%M:%S.000000000Z', 'now')
FROM (VALUES
    (10, 'Leak or flood'),
    (20, 'Heating or hot water'),
    (30, 'Electrics'),
    (40, 'Lift'),
    (50, 'Door entry and security'),
    (60, 'Communal cleaning'),
    (70, 'Lighting in communal areas'),
    (80, 'Noise or neighbours'),
    (90, 'Parking'),
    (100, 'Pests'),
    (110, 'Rubbish and recycling'),
    (120, 'Other')
) AS d;

INSERT INTO site_ticket_categories (site_id, category_id)
SELECT s.id, c.id FROM sites s CROSS JOIN ticket_categories c;

-- +goose Down
DROP TRIGGER sites_allow_ticket_categories;
DROP TABLE site_ticket_categories;
DROP TABLE ticket_categories;
