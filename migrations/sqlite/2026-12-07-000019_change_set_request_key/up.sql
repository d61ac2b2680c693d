-- The one-time key of the form that recorded a change set (a bulk edit's preview): the same
-- form posted twice (a double click, a retry) finds the change set it made, and applies
-- nothing a second time.
ALTER TABLE change_sets ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX change_sets_by_request_key ON change_sets (request_key);
