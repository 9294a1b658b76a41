-- Leases and tenancies as the agency holds them: an occupancy is one lease,
-- tenancy, ownership or occupation of a unit over a period of dates, held
-- by one person or jointly by several (its parties), with the terms that
-- go with it.
--
-- The unit's debtor account belongs to the occupancy: each debtor posting
-- and each invoice names the occupancy it is charged to, so when a flat is
-- sold or a tenant leaves, the outgoing occupancy keeps its own balance
-- and the incoming one starts at zero.
--
-- unit_people, read all over the code as a person's link to a unit, becomes
-- a view of the parties with their occupancy's role and dates; each link
-- keeps its id as the party's id.
--
-- Existing debtor postings are given an occupancy without changing any
-- amount: a demand goes to the occupancy that pays the unit's charges (the
-- leaseholder of a block flat, the tenant of a let home) in force on its
-- date, or the one that had just ended when the unit was between
-- occupancies, or the first one when it is dated before any; a receipt or
-- credit allocated only to invoices of one occupancy goes with them; a
-- reversal goes with what it reverses. A unit that never had such an
-- occupancy keeps its entries on the unit itself (occupancy_id NULL).

-- +goose Up
CREATE TABLE occupancies (
    id               INTEGER PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    role             TEXT NOT NULL CHECK (role IN ('leaseholder', 'tenant', 'owner', 'occupier')),
    start_date       TEXT NOT NULL,
    end_date         TEXT,
    -- A lease: when its term began and for how many years, and the ground
    -- rent a year in pence.
    lease_start      TEXT,
    lease_years      INTEGER CHECK (lease_years IS NULL OR lease_years BETWEEN 1 AND 999),
    ground_rent      INTEGER NOT NULL DEFAULT 0 CHECK (ground_rent >= 0),
    -- A tenancy: the rent in pence per rent_frequency, the deposit held,
    -- and the fixed term in months (NULL: periodic).
    rent             INTEGER NOT NULL DEFAULT 0 CHECK (rent >= 0),
    rent_frequency   TEXT NOT NULL DEFAULT '' CHECK (rent_frequency IN ('', 'weekly', 'monthly', 'quarterly', 'yearly')),
    deposit          INTEGER NOT NULL DEFAULT 0 CHECK (deposit >= 0),
    term_months      INTEGER CHECK (term_months IS NULL OR term_months BETWEEN 1 AND 1200),
    created_at       TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX occupancies_unit ON occupancies (unit_id, start_date);

CREATE TABLE occupancy_parties (
    id           INTEGER PRIMARY KEY,
    occupancy_id INTEGER NOT NULL REFERENCES occupancies (id),
    person_id    INTEGER NOT NULL REFERENCES people (id),
    UNIQUE (occupancy_id, person_id)
);
CREATE INDEX occupancy_parties_person ON occupancy_parties (person_id);

-- Links of the same role at the same unit over the same dates were one
-- joint lease or tenancy: they become one occupancy with several parties.
-- Public ids are made in the same 31-character alphabet the code uses.
INSERT INTO occupancies (id, public_id, unit_id, role, start_date, end_date, created_at)
SELECT min(l.id), 'new-' || min(l.id), l.unit_id, l.role, l.start_date, l.end_date, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM unit_people l
GROUP BY l.unit_id, l.role, l.start_date, coalesce(l.end_date, '');
UPDATE occupancies SET public_id = substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1)
    || substr('23456789abcdefghjkmnpqrstuvwxyz', 1 + abs(random()) % 31, 1);

INSERT INTO occupancy_parties (id, occupancy_id, person_id)
SELECT l.id, o.id, l.person_id
FROM unit_people l JOIN occupancies o ON o.unit_id = l.unit_id AND o.role = l.role
    AND o.start_date = l.start_date AND o.end_date IS l.end_date;

DROP TABLE unit_people;

CREATE VIEW unit_people AS
SELECT p.id, o.unit_id, p.person_id, o.role, o.start_date, o.end_date, o.id AS occupancy_id
FROM occupancy_parties p JOIN occupancies o ON o.id = p.occupancy_id;

-- The occupancy (account) a debtor posting or an invoice is charged to.
-- Integrity is kept by the triggers below rather than a REFERENCES clause,
-- so that the column can be dropped again.
ALTER TABLE postings ADD COLUMN occupancy_id INTEGER;
ALTER TABLE invoices ADD COLUMN occupancy_id INTEGER;

