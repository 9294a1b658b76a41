-- Emails a person has turned off: the optional emails Porch sends
-- residents and owners (a notice's copy, a document shared, a date on the
-- building calendar, news of their own request), one row per kind turned
-- off. No row means the email is wanted, so everyone keeps getting what
-- they got before and a new kind starts on for all. Mail the law or their
-- money needs (sign-in codes, demands, receipts, payment problems,
-- reminders of arrears, quotes a landlord must approve) has no kind here:
-- it cannot be turned off. See estate.MailKinds.

-- +goose Up
CREATE TABLE email_opt_outs (
    person_id  INTEGER NOT NULL REFERENCES people (id),
    kind       TEXT NOT NULL CHECK (kind IN ('notices', 'documents', 'calendar', 'requests')),
    since      TEXT NOT NULL,
    PRIMARY KEY (person_id, kind)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE email_opt_outs;
