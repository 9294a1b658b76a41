-- invoices.apportionment_id: the apportionment schedule a demand was split
-- by, for demands raised on a site by its units' shares (a bulk demand, a
-- recurring demand for a site, a budget's on-account instalment); NULL
-- for a demand on one unit. A budget's year end counts what each schedule
-- demanded on account from it. Recurring demands raised before this are
-- given their schedule's (or the site's default schedule) when known. No
-- foreign key, so that the column can be dropped again (see 00015).

-- +goose Up
ALTER TABLE invoices ADD COLUMN apportionment_id INTEGER;
UPDATE invoices SET apportionment_id = (
    SELECT coalesce(s.apportionment_id, (SELECT a.id FROM apportionments a WHERE a.site_id = s.site_id AND a.is_default = 1))
    FROM schedules s WHERE s.id = invoices.schedule_id AND s.site_id IS NOT NULL)
WHERE schedule_id IS NOT NULL;
CREATE INDEX invoices_apportionment ON invoices (apportionment_id, issue_date) WHERE apportionment_id IS NOT NULL;

-- +goose Down
DROP INDEX invoices_apportionment;
ALTER TABLE invoices DROP COLUMN apportionment_id;
