-- Each posting carries its journal's date, so that a unit's statement for
-- a period, and its opening balance, are read from one index in date order
-- instead of from every posting the unit ever had: a twelve-month
-- statement cost as much as the years of history before it.
--
-- The copy cannot drift: a journal's date never changes (the trigger
-- refuses it; a mistake is reversed, not edited), and a posting whose date
-- is not its journal's is refused as it is written.

-- +goose Up
ALTER TABLE postings ADD COLUMN date TEXT NOT NULL DEFAULT '';
UPDATE postings SET date = (SELECT j.date FROM journals j WHERE j.id = postings.journal_id);

DROP INDEX postings_account_unit;
CREATE INDEX postings_account_unit ON postings (account_id, unit_id, date, amount);

-- +goose StatementBegin
CREATE TRIGGER postings_date_is_journal_date BEFORE INSERT ON postings
WHEN NEW.date IS NOT (SELECT j.date FROM journals j WHERE j.id = NEW.journal_id)
BEGIN
    SELECT RAISE(ABORT, 'a posting is dated as its journal');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER journals_date_fixed BEFORE UPDATE OF date ON journals
WHEN NEW.date IS NOT OLD.date
BEGIN
    SELECT RAISE(ABORT, 'a journal''s date cannot change; reverse it instead');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER journals_date_fixed;
DROP TRIGGER postings_date_is_journal_date;
DROP INDEX postings_account_unit;
CREATE INDEX postings_account_unit ON postings (account_id, unit_id);
ALTER TABLE postings DROP COLUMN date;
