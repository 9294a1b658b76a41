-- An organisation's file store: content-addressed blobs, each stored once
-- under the SHA-256 of its bytes. A photo's thumbnail is a blob of its own,
-- written first and named by the photo's thumb column. Rows are never
-- updated or deleted by uploads: a row elsewhere that names a hash can
-- always find its bytes.

-- +goose Up
CREATE TABLE blobs (
    hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size         INTEGER NOT NULL CHECK (size = length(data)),
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    thumb        TEXT REFERENCES blobs (hash),
    created_at   TEXT NOT NULL,
    data         BLOB NOT NULL
);

-- +goose Down
DROP TABLE blobs;
