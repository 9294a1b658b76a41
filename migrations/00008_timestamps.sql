-- Every stored instant in one layout, sqldb.Layout: UTC with nine fraction
-- digits, "2006-01-02T15:04:05.000000000Z". Every value has the same width,
-- so text order is time order and ORDER BY created_at, expires_at > ? and
-- min(at) compare instants. Earlier releases wrote RFC 3339 in whole
-- seconds (settings, sites, units, people, staff, audit log), with
-- milliseconds (sign-in, ledger, mail outbox) and with nine digits or with
-- trailing zeros trimmed (payments); mixed widths sort "...:05Z" after
-- "...:05.100Z".
--
-- Each distinct value is rewritten once from its own text, through
-- stamp_fix: the fraction digits it has are kept and padded to nine, never
-- passed through strftime, whose %f keeps only milliseconds. Values in no
-- such form (NULL, an empty status_at, anything written by hand) are left
-- as they are. Calendar dates (YYYY-MM-DD) are not instants and are not
-- touched.

-- +goose Up
CREATE TEMP TABLE stamp_fix (old TEXT PRIMARY KEY, new TEXT NOT NULL);

INSERT INTO stamp_fix (old, new)
SELECT v, substr(v, 1, 19) || '.' || substr(substr(v, 21, max(length(v) - 21, 0)) || '000000000', 1, 9) || 'Z'
FROM (
    SELECT updated_at AS v FROM settings
    UNION SELECT created_at FROM sites
    UNION SELECT created_at FROM units
    UNION SELECT created_at FROM people
    UNION SELECT password_set_at FROM people
    UNION SELECT created_at FROM staff
    UNION SELECT at FROM audit_log
    UNION SELECT next_attempt_at FROM mail_outbox
    UNION SELECT created_at FROM mail_outbox
    UNION SELECT sent_at FROM mail_outbox
    UNION SELECT created_at FROM auth_codes
    UNION SELECT expires_at FROM auth_codes
    UNION SELECT used_at FROM auth_codes
    UNION SELECT created_at FROM devices
    UNION SELECT last_seen_at FROM devices
    UNION SELECT revoked_at FROM devices
    UNION SELECT created_at FROM sessions
    UNION SELECT last_seen_at FROM sessions
    UNION SELECT expires_at FROM sessions
    UNION SELECT ended_at FROM sessions
    UNION SELECT created_at FROM invitations
    UNION SELECT expires_at FROM invitations
    UNION SELECT accepted_at FROM invitations
    UNION SELECT revoked_at FROM invitations
    UNION SELECT at FROM auth_throttle
    UNION SELECT created_at FROM ledger_accounts
    UNION SELECT created_at FROM charge_types
    UNION SELECT created_at FROM journals
    UNION SELECT created_at FROM invoices
    UNION SELECT created_at FROM allocations
    UNION SELECT created_at FROM schedules
    UNION SELECT run_at FROM schedule_runs
    UNION SELECT cancelled_at FROM scheduled_deductions
    UNION SELECT created_at FROM scheduled_deductions
    UNION SELECT updated_at FROM payment_settings
    UNION SELECT status_at FROM payments
    UNION SELECT created_at FROM payments
    UNION SELECT updated_at FROM payments
    UNION SELECT status_at FROM mandates
    UNION SELECT created_at FROM mandates
    UNION SELECT updated_at FROM mandates
    UNION SELECT created FROM provider_events
    UNION SELECT received_at FROM provider_events
    UNION SELECT reviewed_at FROM provider_events
    UNION SELECT created_at FROM provider_payouts
    UNION SELECT imported_at FROM bank_imports
    UNION SELECT matched_at FROM bank_lines
    UNION SELECT at FROM bank_reconciliations
)
WHERE length(v) < 30 AND (
    v GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'
    OR (v GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9]*Z'
        AND substr(v, 21, length(v) - 21) NOT GLOB '*[^0-9]*'));

