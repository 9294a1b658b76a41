-- Files attached to outbox messages, such as the PDF of a payment receipt.
-- They belong to their outbox row and live exactly as long as it does: a
-- queued message keeps its attachments across restarts, a sent or failed
-- one keeps them as it keeps its subject and bodies (the record of what
-- was sent), and deleting the row deletes them.

-- +goose Up
CREATE TABLE mail_attachments (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    filename     TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 100),
    content_type TEXT NOT NULL CHECK (content_type <> ''),
    data         BLOB NOT NULL,
    UNIQUE (outbox_id, position)
);

-- +goose Down
DROP TABLE mail_attachments;
