-- Each invoice keeps what has been allocated to it so far, so that "what is
-- still owed" and "what is overdue" are read from an index of the invoices
-- not yet paid instead of adding up every allocation of every invoice the
-- account ever had: a resident's home page with ten years of paid demands
-- behind it cost as much as reading all of them.
--
-- The figure cannot drift: allocations are only ever added (a reversal adds
-- a negative one), and the triggers below keep the sum in step with any
-- insert, and with a change or removal were one ever made.

-- +goose Up
ALTER TABLE invoices ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET paid = coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = invoices.id), 0);

CREATE INDEX invoices_unpaid ON invoices (unit_id, due_date) WHERE paid < total;

-- +goose StatementBegin
CREATE TRIGGER allocations_add_paid AFTER INSERT ON allocations
BEGIN
    UPDATE invoices SET paid = paid + NEW.amount WHERE id = NEW.invoice_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER allocations_change_paid AFTER UPDATE OF invoice_id, amount ON allocations
BEGIN
    UPDATE invoices SET paid = paid - OLD.amount WHERE id = OLD.invoice_id;
    UPDATE invoices SET paid = paid + NEW.amount WHERE id = NEW.invoice_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER allocations_remove_paid AFTER DELETE ON allocations
BEGIN
    UPDATE invoices SET paid = paid - OLD.amount WHERE id = OLD.invoice_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER allocations_remove_paid;
DROP TRIGGER allocations_change_paid;
DROP TRIGGER allocations_add_paid;
DROP INDEX invoices_unpaid;
ALTER TABLE invoices DROP COLUMN paid;