UPDATE settings SET updated_at = (SELECT new FROM stamp_fix WHERE old = updated_at) WHERE updated_at IN (SELECT old FROM stamp_fix);
UPDATE sites SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE units SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE people SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE people SET password_set_at = (SELECT new FROM stamp_fix WHERE old = password_set_at) WHERE password_set_at IN (SELECT old FROM stamp_fix);
UPDATE staff SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE audit_log SET at = (SELECT new FROM stamp_fix WHERE old = at) WHERE at IN (SELECT old FROM stamp_fix);
UPDATE mail_outbox SET next_attempt_at = (SELECT new FROM stamp_fix WHERE old = next_attempt_at) WHERE next_attempt_at IN (SELECT old FROM stamp_fix);
UPDATE mail_outbox SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE mail_outbox SET sent_at = (SELECT new FROM stamp_fix WHERE old = sent_at) WHERE sent_at IN (SELECT old FROM stamp_fix);
UPDATE auth_codes SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE auth_codes SET expires_at = (SELECT new FROM stamp_fix WHERE old = expires_at) WHERE expires_at IN (SELECT old FROM stamp_fix);
UPDATE auth_codes SET used_at = (SELECT new FROM stamp_fix WHERE old = used_at) WHERE used_at IN (SELECT old FROM stamp_fix);
UPDATE devices SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE devices SET last_seen_at = (SELECT new FROM stamp_fix WHERE old = last_seen_at) WHERE last_seen_at IN (SELECT old FROM stamp_fix);
UPDATE devices SET revoked_at = (SELECT new FROM stamp_fix WHERE old = revoked_at) WHERE revoked_at IN (SELECT old FROM stamp_fix);
UPDATE sessions SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE sessions SET last_seen_at = (SELECT new FROM stamp_fix WHERE old = last_seen_at) WHERE last_seen_at IN (SELECT old FROM stamp_fix);
UPDATE sessions SET expires_at = (SELECT new FROM stamp_fix WHERE old = expires_at) WHERE expires_at IN (SELECT old FROM stamp_fix);
UPDATE sessions SET ended_at = (SELECT new FROM stamp_fix WHERE old = ended_at) WHERE ended_at IN (SELECT old FROM stamp_fix);
UPDATE invitations SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE invitations SET expires_at = (SELECT new FROM stamp_fix WHERE old = expires_at) WHERE expires_at IN (SELECT old FROM stamp_fix);
UPDATE invitations SET accepted_at = (SELECT new FROM stamp_fix WHERE old = accepted_at) WHERE accepted_at IN (SELECT old FROM stamp_fix);
UPDATE invitations SET revoked_at = (SELECT new FROM stamp_fix WHERE old = revoked_at) WHERE revoked_at IN (SELECT old FROM stamp_fix);
UPDATE auth_throttle SET at = (SELECT new FROM stamp_fix WHERE old = at) WHERE at IN (SELECT old FROM stamp_fix);
UPDATE ledger_accounts SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE charge_types SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE journals SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE invoices SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE allocations SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE schedules SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE schedule_runs SET run_at = (SELECT new FROM stamp_fix WHERE old = run_at) WHERE run_at IN (SELECT old FROM stamp_fix);
UPDATE scheduled_deductions SET cancelled_at = (SELECT new FROM stamp_fix WHERE old = cancelled_at) WHERE cancelled_at IN (SELECT old FROM stamp_fix);
UPDATE scheduled_deductions SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE payment_settings SET updated_at = (SELECT new FROM stamp_fix WHERE old = updated_at) WHERE updated_at IN (SELECT old FROM stamp_fix);
UPDATE payments SET status_at = (SELECT new FROM stamp_fix WHERE old = status_at) WHERE status_at IN (SELECT old FROM stamp_fix);
UPDATE payments SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE payments SET updated_at = (SELECT new FROM stamp_fix WHERE old = updated_at) WHERE updated_at IN (SELECT old FROM stamp_fix);
UPDATE mandates SET status_at = (SELECT new FROM stamp_fix WHERE old = status_at) WHERE status_at IN (SELECT old FROM stamp_fix);
UPDATE mandates SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE mandates SET updated_at = (SELECT new FROM stamp_fix WHERE old = updated_at) WHERE updated_at IN (SELECT old FROM stamp_fix);
UPDATE provider_events SET created = (SELECT new FROM stamp_fix WHERE old = created) WHERE created IN (SELECT old FROM stamp_fix);
UPDATE provider_events SET received_at = (SELECT new FROM stamp_fix WHERE old = received_at) WHERE received_at IN (SELECT old FROM stamp_fix);
UPDATE provider_events SET reviewed_at = (SELECT new FROM stamp_fix WHERE old = reviewed_at) WHERE reviewed_at IN (SELECT old FROM stamp_fix);
UPDATE provider_payouts SET created_at = (SELECT new FROM stamp_fix WHERE old = created_at) WHERE created_at IN (SELECT old FROM stamp_fix);
UPDATE bank_imports SET imported_at = (SELECT new FROM stamp_fix WHERE old = imported_at) WHERE imported_at IN (SELECT old FROM stamp_fix);
UPDATE bank_lines SET matched_at = (SELECT new FROM stamp_fix WHERE old = matched_at) WHERE matched_at IN (SELECT old FROM stamp_fix);
UPDATE bank_reconciliations SET at = (SELECT new FROM stamp_fix WHERE old = at) WHERE at IN (SELECT old FROM stamp_fix);

