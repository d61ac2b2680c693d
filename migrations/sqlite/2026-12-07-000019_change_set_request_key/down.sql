DROP INDEX change_sets_by_request_key;
ALTER TABLE change_sets DROP COLUMN request_key;
