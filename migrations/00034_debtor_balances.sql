-- Each account on the debtors ledger keeps its balance, so that what a
-- resident owes is read from one row per lease or tenancy instead of adding
-- up every posting of the account's history: a home page in the eleventh
-- year of a lease cost as much as reading ten years of demands and
-- receipts.
--
-- An account is a unit's debtor postings of one occupancy (0: what was
-- charged while the unit had none), as ledger.Debtor reads them. Postings
-- are only ever added (a mistake is reversed by another journal); the
-- triggers below keep the balances in step with any insert, and with a
-- change or removal were one ever made.

-- +goose Up
CREATE TABLE debtor_balances (
    unit_id      INTEGER NOT NULL,
    occupancy_id INTEGER NOT NULL,
    balance      INTEGER NOT NULL,
    PRIMARY KEY (unit_id, occupancy_id)
) WITHOUT ROWID;

INSERT INTO debtor_balances (unit_id, occupancy_id, balance)
SELECT coalesce(p.unit_id, 0), coalesce(p.occupancy_id, 0), sum(p.amount) FROM postings p
WHERE p.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
GROUP BY coalesce(p.unit_id, 0), coalesce(p.occupancy_id, 0);

-- +goose StatementBegin
CREATE TRIGGER postings_add_debtor_balance AFTER INSERT ON postings
WHEN NEW.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
BEGIN
    INSERT INTO debtor_balances (unit_id, occupancy_id, balance)
    VALUES (coalesce(NEW.unit_id, 0), coalesce(NEW.occupancy_id, 0), NEW.amount)
    ON CONFLICT (unit_id, occupancy_id) DO UPDATE SET balance = balance + excluded.balance;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER postings_remove_debtor_balance AFTER DELETE ON postings
WHEN OLD.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
BEGIN
    UPDATE debtor_balances SET balance = balance - OLD.amount
    WHERE unit_id = coalesce(OLD.unit_id, 0) AND occupancy_id = coalesce(OLD.occupancy_id, 0);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER postings_change_debtor_balance AFTER UPDATE OF account_id, amount, unit_id, occupancy_id ON postings
BEGIN
    UPDATE debtor_balances SET balance = balance - OLD.amount
    WHERE unit_id = coalesce(OLD.unit_id, 0) AND occupancy_id = coalesce(OLD.occupancy_id, 0)
    AND OLD.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors');
    INSERT INTO debtor_balances (unit_id, occupancy_id, balance)
    SELECT coalesce(NEW.unit_id, 0), coalesce(NEW.occupancy_id, 0), NEW.amount
    WHERE NEW.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')
    ON CONFLICT (unit_id, occupancy_id) DO UPDATE SET balance = balance + excluded.balance;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER postings_change_debtor_balance;
DROP TRIGGER postings_remove_debtor_balance;
DROP TRIGGER postings_add_debtor_balance;
DROP TABLE debtor_balances;