DROP TABLE stamp_fix;

-- +goose Down
-- Back to what each column's writer used before: whole seconds or
-- milliseconds (payments already wrote nine digits). Extra digits are cut.
UPDATE settings SET updated_at = substr(updated_at, 1, 19) || 'Z' WHERE length(updated_at) = 30;
UPDATE sites SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE units SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE people SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE people SET password_set_at = substr(password_set_at, 1, 23) || 'Z' WHERE length(password_set_at) = 30;
UPDATE staff SET created_at = substr(created_at, 1, 19) || 'Z' WHERE length(created_at) = 30;
UPDATE audit_log SET at = substr(at, 1, 19) || 'Z' WHERE length(at) = 30;
UPDATE mail_outbox SET next_attempt_at = substr(next_attempt_at, 1, 23) || 'Z' WHERE length(next_attempt_at) = 30;
UPDATE mail_outbox SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE mail_outbox SET sent_at = substr(sent_at, 1, 23) || 'Z' WHERE length(sent_at) = 30;
UPDATE auth_codes SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE auth_codes SET expires_at = substr(expires_at, 1, 23) || 'Z' WHERE length(expires_at) = 30;
UPDATE auth_codes SET used_at = substr(used_at, 1, 23) || 'Z' WHERE length(used_at) = 30;
UPDATE devices SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE devices SET last_seen_at = substr(last_seen_at, 1, 23) || 'Z' WHERE length(last_seen_at) = 30;
UPDATE devices SET revoked_at = substr(revoked_at, 1, 23) || 'Z' WHERE length(revoked_at) = 30;
UPDATE sessions SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE sessions SET last_seen_at = substr(last_seen_at, 1, 23) || 'Z' WHERE length(last_seen_at) = 30;
UPDATE sessions SET expires_at = substr(expires_at, 1, 23) || 'Z' WHERE length(expires_at) = 30;
UPDATE sessions SET ended_at = substr(ended_at, 1, 23) || 'Z' WHERE length(ended_at) = 30;
UPDATE invitations SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE invitations SET expires_at = substr(expires_at, 1, 23) || 'Z' WHERE length(expires_at) = 30;
UPDATE invitations SET accepted_at = substr(accepted_at, 1, 23) || 'Z' WHERE length(accepted_at) = 30;
UPDATE invitations SET revoked_at = substr(revoked_at, 1, 23) || 'Z' WHERE length(revoked_at) = 30;
UPDATE auth_throttle SET at = substr(at, 1, 23) || 'Z' WHERE length(at) = 30;
UPDATE ledger_accounts SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE charge_types SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE journals SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE invoices SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE allocations SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE schedules SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
UPDATE schedule_runs SET run_at = substr(run_at, 1, 23) || 'Z' WHERE length(run_at) = 30;
UPDATE scheduled_deductions SET cancelled_at = substr(cancelled_at, 1, 23) || 'Z' WHERE length(cancelled_at) = 30;
UPDATE scheduled_deductions SET created_at = substr(created_at, 1, 23) || 'Z' WHERE length(created_at) = 30;
