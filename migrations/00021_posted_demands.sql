-- A copy of a demand to post (no email address, or the email bounced) is
-- marked posted once the manager has put it in the post, with the day it
-- was posted: the record of when the demand was served by post.

-- +goose Up
ALTER TABLE invoice_deliveries ADD COLUMN posted_on TEXT;

-- +goose Down
ALTER TABLE invoice_deliveries DROP COLUMN posted_on;
