-- The audit log viewer filters by who acted and by kind of action, newest
-- first; these keep both filters to an index range however long the log.

-- +goose Up
CREATE INDEX audit_log_person ON audit_log (person_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- +goose Down
DROP INDEX audit_log_action;
DROP INDEX audit_log_person;