-- The paying occupancy of a unit on a date (see the header).
CREATE TEMP TABLE payer (unit_id INTEGER, day TEXT, occupancy_id INTEGER, PRIMARY KEY (unit_id, day));
INSERT INTO payer (unit_id, day, occupancy_id)
SELECT d.unit_id, d.date,
       (SELECT o.id FROM occupancies o JOIN units u ON u.id = o.unit_id JOIN sites s ON s.id = u.site_id
        WHERE o.unit_id = d.unit_id
          AND ((s.kind = 'block' AND o.role = 'leaseholder') OR (s.kind = 'lettings' AND o.role = 'tenant'))
        ORDER BY CASE WHEN o.start_date <= d.date AND (o.end_date IS NULL OR o.end_date >= d.date) THEN 0
                      WHEN o.start_date <= d.date THEN 1 ELSE 2 END,
                 CASE WHEN o.start_date <= d.date THEN o.start_date END DESC, o.start_date, o.id
        LIMIT 1)
FROM (SELECT DISTINCT p.unit_id, p.date FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
      WHERE a.purpose = 'debtors' AND p.unit_id IS NOT NULL) d;

UPDATE postings SET occupancy_id = (SELECT y.occupancy_id FROM payer y
    WHERE y.unit_id = postings.unit_id AND y.day = postings.date)
WHERE unit_id IS NOT NULL AND account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors');
DROP TABLE payer;

UPDATE invoices SET occupancy_id = (SELECT max(p.occupancy_id) FROM postings p
    JOIN ledger_accounts a ON a.id = p.account_id
    WHERE p.journal_id = invoices.journal_id AND a.purpose = 'debtors');

UPDATE postings SET occupancy_id = (SELECT min(i.occupancy_id) FROM allocations al
        JOIN invoices i ON i.id = al.invoice_id WHERE al.journal_id = postings.journal_id)
WHERE unit_id IS NOT NULL AND account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
  AND journal_id IN (SELECT al.journal_id FROM allocations al JOIN invoices i ON i.id = al.invoice_id
                     GROUP BY al.journal_id
                     HAVING count(DISTINCT coalesce(i.occupancy_id, 0)) = 1 AND min(i.occupancy_id) IS NOT NULL);

UPDATE postings SET occupancy_id = (SELECT o.occupancy_id FROM postings o JOIN journals j ON j.reverses_id = o.journal_id
        WHERE j.id = postings.journal_id AND o.account_id = postings.account_id AND o.unit_id = postings.unit_id
        ORDER BY o.id LIMIT 1)
WHERE unit_id IS NOT NULL AND account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
  AND journal_id IN (SELECT id FROM journals WHERE reverses_id IS NOT NULL);

CREATE INDEX postings_account_occupancy ON postings (account_id, occupancy_id, date, amount);
CREATE INDEX invoices_occupancy ON invoices (occupancy_id, issue_date);

-- +goose StatementBegin
CREATE TRIGGER postings_occupancy_of_unit BEFORE INSERT ON postings
WHEN NEW.occupancy_id IS NOT NULL
 AND NEW.unit_id IS NOT (SELECT o.unit_id FROM occupancies o WHERE o.id = NEW.occupancy_id)
BEGIN
    SELECT RAISE(ABORT, 'a posting''s occupancy is one of its unit''s');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER postings_occupancy_fixed BEFORE UPDATE OF occupancy_id ON postings
WHEN NEW.occupancy_id IS NOT OLD.occupancy_id
BEGIN
    SELECT RAISE(ABORT, 'a posting''s account cannot change; reverse it instead');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invoices_occupancy_of_unit BEFORE INSERT ON invoices
WHEN NEW.occupancy_id IS NOT NULL
 AND NEW.unit_id IS NOT (SELECT o.unit_id FROM occupancies o WHERE o.id = NEW.occupancy_id)
BEGIN
    SELECT RAISE(ABORT, 'an invoice''s occupancy is one of its unit''s');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_occupancy_of_unit;
DROP TRIGGER postings_occupancy_fixed;
DROP TRIGGER postings_occupancy_of_unit;
DROP INDEX invoices_occupancy;
DROP INDEX postings_account_occupancy;
ALTER TABLE invoices DROP COLUMN occupancy_id;
ALTER TABLE postings DROP COLUMN occupancy_id;

DROP VIEW unit_people;
CREATE TABLE unit_people (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('leaseholder', 'tenant', 'owner', 'occupier')),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
INSERT INTO unit_people (id, unit_id, person_id, role, start_date, end_date)
SELECT p.id, o.unit_id, p.person_id, o.role, o.start_date, o.end_date
FROM occupancy_parties p JOIN occupancies o ON o.id = p.occupancy_id;
CREATE INDEX unit_people_unit ON unit_people (unit_id);
CREATE INDEX unit_people_person ON unit_people (person_id);

DROP TABLE occupancy_parties;
DROP TABLE occupancies;
