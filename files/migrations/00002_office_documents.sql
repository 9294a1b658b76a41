-- Office documents (Word, Excel and PowerPoint files, OpenDocument text
-- and spreadsheets) are stored as they are, like PDFs. SQLite cannot
-- change a CHECK in place, so the table is built again with the wider list
-- and the blobs copied over in one statement (the thumbnails' references
-- to their photos are checked at its end).

-- +goose Up
CREATE TABLE blobs_new (
    hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        'application/vnd.oasis.opendocument.text',
        'application/vnd.oasis.opendocument.spreadsheet')),
    size         INTEGER NOT NULL CHECK (size = length(data)),
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    thumb        TEXT REFERENCES blobs_new (hash),
    created_at   TEXT NOT NULL,
    data         BLOB NOT NULL
);
INSERT INTO blobs_new (hash, content_type, size, width, height, thumb, created_at, data)
SELECT hash, content_type, size, width, height, thumb, created_at, data FROM blobs;
DROP TABLE blobs;
ALTER TABLE blobs_new RENAME TO blobs;

-- +goose Down
CREATE TABLE blobs_old (
    hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size         INTEGER NOT NULL CHECK (size = length(data)),
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    thumb        TEXT REFERENCES blobs_old (hash),
    created_at   TEXT NOT NULL,
    data         BLOB NOT NULL
);
INSERT INTO blobs_old (hash, content_type, size, width, height, thumb, created_at, data)
SELECT hash, content_type, size, width, height, thumb, created_at, data FROM blobs
WHERE content_type IN ('image/jpeg', 'image/png', 'application/pdf');
DROP TABLE blobs;
ALTER TABLE blobs_old RENAME TO blobs;
