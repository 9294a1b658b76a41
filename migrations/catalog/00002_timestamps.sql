-- The catalog's stored instants in sqldb.Layout, like every organisation's
-- database (see 00008_timestamps.sql there): orgs and hostnames were written
-- in whole seconds, mail_due in milliseconds. Text order is time order once
-- every value has the same width, which the mail sender's
-- "due_at <= ? ORDER BY due_at" and min(due_at, ...) rely on.

-- +goose Up
CREATE TEMP TABLE stamp_fix (old TEXT PRIMARY KEY, new TEXT NOT NULL);

INSERT INTO stamp_fix (old, new)
SELECT v, substr(v, 1, 19) || '.' || substr(substr(v, 21, max(length(v) - 21, 0)) || '000000000', 1, 9) || 'Z'
FROM (
    SELECT created_at AS v FROM orgs
    UNION SELECT created_at FROM hostnames
    UNION SELECT due_at FROM mail_due
)
WHERE length(v) < 30 AND (
    v GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'
    OR (v GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9]*Z'
        AND substr(v, 21, length(v) - 21) NOT GLOB '*[^0-9]*'));

UPDATE orgs SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE hostnames SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE mail_due SET due_at = (SELECT new FROM stamp_fix WHERE old = due_at) WHERE due_at IN (SELECT old FROM stamp_fix);

DROP TABLE stamp_fix;

-- +goose Down
UPDATE orgs SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE hostnames SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE mail_due SET due_at = substr(due_at, 1, 23) || 'Z' WHERE length(due_at) = 30;
